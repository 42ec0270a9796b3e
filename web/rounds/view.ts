import { z } from "zod";
import { householdRef } from "../../core/reference";
import type { PlacesPage, RoundPlace, RoundSummary } from "../../shared/console-api/rounds";
import type { Db } from "../../shared/db";
import type { Translate } from "../../shared/i18n";
import { capacityChart, rankChart } from "../../shared/messages/charts";
import { optimalFigures, type StoredResult } from "../../shared/rounds/result";
import { loadRound, municipalityNames } from "./load";

/**
 * A round as the console shows it: status and progress while it computes; then the whole
 * report — placed people and households, choices, welfare beside both baselines, the gap and
 * why the search stopped, capacity use per municipality, the two charts, every override — and,
 * paged, every household's place with its explanation, or its reasons when unplaced.
 */
export async function roundSummary(db: Db, t: Translate, roundId: string): Promise<RoundSummary | null> {
  const loaded = await loadRound(db, roundId);
  if (!loaded) return null;
  const { round, result } = loaded;
  const names = await municipalityNames(db);
  const base = {
    id: round.id,
    number: round.number,
    status: round.status,
    progress: round.progress,
    error: round.error,
    settings: round.settings,
    households: round.intakeIds.length,
    municipalities: round.municipalityIds.length,
    createdAt: round.createdAt.toISOString(),
    approvedAt: round.approvedAt?.toISOString() ?? null,
  };
  if (!result) return { ...base, report: null };
  const r = result.report;
  return {
    ...base,
    report: {
      households: r.households,
      people: r.people,
      firstChoiceShare: r.firstChoiceShare,
      topThreeShare: r.topThreeShare,
      averageRank: r.averageRank,
      welfare: r.welfare,
      gap: r.gap,
      seconds: r.seconds,
      cutShort: r.cutShort,
      justifiedEnvy: r.justifiedEnvy,
      bound: r.bound,
      optimal: optimalFigures(r),
      baselines: r.baselines,
      unplaced: result.unplaced.length,
      capacity: r.capacity
        .map((c) => ({
          municipalityId: c.municipalityId,
          name: names.get(c.municipalityId) ?? c.municipalityId,
          used: c.used,
          capacity: c.capacity,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      overrides: result.overrides.map((o) => ({
        ...o,
        ref: householdRef(o.intakeId),
        fromName: o.from ? (names.get(o.from) ?? o.from) : null,
        toName: o.to ? (names.get(o.to) ?? o.to) : null,
      })),
      reasons: [...new Set(result.unplaced.flatMap((u) => u.reasons))].sort(),
      charts: { capacity: capacityChart(t, result, names), rank: rankChart(t, result) },
    },
  };
}

export const placesQuerySchema = z.object({
  placed: z.enum(["placed", "unplaced", "all"]).default("all"),
  municipality: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
  reason: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/)
    .optional(),
  q: z.string().trim().max(20).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type PlacesQuery = z.infer<typeof placesQuerySchema>;

/**
 * Every household of a stored result, placed ones by municipality name then reference, unplaced
 * ones last: built and sorted once per result (a national round has 10,000 rows) and kept while
 * the result is cached and the municipalities' names are the same.
 */
const placesMemo = new WeakMap<StoredResult, { names: string; rows: RoundPlace[] }>();
const collator = new Intl.Collator("de");

function allPlaces(result: StoredResult, names: Map<string, string>): RoundPlace[] {
  const signature = [...names].join("|");
  const memo = placesMemo.get(result);
  if (memo && memo.names === signature) return memo.rows;
  const rows: RoundPlace[] = [
    ...result.assignments.map((a) => ({
      intakeId: a.intakeId,
      ref: householdRef(a.intakeId),
      persons: a.persons ?? null,
      municipalityId: a.municipalityId as string | null,
      municipality: names.get(a.municipalityId) ?? a.municipalityId,
      rank: a.rank,
      welfare: a.welfare,
      factors: a.factors.slice(0, 4).map((f) => f.factor),
      reasons: [] as string[],
      removed: false,
    })),
    ...result.unplaced.map((u) => ({
      intakeId: u.intakeId,
      ref: householdRef(u.intakeId),
      persons: u.persons,
      municipalityId: null,
      municipality: null,
      rank: null,
      welfare: null,
      factors: [],
      reasons: u.reasons as string[],
      removed: u.removed,
    })),
  ];
  rows.sort((a, b) => {
    if (a.municipality === null || b.municipality === null) {
      if (a.municipality !== b.municipality) return a.municipality === null ? 1 : -1;
    } else {
      const byName = collator.compare(a.municipality, b.municipality);
      if (byName !== 0) return byName;
    }
    return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
  });
  placesMemo.set(result, { names: signature, rows });
  return rows;
}

/** Every household of the round with its place and explanation, or its reasons; paged and filtered. */
export async function roundPlaces(db: Db, roundId: string, query: PlacesQuery): Promise<PlacesPage | null> {
  const loaded = await loadRound(db, roundId);
  if (!loaded?.result) return null;
  const names = await municipalityNames(db);
  const ref = query.q?.replace(/^#/, "").toUpperCase();
  const rows = allPlaces(loaded.result, names).filter(
    (r) =>
      (query.placed === "all" || (query.placed === "placed") === (r.municipalityId !== null)) &&
      (!query.municipality || r.municipalityId === query.municipality) &&
      (!query.reason || r.reasons.includes(query.reason)) &&
      (!ref || r.ref.includes(ref)),
  );
  const start = (query.page - 1) * query.pageSize;
  return {
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.slice(start, start + query.pageSize),
  };
}
