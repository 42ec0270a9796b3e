/**
 * LP-guided rounding: a quick feasible assignment close to a fractional solution (an LP
 * optimum, or the softmax weights of the smoothed dual or the averaged Lagrangian choices,
 * which approximate one).
 *
 * Pairs are taken in order of their LP value (integral ones first, then the larger
 * fractions), each household to the municipality if it still fits; then every household
 * left over, largest first (people count first), takes its best-welfare municipality
 * with room. The result is feasible by construction; how close it gets to the LP depends
 * on how fractional the LP is.
 */

import { DIMENSION_COUNT as D, fits, type MatchingContext, take } from "../welfare";
import { pairCost, type Stage } from "./master";

export function roundLp(ctx: MatchingContext, x: Map<number, number>, stage: Stage): Int32Array {
  const assignment = new Int32Array(ctx.H).fill(-1);
  const remaining = ctx.capacity.slice();
  const cost = (pair: number) => pairCost(ctx, stage, Math.floor(pair / ctx.M), pair % ctx.M);
  const pairs = [...x].sort((a, b) => b[1] - a[1] || cost(b[0]) - cost(a[0]) || a[0] - b[0]);
  for (const [pair] of pairs) {
    const i = Math.floor(pair / ctx.M);
    const j = pair - i * ctx.M;
    if (assignment[i] !== -1 || !fits(ctx, remaining, i, j)) continue;
    assignment[i] = j;
    take(ctx, remaining, i, j);
  }
  const left = [...ctx.households.keys()]
    .filter((i) => assignment[i] === -1)
    .sort((a, b) => (ctx.demand[b * D] as number) - (ctx.demand[a * D] as number) || a - b);
  for (const i of left) {
    let best = -1;
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j] || !fits(ctx, remaining, i, j)) continue;
      if (best < 0 || (ctx.welfare[i * ctx.M + j] as number) > (ctx.welfare[i * ctx.M + best] as number))
        best = j;
    }
    if (best < 0) continue;
    assignment[i] = best;
    take(ctx, remaining, i, best);
  }
  return assignment;
}
