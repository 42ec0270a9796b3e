import { describe, expect, it } from "vitest";
import { solve } from "../../core/matching/index";
import { DIMENSIONS, type Dimension, matchingOptionsSchema, zeroCapacity } from "../../core/matching/model";
import { justifiedEnvy, metrics } from "../../core/matching/report";
import { loadHighs } from "../../core/matching/solver/highs";
import { lagrangeBound, welfareOrder } from "../../core/matching/solver/lagrange";
import { solveLp } from "../../core/matching/solver/master";
import { bruteForce } from "../../core/matching/testing/brute-force";
import { household, municipality, syntheticCohort } from "../../core/matching/testing/synthetic";
import { buildContext, compareRegistration, demandOf } from "../../core/matching/welfare";

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

/** A small scarce cohort solved by one strategy, with its context and the brute-force optimum. */
async function solvedSmall(households: number, seed: number, strategy: "exact" | "decomposition") {
  const cohort = syntheticCohort({ households, municipalities: 3, seed, scarce: 0.85 });
  const result = await solve(cohort.households, cohort.municipalities, { strategy });
  const ctx = buildContext(
    [...cohort.households].sort(compareRegistration),
    [...cohort.municipalities].sort((a, b) => (a.id < b.id ? -1 : 1)),
    matchingOptionsSchema.parse({}),
  );
  return { result, s: result.solver, ctx, best: bruteForce(ctx) };
}

describe("bounds", () => {
  it("reports, for the exact strategy, the LP relaxation over all pairs: equal to the LP, never below the optimum", async () => {
    const highs = await loadHighs();
    for (let seed = 1; seed <= 4; seed++) {
      const { s, ctx, best } = await solvedSmall(6, seed, "exact");
      const deadline = performance.now() + 5_000;
      expect(s?.people.lpBound).toBeCloseTo(solveLp(highs, ctx, "people", 0, deadline).bound, 6);
      expect(s?.welfare.lpBound).toBeCloseTo(solveLp(highs, ctx, "welfare", best.people, deadline).bound, 6);
      expect(s?.people.lpBound as number).toBeGreaterThanOrEqual(best.people - 1e-9);
      expect(s?.welfare.lpBound as number).toBeGreaterThanOrEqual(best.objective - 1e-6);
      expect(s?.people.bound as number).toBeGreaterThanOrEqual(best.people);
      expect(s?.welfare.bound as number).toBeGreaterThanOrEqual(best.welfare);
      expect(["lp", "mip"]).toContain(s?.welfare.boundKind);
    }
  }, 120_000);

  it("reports, for the decomposition on small rounds, the LP bound certified through its duals", async () => {
    const highs = await loadHighs();
    for (let seed = 1; seed <= 4; seed++) {
      const { result, s, ctx, best } = await solvedSmall(7, seed, "decomposition");
      const deadline = performance.now() + 5_000;
      // People: the smaller of the Lagrangian bound and the certified LP bound (the interior
      // point method's approximate duals can certify a hair above the LP optimum).
      expect(["lp", "lagrangian"]).toContain(s?.people.boundKind);
      expect(s?.welfare.boundKind).toBe("lp");
      const people = solveLp(highs, ctx, "people", 0, deadline).bound;
      expect(s?.people.lpBound as number).toBeGreaterThanOrEqual(people - 1e-6);
      expect(s?.people.lpBound as number).toBeLessThan(people + 0.1);
      expect(s?.people.bound as number).toBeGreaterThanOrEqual(best.people);
      expect(s?.welfare.bound as number).toBeGreaterThanOrEqual(best.welfare);
      if (result.metrics.people.placed === s?.people.bound) {
        // The LP includes the tie-break (< 0.5 in all); the certificate bounds welfare alone.
        const lp = solveLp(highs, ctx, "welfare", Math.floor(people + 1e-6), deadline).bound;
        expect(s?.welfare.lpBound as number).toBeGreaterThanOrEqual(lp - 0.5 - 1e-4);
        expect(s?.welfare.lpBound as number).toBeLessThanOrEqual(lp + 1e-4);
      }
    }
  }, 120_000);

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

describe("justified envy", () => {
  it("counts households that would rather be where someone of lower priority was placed, and would fit", () => {
    const options = matchingOptionsSchema.parse({});
    const vulnerable = household("vulnerable", { ranking: ["city"], priority: 2 });
    const other = household("other", { ranking: ["city"], registeredAt: "2024-01-01T00:00:00Z" });
    const towns = [municipality("city", { capacity: { persons: 1 } }), municipality("town")];
    const ctx = buildContext([vulnerable, other], towns, options);
    // The city took "other" (priority 0) although "vulnerable" (priority 2) wanted it: envy 1.
    expect(justifiedEnvy(ctx, Int32Array.from([1, 0]))).toBe(1);
    // The other way round nobody has a claim: "other" has lower priority in the city.
    expect(justifiedEnvy(ctx, Int32Array.from([0, 1]))).toBe(0);
    // A household that would not fit in the place of the lower-priority one has no claim.
    const family = household("family", { persons: 3, ranking: ["city"], priority: 3 });
    const small = buildContext(
      [family, other],
      [municipality("city", { capacity: { persons: 1 } }), municipality("town")],
      options,
    );
    expect(justifiedEnvy(small, Int32Array.from([1, 0]))).toBe(0);
  });
});

describe("scarce-capacity generator", () => {
  it("gives every dimension about 85 % of what the cohort needs", () => {
    const { households, municipalities } = syntheticCohort({
      households: 400,
      municipalities: 20,
      seed: 7,
      scarce: 0.85,
    });
    const need = zeroCapacity();
    for (const h of households) for (const [d, n] of Object.entries(demandOf(h))) need[d as Dimension] += n;
    for (const d of DIMENSIONS) {
      if (d === "accessibleUnits") continue; // capped by the units, and few
      const supply = municipalities.reduce((sum, m) => sum + m.capacity[d], 0);
      expect(supply / need[d], d).toBeGreaterThan(0.8);
      expect(supply / need[d], d).toBeLessThan(0.9);
    }
  });
});
