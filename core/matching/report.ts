/**
 * Metrics of an assignment, the same for every method so they can be compared.
 *
 * Preference order: the household's ranking where it gave one (ranked municipalities
 * first, in its order), the remaining eligible municipalities by its welfare; only
 * eligible municipalities count (a municipality the household cannot go to is not a
 * choice). Shares are over ALL households, placed or not; the average rank is over
 * the placed ones.
 */

import { explainPlaced, explainUnplaced } from "./explain";
import {
  type Capacity,
  DIMENSIONS,
  type MatchingMetrics,
  type MatchingResult,
  type Method,
  type SolverReport,
} from "./model";
import { DIMENSION_COUNT as D, type MatchingContext, preferenceRank } from "./welfare";

function capacityOf(values: Int32Array, j: number): Capacity {
  const entries = DIMENSIONS.map((d, k) => [d, values[j * D + k] as number]);
  return Object.fromEntries(entries) as Capacity;
}

export function metrics(ctx: MatchingContext, assignment: Int32Array): MatchingMetrics {
  const used = new Int32Array(ctx.M * D);
  let placed = 0;
  let people = 0;
  let peopleTotal = 0;
  let first = 0;
  let topThree = 0;
  let rankSum = 0;
  let welfare = 0;
  assignment.forEach((j, i) => {
    peopleTotal += ctx.demand[i * D] as number;
    if (j < 0) return;
    placed++;
    people += ctx.demand[i * D] as number;
    for (let k = 0; k < D; k++)
      used[j * D + k] = (used[j * D + k] as number) + (ctx.demand[i * D + k] as number);
    const rank = preferenceRank(ctx, i, j);
    if (rank === 1) first++;
    if (rank <= 3) topThree++;
    rankSum += rank;
    welfare += ctx.welfare[i * ctx.M + j] as number;
  });
  const share = (n: number) => (ctx.H === 0 ? 0 : n / ctx.H);
  return {
    households: { total: ctx.H, placed },
    people: { total: peopleTotal, placed: people },
    firstChoiceShare: share(first),
    topThreeShare: share(topThree),
    averageRank: placed === 0 ? null : rankSum / placed,
    totalWelfare: welfare,
    municipalities: ctx.municipalities.map((m, j) => ({
      municipalityId: m.id,
      used: capacityOf(used, j),
      capacity: capacityOf(ctx.capacity, j),
    })),
  };
}

/** The full result of one method: assignments, explanations, metrics. */
export function buildResult(
  ctx: MatchingContext,
  method: Method,
  assignment: Int32Array,
  solver?: SolverReport,
): MatchingResult {
  const assignments: MatchingResult["assignments"] = [];
  const unplaced: string[] = [];
  assignment.forEach((j, i) => {
    const householdId = ctx.households[i]?.id as string;
    if (j < 0) unplaced.push(householdId);
    else assignments.push({ householdId, municipalityId: ctx.municipalities[j]?.id as string });
  });
  return {
    method,
    assignments,
    unplaced,
    explanations: {
      placed: explainPlaced(ctx, assignment),
      unplaced: explainUnplaced(ctx, assignment),
    },
    metrics: metrics(ctx, assignment),
    ...(solver ? { solver } : {}),
  };
}
