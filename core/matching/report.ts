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
import {
  DIMENSION_COUNT as D,
  type MatchingContext,
  placedLists,
  preferenceKey,
  preferenceRank,
  priorityKey,
  registrationPositions,
  remainingCapacity,
} from "./welfare";

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
  let fit = 0;
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
    fit += ctx.fit[i * ctx.M + j] as number;
  });
  const share = (n: number) => (ctx.H === 0 ? 0 : n / ctx.H);
  return {
    households: { total: ctx.H, placed },
    people: { total: peopleTotal, placed: people },
    firstChoiceShare: share(first),
    topThreeShare: share(topThree),
    averageRank: placed === 0 ? null : rankSum / placed,
    totalWelfare: welfare,
    totalFit: fit,
    justifiedEnvy: justifiedEnvy(ctx, assignment),
    municipalities: ctx.municipalities.map((m, j) => ({
      municipalityId: m.id,
      used: capacityOf(used, j),
      capacity: capacityOf(ctx.capacity, j),
    })),
  };
}

/**
 * Households with justified envy: h prefers municipality m (an eligible one ranked above its
 * own place, or any eligible one if unplaced) where some household g of lower priority at m
 * is placed, and h would fit into m with g taken out. Each household counts once.
 */
export function justifiedEnvy(ctx: MatchingContext, assignment: Int32Array): number {
  const position = registrationPositions(ctx);
  const remaining = remainingCapacity(ctx, assignment);
  const lists = placedLists(ctx, assignment);
  // Per municipality, its households by priority there, lowest first.
  const byPriority = lists.map((list, j) =>
    [...list].sort((a, b) => priorityKey(ctx, position, b, j) - priorityKey(ctx, position, a, j)),
  );
  let envious = 0;
  for (let i = 0; i < ctx.H; i++) {
    const own = assignment[i] as number;
    const ownKey = own >= 0 ? preferenceKey(ctx, i, own) : Number.NEGATIVE_INFINITY;
    let envies = false;
    for (let j = 0; j < ctx.M && !envies; j++) {
      if (j === own || !ctx.eligible[i * ctx.M + j] || preferenceKey(ctx, i, j) <= ownKey) continue;
      const mine = priorityKey(ctx, position, i, j);
      for (const g of byPriority[j] as number[]) {
        if (priorityKey(ctx, position, g, j) <= mine) break;
        if (fitsInstead(ctx, remaining, i, g, j)) {
          envies = true;
          break;
        }
      }
    }
    if (envies) envious++;
  }
  return envious;
}

/** Whether household i fits municipality j once household g (placed there) is taken out. */
function fitsInstead(ctx: MatchingContext, remaining: Int32Array, i: number, g: number, j: number): boolean {
  for (let k = 0; k < D; k++) {
    const free = (remaining[j * D + k] as number) + (ctx.demand[g * D + k] as number);
    if ((ctx.demand[i * D + k] as number) > free) return false;
  }
  return true;
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
