import { describe, expect, it } from "vitest";
import { matchingOptionsSchema } from "../../core/matching/model";
import { household, municipality } from "../../core/matching/testing/synthetic";
import {
  buildContext,
  communityScore,
  demandOf,
  explainWelfare,
  preferenceOrder,
  preferenceRank,
  sizeClass,
  staticBlockers,
  tieBreak,
} from "../../core/matching/welfare";

const options = (relatives: "bonus" | "require" = "bonus") => matchingOptionsSchema.parse({ relatives });

describe("welfare formula", () => {
  // A family of three that cares about most things, against two municipalities.
  const family = household("family", {
    persons: 3,
    schoolChildren: 1,
    jobSectors: ["it", "health"],
    importance: { work: 3, schools: 2, medical: 1, community: 2, citySize: 3, relatives: 1 },
    preferredCitySize: "big",
    relativesIn: ["a"],
    ranking: ["b", "a", "unknown-city"],
  });
  const a = municipality("a", {
    services: {
      jobSectors: ["it"],
      welcomeClasses: true,
      medicalSpecialties: ["general", "pediatrics"],
      ukrainianCommunity: 999,
      citySize: "big",
      languageCourses: true,
      integrationCourses: false,
    },
  });
  const b = municipality("b");
  const ctx = buildContext([family], [a, b], options());

  it("adds weight × score per factor, as documented (worked example in docs/matching.md)", () => {
    // ranking: 2nd of 2 known → score 5 × 3 = 15; relatives: (2+1) × 10 = 30; work: 1 of 2
    // sectors → 5 × 3 = 15; schools: 10 × 2 = 20; medical: 2 of 10 specialties → 2 × 1 = 2;
    // community: 10·log10(1000)/4 = 7.5 → 8 × 2 = 16; city size 10 × 3 = 30; courses 5 × 1 = 5.
    expect(ctx.welfare[0]).toBe(15 + 30 + 15 + 20 + 2 + 16 + 30 + 5);
    const factors = explainWelfare(ctx, 0, 0);
    expect(factors.map((f) => [f.factor, f.points])).toEqual([
      ["relatives", 30],
      ["citySize", 30],
      ["schools", 20],
      ["community", 16],
      ["ranking", 15],
      ["work", 15],
      ["courses", 5],
      ["medical", 2],
    ]);
    expect(factors.reduce((s, f) => s + f.points, 0)).toBe(ctx.welfare[0]);
  });

  it("gives the first of the ranked municipalities the full ranking score, ignoring unknown ids", () => {
    const factors = explainWelfare(ctx, 0, 1);
    expect(factors.find((f) => f.factor === "ranking")).toEqual({
      factor: "ranking",
      weight: 3,
      score: 10,
      points: 30,
    });
    // b offers one of ten specialties: medical score 1 × weight 1.
    expect(ctx.welfare[1]).toBe(30 + 1);
  });

  it("scores the Ukrainian community on a log scale capped at 10", () => {
    expect([0, 9, 99, 999, 9_999, 1_000_000].map(communityScore)).toEqual([0, 3, 5, 8, 10, 10]);
  });

  it("ranks the household's own ranking first, then by welfare", () => {
    expect(preferenceOrder(ctx, 0)).toEqual([1, 0]);
    expect(preferenceRank(ctx, 0, 1)).toBe(1);
    expect(preferenceRank(ctx, 0, 0)).toBe(2);
  });
});

describe("demand and hard constraints", () => {
  it("puts a household in the unit size class of its persons", () => {
    expect([1, 2, 3, 4, 5, 9].map(sizeClass)).toEqual([
      "units1to2",
      "units1to2",
      "units3to4",
      "units3to4",
      "units5plus",
      "units5plus",
    ]);
    expect(
      demandOf(
        household("h", { persons: 4, schoolChildren: 2, kindergartenChildren: 1, needsAccessibleUnit: true }),
      ),
    ).toEqual({
      persons: 4,
      units1to2: 0,
      units3to4: 1,
      units5plus: 0,
      schoolPlaces: 2,
      kindergartenPlaces: 1,
      accessibleUnits: 1,
    });
  });

  it("names every static reason a pair is ruled out", () => {
    const h = household("h", {
      persons: 6,
      medicalNeeds: ["dialysis"],
      needsAccessibleUnit: true,
      hasPets: true,
      relativesIn: ["elsewhere"],
    });
    const m = municipality("m", {
      capacity: { accessibleUnits: 0, units5plus: 0 },
      services: { petsAllowed: false },
    });
    const ctx = buildContext(
      [h],
      [m, municipality("elsewhere", { services: { medicalSpecialties: ["dialysis"] } })],
      options("require"),
    );
    expect(staticBlockers(ctx, 0, 0)).toEqual([
      "no_medical_care",
      "no_accessible_unit",
      "no_pets",
      "relatives_required",
      "no_capacity_units5plus",
    ]);
    expect(ctx.eligible[0]).toBe(0);
    expect(staticBlockers(ctx, 0, 1)).toEqual([]);
    expect(ctx.eligible[1]).toBe(1);
  });

  it("treats relatives as a strong bonus, not a requirement, in bonus mode", () => {
    const h = household("h", { relativesIn: ["near"] });
    const ctx = buildContext([h], [municipality("near"), municipality("far")], options("bonus"));
    expect([...ctx.eligible]).toEqual([1, 1]);
    // 2 + importance 0 = weight 2 × score 10: relatives count even at importance 0.
    expect((ctx.welfare[0] as number) - (ctx.welfare[1] as number)).toBe(20);
  });
});

describe("tie-break", () => {
  it("sums to less than half a welfare point over any assignment, whatever the size", () => {
    for (const H of [1, 7, 300]) {
      const households = Array.from({ length: H }, (_, i) => household(`h${i}`));
      const ctx = buildContext(households, [municipality("a"), municipality("b")], options());
      let worst = 0;
      for (let i = 0; i < H; i++) worst += Math.max(tieBreak(ctx, i, 0), tieBreak(ctx, i, 1));
      expect(worst).toBeLessThan(0.5);
      expect(worst).toBeGreaterThan(0);
    }
  });

  it("depends on ids and registration, not on the input order", () => {
    const h1 = household("h1", { registeredAt: "2024-01-01T10:00:00Z" });
    const h2 = household("h2", { registeredAt: "2024-01-01T09:00:00Z" });
    const forward = buildContext([h1, h2], [municipality("a")], options());
    const backward = buildContext([h2, h1], [municipality("a")], options());
    expect(tieBreak(forward, 0, 0)).toBe(tieBreak(backward, 1, 0));
    expect(tieBreak(forward, 1, 0)).toBe(tieBreak(backward, 0, 0));
    // The earlier registration gets the larger seniority share.
    expect(forward.seniority[1]).toBeGreaterThan(forward.seniority[0] as number);
  });

  it("rejects duplicate ids", () => {
    expect(() => buildContext([household("x"), household("x")], [municipality("a")], options())).toThrow(
      /duplicate household id "x"/,
    );
  });
});
