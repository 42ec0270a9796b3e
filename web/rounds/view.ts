import { z } from "zod";
import { householdRef } from "../../core/reference";
import type { Db } from "../../shared/db";
import type { Translate } from "../../shared/i18n";
import { capacityChart, rankChart } from "../../shared/messages/charts";
import { loadRound, municipalityNames } from "./load";

/**
 * A round as the console shows it: status and progress while it computes; then the whole
 * report — placed people and households, choices, welfare beside both baselines, the gap and
 * why the search stopped, capacity use per municipality, the two charts, every override — and,
 * paged, every household's place with its explanation, or its reasons when unplaced.
 */
export async function roundSummary(db: Db, t: Translate, roundId: string) {
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

/** Every household of the round with its place and explanation, or its reasons; paged and filtered. */
export async function roundPlaces(db: Db, roundId: string, query: PlacesQuery) {
  const loaded = await loadRound(db, roundId);
  if (!loaded?.result) return null;
  const { result } = loaded;
  const names = await municipalityNames(db);
  const ref = query.q?.replace(/^#/, "").toUpperCase();
  const rows = [
    ...(query.placed === "unplaced"
      ? []
      : result.assignments.map((a) => ({
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
        }))),
    ...(query.placed === "placed"
      ? []
      : result.unplaced.map((u) => ({
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
        }))),
  ].filter(
    (r) =>
      (!query.municipality || r.municipalityId === query.municipality) &&
      (!query.reason || r.reasons.includes(query.reason)) &&
      (!ref || r.ref.includes(ref)),
  );
  rows.sort(
    (a, b) => (a.municipality ?? "~").localeCompare(b.municipality ?? "~") || a.ref.localeCompare(b.ref),
  );
  const start = (query.page - 1) * query.pageSize;
  return {
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.slice(start, start + query.pageSize),
  };
}
