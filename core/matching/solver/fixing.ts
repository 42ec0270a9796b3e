/**
 * Reduced-cost fixing for the fit stage of the exact strategy.
 *
 * The fit stage keeps every placed household placed (somewhere) and the welfare at least
 * W₀, the welfare of the stage-2 assignment. Take the LP relaxation of "max welfare, each
 * placed household placed exactly once, capacities" with optimum z and reduced costs d.
 * For every x of that LP's feasible set, welfare(x) ≤ z + Σ_j d_j (x_j − x*_j): a pair at
 * 0 in the LP optimum costs |d_j| if chosen, a pair at 1 costs d_j if dropped. An
 * assignment the fit stage may choose has welfare(x) ≥ W₀, so it pays at most z − W₀ in
 * total: a pair whose reduced cost is below −(z − W₀) is never chosen, and a pair whose
 * reduced cost is above z − W₀ is always kept, which rules out the household's other
 * pairs. Leaving those pairs out changes nothing about the fit stage's optimum (its
 * proof is over the same set of allowed assignments) and makes its MIP smaller; measured
 * in docs/matching.md ("Strategy exact").
 */

import { DIMENSION_COUNT as D, type MatchingContext } from "../welfare";
import { addColumn, columnBuilder, type Highs, modelData } from "./highs";
import { optimalLp, pairEntries } from "./master";

/**
 * Margin on the reduced-cost test, far above HiGHS' dual feasibility tolerance (1e-7) times
 * the few hundred rows: only pairs clearly beyond the threshold are left out.
 */
const MARGIN = 1e-3;

/**
 * At most this many rounds: each LP leaves out what the previous ones proved unusable, so its
 * bound is tighter and it may prove more (valid: the pairs left out are in no allowed
 * assignment). Measured (15 pilot-size instances): 3 rounds fix 2–9 % more pairs than one.
 */
const ROUNDS = 3;

/** Pairs (i·M + j) the fit stage can leave out; none when the LP is not solved to optimality. */
export function fitStageExclusions(
  highs: Highs,
  ctx: MatchingContext,
  assignment: Int32Array,
  placed: number[],
  deadline: number,
): Set<number> {
  const excluded = new Set<number>();
  for (let round = 0; round < ROUNDS; round++) {
    const found = fixingRound(highs, ctx, assignment, placed, deadline, excluded);
    if (found === undefined) return new Set();
    if (found.size === 0) break;
    for (const pair of found) excluded.add(pair);
  }
  // The stage-2 assignment passes every test; if rounding said otherwise, fix nothing.
  if (placed.some((i) => excluded.has(i * ctx.M + (assignment[i] as number)))) excluded.clear();
  return excluded;
}

/** One LP over the pairs not yet excluded: the further pairs it proves unusable, undefined without an optimum. */
function fixingRound(
  highs: Highs,
  ctx: MatchingContext,
  assignment: Int32Array,
  placed: number[],
  deadline: number,
  excluded: Set<number>,
): Set<number> | undefined {
  const found = new Set<number>();
  const N = placed.length;
  const lower = new Float64Array(N + ctx.M * D).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(N + ctx.M * D).fill(1);
  lower.fill(1, 0, N);
  ctx.capacity.forEach((cap, r) => {
    upper[N + r] = cap;
  });
  const b = columnBuilder();
  const pairs: number[] = [];
  let welfareNow = 0;
  placed.forEach((i, n) => {
    welfareNow += ctx.welfare[i * ctx.M + (assignment[i] as number)] as number;
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j] || excluded.has(i * ctx.M + j)) continue;
      const { rows, coefficients } = pairEntries(ctx, i, n, N + j * D, undefined);
      addColumn(b, ctx.welfare[i * ctx.M + j] as number, 0, 1, rows, coefficients);
      pairs.push(i * ctx.M + j);
    }
  });
  if (pairs.length === 0) return found;
  return optimalLp(
    highs,
    modelData(highs, b, { lower, upper }, false),
    deadline,
    (model) => {
      const slack = model.getObjectiveValue() - welfareNow + MARGIN;
      const kept: number[] = [];
      model.getSolution().colDual.forEach((d, c) => {
        const pair = pairs[c] as number;
        if (d < -slack) found.add(pair);
        else if (d > slack) kept.push(pair);
      });
      for (const pair of kept) {
        const i = Math.floor(pair / ctx.M);
        for (let j = 0; j < ctx.M; j++) {
          const other = i * ctx.M + j;
          if (other !== pair && ctx.eligible[other] && !excluded.has(other)) found.add(other);
        }
      }
      return found;
    },
    () => undefined,
  );
}
