import { describe, expect, it } from "vitest";
import { matchingOptionsSchema, SPECIALTIES } from "../../core/matching/model";
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
  welfareParts,
} from "../../core/matching/welfare";

const options = (relatives: "bonus" | "require" = "bonus") => matchingOptionsSchema.parse({ relatives });

describe("welfare formula", () => {
  // The worked example of docs/matching.md: a family of three that cares about most things,
  // priority 1 from its caseworker, against two municipalities.
  const importance = { work: 3, schools: 2, medical: 1, community: 2, citySize: 3, relatives: 1 };
  const family = household("family", {
    persons: 3,
    schoolChildren: 1,
    jobSectors: ["it", "health"],
    importance,
    preferredCitySize: "big",
    relativesIn: ["a"],
    ranking: ["b", "a", "unknown-city"],
    priority: 1,
  });
  const a = municipality("a", {
    services: {
      jobSectors: ["it"],
      welcomeClasses: true,
      seeksFamilies: true,
      medicalSpecialties: ["general", "pediatrics"],
      ukrainianCommunity: 999,
      citySize: "big",
      languageCourses: true,
      integrationCourses: false,
    },
  });
  const b = municipality("b");
  const ctx = buildContext([family], [a, b], options());

  it("computes the worked example of docs/matching.md", () => {
    // Welfare W = 30·priority + 3·S + round(60·r). Ranking [b, a]: r(b) = 1 → 60, r(a) = 0.5 → 30.
    // S(a) = 10 (it states workers and families, both met) → 30; S(b) = 0 (states nothing).
    // W(a) = 30 + 30 + 30 = 90, W(b) = 30 + 0 + 60 = 90.
    // Fit F(a): relatives (2+1)×10 = 30, work 3×5 (1 of 2 sectors) = 15, schools 2×10 = 20,
    // medical (1+1)×10 (general and pediatrics, both needed with a child) = 20, community
    // 2×8 = 16, city size 3×10 = 30, courses 1×5 = 5: F(a) = 136. F(b): medical 2×5 = 10.
    // fit = round(40 · F / 136): a 40, b 3. Equal welfare: the fit stage sends the family to a.
    expect(ctx.fitMax[0]).toBe(136);
    expect([...ctx.welfare]).toEqual([90, 90]);
    expect([...ctx.fit]).toEqual([40, 3]);
    expect([...ctx.municipalityScore]).toEqual([10, 0]);
    expect(welfareParts(ctx, 0, 0)).toEqual({ priority: 30, municipality: 30, ranking: 30, fit: 40 });
    expect(welfareParts(ctx, 0, 1)).toEqual({ priority: 30, municipality: 0, ranking: 60, fit: 3 });
    const factors = explainWelfare(ctx, 0, 0);
    // The ranking term of W, then each factor's share of the fit: 40 · points / 136.
    expect(factors.map((f) => [f.factor, f.points])).toEqual([
      ["ranking", 30],
      ["relatives", 8.8],
      ["citySize", 8.8],
      ["schools", 5.9],
      ["medical", 5.9],
      ["community", 4.7],
      ["work", 4.4],
      ["courses", 1.5],
    ]);
    const fitPoints = factors.filter((f) => f.factor !== "ranking").reduce((sum, f) => sum + f.points, 0);
    expect(fitPoints).toBeCloseTo(40, 0);
  });

  it("keeps self-reported importance out of the welfare, and gives every household the same best fit", () => {
    const inflated = household("family", {
      ...family,
      importance: { work: 3, schools: 3, medical: 3, community: 3, citySize: 3, relatives: 3 },
    });
    const modest = household("family", {
      ...family,
      importance: { work: 0, schools: 0, medical: 0, community: 0, citySize: 0, relatives: 0 },
    });
    for (const h of [family, inflated, modest]) {
      const c = buildContext([h], [a, b], options());
      expect([...c.welfare]).toEqual([...ctx.welfare]);
      expect(Math.max(...c.fit)).toBe(40);
    }
  });

  it("scores medical care by the household's needs met, not by how many specialties a town has", () => {
    const single = household("s");
    const many = municipality("many", { services: { medicalSpecialties: [...SPECIALTIES] } });
    const plain = municipality("plain", { services: { medicalSpecialties: ["general"] } });
    const none = municipality("none", { services: { medicalSpecialties: [] } });
    const c = buildContext([single], [many, plain, none], options());
    expect([...c.fit]).toEqual([40, 40, 0]);
  });

  it("scores the Ukrainian community on a log scale capped at 10", () => {
    expect([0, 9, 99, 999, 9_999, 1_000_000].map(communityScore)).toEqual([0, 3, 5, 8, 10, 10]);
  });

  it("ranks the household's own ranking first, then by its fit", () => {
    expect(preferenceOrder(ctx, 0)).toEqual([1, 0]);
    expect(preferenceRank(ctx, 0, 1)).toBe(1);
    expect(preferenceRank(ctx, 0, 0)).toBe(2);
  });

  it("lets the first choice beat any unranked municipality", () => {
    const h = household("h", {
      ranking: ["plain"],
      relativesIn: ["rich"],
      importance: { ...importance, relatives: 3 },
    });
    const rich = municipality("rich", {
      services: { citySize: "big", welcomeClasses: true, languageCourses: true, integrationCourses: true },
    });
    const c = buildContext([h], [municipality("plain"), rich], options());
    // The first choice is worth 60 of welfare; the best fit elsewhere only decides among equal welfare.
    expect([...c.welfare]).toEqual([60, 0]);
    expect(c.fit[1]).toBe(40);
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
    // Relatives count even at importance 0 (weight 2 × 10), beside general care (1 × 10):
    // F = 30 near, 10 far; fit 40 and round(40 / 3) = 13.
    expect([...ctx.fit]).toEqual([40, 13]);
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
