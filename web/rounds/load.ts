import type { Db } from "../../shared/db";
import type { Round } from "../../shared/generated/prisma/client";
import { type StoredResult, storedResultSchema } from "../../shared/rounds/result";

/**
 * A round with its stored result read once: a national round's result is megabytes of JSON, so
 * the parsed result is kept for the few rounds staff look at, until the round changes.
 */
const cache = new Map<string, { updatedAt: number; result: StoredResult | null }>();
const KEEP = 4;

export async function loadRound(
  db: Db,
  roundId: string,
): Promise<{ round: Round; result: StoredResult | null } | null> {
  // the row without its result first: the megabytes are read only when the cache has no copy
  const found = await db.round.findUnique({ where: { id: roundId }, omit: { result: true } });
  if (!found || found.status === "draft") return null;
  const hit = cache.get(roundId);
  if (hit && hit.updatedAt === found.updatedAt.getTime()) {
    return { round: { ...found, result: null }, result: hit.result };
  }
  const stored = await db.round.findUnique({ where: { id: roundId }, select: { result: true } });
  const round = { ...found, result: stored?.result ?? null };
  const result = round.result ? storedResultSchema.parse(round.result) : null;
  cache.delete(roundId);
  cache.set(roundId, { updatedAt: round.updatedAt.getTime(), result });
  while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
  return { round, result };
}

export async function municipalityNames(db: Db): Promise<Map<string, string>> {
  return new Map(
    (await db.municipality.findMany({ select: { id: true, name: true } })).map((m) => [m.id, m.name]),
  );
}
