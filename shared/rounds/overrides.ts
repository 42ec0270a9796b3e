import { type Capacity, DIMENSIONS, type FactorContribution } from "../../core/matching/model";
import type { Override, StoredResult } from "./result";

/**
 * A caseworker moves one household of a computed round to another municipality, or takes it out
 * of the round, before approving. Pure: the stored result in, the changed result out, with the
 * report's figures (households and people placed, first choice, top three, average rank,
 * welfare, capacity use) recomputed and the override recorded; or the reason it cannot be.
 */
export interface Target {
  municipalityId: string;
  welfare: number;
  rank: number;
  factors: FactorContribution[];
  persons: number;
  demand: Capacity;
}

export type OverrideResult =
  | { ok: true; result: StoredResult; override: Override }
  | { ok: false; reason: string };

const add = (a: Record<string, number>, b: Capacity, sign: 1 | -1) => {
  for (const d of DIMENSIONS) a[d] = (a[d] ?? 0) + sign * b[d];
};

function recompute(result: StoredResult): StoredResult["report"] {
  const placed = result.assignments;
  const total = result.report.households.total;
  const share = (n: number) => (total === 0 ? 0 : n / total);
  const used = new Map(
    result.report.capacity.map((c) => [c.municipalityId, Object.fromEntries(DIMENSIONS.map((d) => [d, 0]))]),
  );
  for (const a of placed) if (a.demand) add(used.get(a.municipalityId) ?? {}, a.demand, 1);
  return {
    ...result.report,
    households: { total, placed: placed.length },
    people: { ...result.report.people, placed: placed.reduce((n, a) => n + (a.persons ?? 0), 0) },
    firstChoiceShare: share(placed.filter((a) => a.rank === 1).length),
    topThreeShare: share(placed.filter((a) => a.rank > 0 && a.rank <= 3).length),
    averageRank: placed.length === 0 ? null : placed.reduce((n, a) => n + a.rank, 0) / placed.length,
    welfare: placed.reduce((n, a) => n + a.welfare, 0),
    // Envy would need every household's answers again: after a change it is not known.
    justifiedEnvy: null,
    capacity: result.report.capacity.map((c) => ({ ...c, used: used.get(c.municipalityId) ?? c.used })),
  };
}

/** What is placed in a municipality under this result, per dimension, leaving one household out. */
export function usedBy(result: StoredResult, municipalityId: string, except: string): Capacity {
  const used = Object.fromEntries(DIMENSIONS.map((d) => [d, 0])) as Capacity;
  for (const a of result.assignments) {
    if (a.municipalityId === municipalityId && a.intakeId !== except && a.demand) add(used, a.demand, 1);
  }
  return used;
}

export function applyOverride(
  result: StoredResult,
  intakeId: string,
  target: Target | null,
  free: Capacity | null,
  staffId: string,
): OverrideResult {
  const current = result.assignments.find((a) => a.intakeId === intakeId);
  const unplaced = result.unplaced.find((u) => u.intakeId === intakeId);
  if (!current && !unplaced) return { ok: false, reason: "not_in_round" };
  if (current && !current.demand) return { ok: false, reason: "round_too_old" };
  if (target && current?.municipalityId === target.municipalityId)
    return { ok: false, reason: "already_there" };
  if (target && free) {
    const used = usedBy(result, target.municipalityId, intakeId);
    const over = DIMENSIONS.find((d) => used[d] + target.demand[d] > free[d]);
    if (over) return { ok: false, reason: `no_capacity_${over}` };
  }
  const assignments = result.assignments.filter((a) => a.intakeId !== intakeId);
  const rest = result.unplaced.filter((u) => u.intakeId !== intakeId);
  const persons = current?.persons ?? unplaced?.persons ?? 0;
  if (target) {
    assignments.push({
      intakeId,
      municipalityId: target.municipalityId,
      welfare: target.welfare,
      rank: target.rank,
      factors: target.factors,
      persons: target.persons,
      demand: target.demand,
    });
  } else {
    rest.push({ intakeId, persons, reasons: [], removed: true });
  }
  const override: Override = {
    intakeId,
    from: current?.municipalityId ?? null,
    to: target?.municipalityId ?? null,
    staffId,
    at: new Date().toISOString(),
    welfareChange: (target?.welfare ?? 0) - (current?.welfare ?? 0),
  };
  const next = { ...result, assignments, unplaced: rest, overrides: [...result.overrides, override] };
  return { ok: true, result: { ...next, report: recompute(next) }, override };
}
