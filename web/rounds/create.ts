import type { Queue } from "bullmq";
import { audit } from "../../shared/audit";
import { remainingOf } from "../../shared/capacity";
import type { Db } from "../../shared/db";
import type { EventJob } from "../../shared/queues";
import { enqueueCompute, openRound } from "../../shared/rounds/decide";
import { type HouseholdFilter, whereOf } from "../households/list";

/**
 * A round from the console: the households a caseworker chose (a filter of the household table,
 * or picked ones) that still wait and are not on hold, and the municipalities chosen (default:
 * every one with free places). Queued for the worker at once; one open round at a time.
 */
export interface RoundSelection {
  filter?: HouseholdFilter;
  intakeIds?: string[];
  municipalityIds?: string[];
  relatives: "bonus" | "require";
}

export type Created =
  | { ok: true; roundId: string; households: number; municipalities: number }
  | { ok: false; error: "round_open" | "nothing_to_match"; number?: number };

export async function createRound(
  db: Db,
  events: Queue<EventJob>,
  staffId: string,
  selection: RoundSelection,
): Promise<Created> {
  const open = await openRound(db);
  if (open) return { ok: false, error: "round_open", number: open.number };
  const intakes = await db.intake.findMany({
    where: {
      AND: [
        whereOf(selection.filter ?? {}),
        { status: "registered", onHold: false },
        ...(selection.intakeIds ? [{ id: { in: selection.intakeIds } }] : []),
      ],
    },
    select: { id: true },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
  });
  const all = await db.municipality.findMany({ orderBy: { id: "asc" } });
  const municipalities = all.filter(
    (m) =>
      remainingOf(m).persons > 0 && (!selection.municipalityIds || selection.municipalityIds.includes(m.id)),
  );
  if (intakes.length === 0 || municipalities.length === 0) return { ok: false, error: "nothing_to_match" };
  const round = await db.round.create({
    data: {
      status: "queued",
      intakeIds: intakes.map((i) => i.id),
      municipalityIds: municipalities.map((m) => m.id),
      settings: { relatives: selection.relatives },
      createdBy: staffId,
    },
  });
  await audit(db, staffId, "round.start", round.id, {
    households: intakes.length,
    relatives: selection.relatives,
  });
  await enqueueCompute(events, round.id);
  return { ok: true, roundId: round.id, households: intakes.length, municipalities: municipalities.length };
}
