/**
 * Exhaustive search for tiny instances (a handful of households): every assignment
 * that respects the hard constraints, best by (people, welfare + tie-break). The tests
 * use it as the ground truth for the solver; it is exponential, keep it to ~8 households.
 */
import { pairCost } from "../solver/master";
import { DIMENSION_COUNT as D, fits, type MatchingContext, take } from "../welfare";

export interface BruteForceOptimum {
  assignment: Int32Array;
  people: number;
  /** Welfare points without the tie-break. */
  welfare: number;
  /** Welfare plus the tie-break: the value that decides among equal welfare. */
  objective: number;
}

export function bruteForce(ctx: MatchingContext): BruteForceOptimum {
  if (ctx.H > 10) throw new Error("brute force is for at most 10 households");
  const current = new Int32Array(ctx.H).fill(-1);
  const remaining = ctx.capacity.slice();
  let best: BruteForceOptimum = { assignment: current.slice(), people: 0, welfare: 0, objective: 0 };

  const visit = (i: number, people: number, welfare: number, objective: number) => {
    if (i === ctx.H) {
      const better = people > best.people || (people === best.people && objective > best.objective + 1e-12);
      if (better) best = { assignment: current.slice(), people, welfare, objective };
      return;
    }
    visit(i + 1, people, welfare, objective);
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j] || !fits(ctx, remaining, i, j)) continue;
      take(ctx, remaining, i, j);
      current[i] = j;
      visit(
        i + 1,
        people + (ctx.demand[i * D] as number),
        welfare + (ctx.welfare[i * ctx.M + j] as number),
        objective + pairCost(ctx, "welfare", i, j),
      );
      current[i] = -1;
      take(ctx, remaining, i, j, -1);
    }
  };
  visit(0, 0, 0, 0);
  return best;
}
