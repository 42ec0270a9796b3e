/**
 * Exhaustive search for tiny instances (a handful of households): every assignment
 * that respects the hard constraints, best by (people, welfare + tie-break), then the fit
 * stage: among the assignments that place the same households with at least that welfare,
 * the best by fit + tie-break. The tests use it as the ground truth for the solver; it is
 * exponential, keep it to ~8 households.
 */
import { pairCost } from "../solver/master";
import { DIMENSION_COUNT as D, fits, type MatchingContext, take, tieBreak } from "../welfare";

export interface BruteForceOptimum {
  assignment: Int32Array;
  people: number;
  /** Welfare points without the tie-break. */
  welfare: number;
  /** Welfare plus the tie-break: the value that decides among equal welfare. */
  objective: number;
  /** Fit points without the tie-break. */
  fit: number;
}

/** Every feasible assignment (−1 = unplaced), visited in place: copy what you keep. */
function enumerate(ctx: MatchingContext, visit: (assignment: Int32Array) => void): void {
  const current = new Int32Array(ctx.H).fill(-1);
  const remaining = ctx.capacity.slice();
  const step = (i: number) => {
    if (i === ctx.H) return visit(current);
    step(i + 1);
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j] || !fits(ctx, remaining, i, j)) continue;
      take(ctx, remaining, i, j);
      current[i] = j;
      step(i + 1);
      current[i] = -1;
      take(ctx, remaining, i, j, -1);
    }
  };
  step(0);
}

function totals(ctx: MatchingContext, a: Int32Array) {
  let people = 0;
  let welfare = 0;
  let objective = 0;
  let fit = 0;
  let fitObjective = 0;
  a.forEach((j, i) => {
    if (j < 0) return;
    people += ctx.demand[i * D] as number;
    welfare += ctx.welfare[i * ctx.M + j] as number;
    objective += pairCost(ctx, "welfare", i, j);
    fit += ctx.fit[i * ctx.M + j] as number;
    fitObjective += (ctx.fit[i * ctx.M + j] as number) + tieBreak(ctx, i, j);
  });
  return { people, welfare, objective, fit, fitObjective };
}

export function bruteForce(ctx: MatchingContext): BruteForceOptimum {
  if (ctx.H > 10) throw new Error("brute force is for at most 10 households");
  let best = { assignment: new Int32Array(ctx.H).fill(-1), ...totals(ctx, new Int32Array(ctx.H).fill(-1)) };
  enumerate(ctx, (a) => {
    const t = totals(ctx, a);
    if (t.people > best.people || (t.people === best.people && t.objective > best.objective + 1e-12))
      best = { assignment: a.slice(), ...t };
  });
  const placed = (a: Int32Array, i: number) => (a[i] as number) >= 0;
  let final = best;
  enumerate(ctx, (a) => {
    for (let i = 0; i < ctx.H; i++) if (placed(a, i) !== placed(best.assignment, i)) return;
    const t = totals(ctx, a);
    if (t.welfare >= best.welfare && t.fitObjective > final.fitObjective + 1e-12)
      final = { assignment: a.slice(), ...t };
  });
  return {
    assignment: final.assignment,
    people: final.people,
    welfare: final.welfare,
    objective: final.objective,
    fit: final.fit,
  };
}
