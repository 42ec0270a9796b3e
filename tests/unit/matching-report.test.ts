import { describe, expect, it } from "vitest";
import { matchingOptionsSchema } from "../../core/matching/model";
import { metrics } from "../../core/matching/report";
import { loadHighs } from "../../core/matching/solver/highs";
import { lagrangeBound, welfareOrder } from "../../core/matching/solver/lagrange";
import { solveLp } from "../../core/matching/solver/master";
import { bruteForce } from "../../core/matching/testing/brute-force";
import { household, municipality, syntheticCohort } from "../../core/matching/testing/synthetic";
import { buildContext } from "../../core/matching/welfare";

describe("metrics", () => {
  it("counts placements, preference ranks, welfare and capacity use", () => {
    const households = [
      household("first", { persons: 2, ranking: ["x", "y", "z", "w"] }),
      household("third", { ranking: ["x", "y", "z", "w"] }),
      household("fourth", { ranking: ["x", "y", "z", "w"], schoolChildren: 1, persons: 2 }),
      household("out", { ranking: ["x"] }),
    ];
    const towns = ["x", "y", "z", "w"].map((id) => municipality(id));
    const ctx = buildContext(households, towns, matchingOptionsSchema.parse({}));
    const m = metrics(ctx, Int32Array.from([0, 2, 3, -1]));
    expect(m.households).toEqual({ total: 4, placed: 3 });
    expect(m.people).toEqual({ total: 6, placed: 5 });
    // Ranks 1, 3 and 4: shares are over all four households, the average over the placed.
    expect(m.firstChoiceShare).toBe(0.25);
    expect(m.topThreeShare).toBe(0.5);
    expect(m.averageRank).toBeCloseTo((1 + 3 + 4) / 3);
    expect(m.totalWelfare).toBe(
      (ctx.welfare[0] as number) + (ctx.welfare[4 + 2] as number) + (ctx.welfare[8 + 3] as number),
    );
    expect(m.municipalities.find((c) => c.municipalityId === "w")?.used).toMatchObject({
      persons: 2,
      units1to2: 1,
      schoolPlaces: 1,
    });
    expect(metrics(ctx, Int32Array.from([-1, -1, -1, -1])).averageRank).toBeNull();
  });
});

describe("bounds", () => {
  it("the Lagrangian bound is never below the LP optimum nor the integer optimum", async () => {
    const highs = await loadHighs();
    for (let seed = 1; seed <= 6; seed++) {
      const { households, municipalities } = syntheticCohort({
        households: 8,
        municipalities: 3,
        seed,
        supplyRatio: 0.6,
      });
      const ctx = buildContext(households, municipalities, matchingOptionsSchema.parse({}));
      const best = bruteForce(ctx);
      const deadline = performance.now() + 5_000;
      const people = lagrangeBound(ctx, { stage: "people", lowerBound: 0, deadline });
      expect(people.bound).toBeGreaterThanOrEqual(solveLp(highs, ctx, "people", 0, deadline).bound - 1e-6);
      expect(Math.floor(people.bound + 1e-6)).toBeGreaterThanOrEqual(best.people);
      const welfare = lagrangeBound(ctx, {
        stage: "welfare",
        people: best.people,
        lowerBound: 0,
        deadline,
        maxIterations: 4000,
      });
      const lp = solveLp(highs, ctx, "welfare", best.people, deadline);
      // The LP includes the tie-break (< 0.5 in all); the Lagrangian bounds welfare alone.
      expect(welfare.bound).toBeGreaterThanOrEqual(lp.bound - 0.5 - 1e-6);
      expect(welfare.bound).toBeGreaterThanOrEqual(best.welfare - 1e-6);
      // …and, given enough steps, a useful bound rather than a trivial one: close to the LP.
      expect(welfare.bound).toBeLessThan(lp.bound * 1.01);
    }
  });

  it("scans each household's municipalities best welfare first, ties by index, eligible ones only", () => {
    const { households, municipalities } = syntheticCohort({ households: 60, municipalities: 9, seed: 4 });
    const ctx = buildContext(households, municipalities, matchingOptionsSchema.parse({}));
    const order = welfareOrder(ctx);
    for (let i = 0; i < ctx.H; i++) {
      const listed = Array.from(order.municipality.subarray(order.start[i], order.start[i + 1]));
      const expected = [...ctx.municipalities.keys()]
        .filter((j) => ctx.eligible[i * ctx.M + j])
        .sort(
          (a, b) => (ctx.welfare[i * ctx.M + b] as number) - (ctx.welfare[i * ctx.M + a] as number) || a - b,
        );
      expect(listed).toEqual(expected);
    }
  });
});
