import { describe, expect, it } from "vitest";
import { coreLp } from "../../core/matching/solver/core-lp";
import { lagrangeBound } from "../../core/matching/solver/lagrange";
import { solveLp } from "../../core/matching/solver/master";
import { bruteForce } from "../../core/matching/testing/brute-force";
import { exactAndDecomposed, withPeopleBound } from "../support/matching";

/** A scarce cohort's context, its people LP bound (whole) and the descent's multipliers. */
async function prepared(households: number, municipalities: number, seed: number) {
  const { highs, ctx, people, deadline } = await withPeopleBound(households, municipalities, seed, true);
  const descent = lagrangeBound(ctx, {
    stage: "welfare",
    people,
    lowerBound: 0,
    deadline,
    maxIterations: 30,
  });
  const start = new Int32Array(ctx.H).fill(-1);
  const run = (rounds: number) =>
    coreLp(highs, ctx, { people, y: descent.y, lambda: descent.lambda, start, end: deadline, rounds });
  return { highs, ctx, people, descent, deadline, run };
}

describe("the welfare LP by column generation over a core", () => {
  it("prices in what the first core lacks and ends at the LP over every pair, proven", async () => {
    for (const seed of [1, 2, 3]) {
      const { highs, ctx, people, descent, deadline, run } = await prepared(150, 14, seed);
      const eligible = ctx.eligible.reduce((n, e) => n + e, 0);
      const core = run(30);
      // The first core (4 pairs per household) was not the whole model: pricing had to add pairs.
      expect(core.rounds).toBeGreaterThan(1);
      expect(core.columns).toBeLessThan(eligible);
      expect(core.proven).toBe(true);
      // The LP over every pair includes the tie-break (< 0.5 in all); the bound is welfare alone.
      const lp = solveLp(highs, ctx, "welfare", people, deadline).bound;
      expect(core.bound).toBeGreaterThanOrEqual(lp - 0.5 - 1e-4);
      expect(core.bound).toBeLessThanOrEqual(lp + 2e-4 * lp);
      // …and far better than the descent it started from after a few steps.
      expect(core.bound).toBeLessThan(descent.bound);
    }
  }, 120_000);

  it("is a valid bound after any number of rounds: never below the integer optimum", async () => {
    let checked = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const { ctx, people, run } = await prepared(8, 6, seed);
      const best = bruteForce(ctx);
      if (best.people < people) continue; // the bound is for "at least P people"
      checked++;
      for (const rounds of [1, 2, 10]) {
        expect(run(rounds).bound).toBeGreaterThanOrEqual(best.welfare - 1e-6);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it("gives the decomposition beyond the whole LP's size the core's bound, never below the optimum", async () => {
    // effort 0.01: the whole LP only up to 1,000 pairs, the core up to 10,000 (this round: about 1,500)
    const { exact, decomposed: core } = await exactAndDecomposed(2, 0.01);
    const bound = core.solver?.welfare.bound as number;
    expect(exact.solver?.stoppedBy).toBe("optimal");
    expect(bound).toBeGreaterThanOrEqual(exact.solver?.welfare.value as number);
    // the core's LP, proven the LP over every pair (the descent alone would be "lagrangian")
    expect(core.solver?.welfare.boundKind).toBe("lp");
  }, 120_000);
});
