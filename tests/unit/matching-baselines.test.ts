import { describe, expect, it } from "vitest";
import { deferredAcceptance as daAssignment } from "../../core/matching/compare/baselines";
import {
  deferredAcceptance,
  firstComeFirstServed,
  type Household,
  type MatchingResult,
} from "../../core/matching/index";
import { matchingOptionsSchema } from "../../core/matching/model";
import { household, municipality, prng } from "../../core/matching/testing/synthetic";
import { buildContext, preferenceKey } from "../../core/matching/welfare";

const placedIn = (r: MatchingResult) =>
  Object.fromEntries(r.assignments.map((a) => [a.householdId, a.municipalityId]));
const at = (day: number) => `2024-02-${String(day).padStart(2, "0")}T10:00:00Z`;

describe("first come, first served", () => {
  it("lets the earliest registration take its favourite, the next one what is left", () => {
    const households = [
      household("late", { registeredAt: at(3), ranking: ["x", "y"] }),
      household("early", { registeredAt: at(1), ranking: ["x", "y"] }),
    ];
    const towns = [
      municipality("x", { capacity: { persons: 1 } }),
      municipality("y", { capacity: { persons: 1 } }),
    ];
    expect(placedIn(firstComeFirstServed(households, towns))).toEqual({ early: "x", late: "y" });
  });

  it("does not look ahead: an early single can block a later family", () => {
    const households = [
      household("single", { registeredAt: at(1) }),
      household("family", { registeredAt: at(2), persons: 4 }),
    ];
    const result = firstComeFirstServed(households, [municipality("x", { capacity: { persons: 4 } })]);
    expect(placedIn(result)).toEqual({ single: "x" });
    expect(result.metrics.people.placed).toBe(1);
  });
});

describe("deferred acceptance", () => {
  it("gives priority to households with relatives in the municipality, then to earlier registration", () => {
    const households = [
      household("early", { registeredAt: at(1), ranking: ["x", "y"] }),
      household("kin", { registeredAt: at(5), ranking: ["x", "y"], relativesIn: ["x"] }),
      household("middle", { registeredAt: at(3), ranking: ["x", "y"] }),
    ];
    const towns = [
      municipality("x", { capacity: { persons: 1 } }),
      municipality("y", { capacity: { persons: 1 } }),
    ];
    // FCFS serves by date only; DA lets x hold the household with relatives, y the earliest.
    expect(placedIn(firstComeFirstServed(households, towns))).toEqual({ early: "x", middle: "y" });
    expect(placedIn(deferredAcceptance(households, towns))).toEqual({ kin: "x", early: "y" });
  });

  it("is stable on single-person instances with beds only (no household and town would both rather pair up)", () => {
    const rng = prng(11);
    for (let round = 0; round < 10; round++) {
      const towns = ["a", "b", "c", "d"].map((id) =>
        municipality(id, { capacity: { persons: 1 + Math.floor(rng() * 3) } }),
      );
      const households: Household[] = Array.from({ length: 12 }, (_, i) =>
        household(`h${i}`, {
          registeredAt: at(1 + Math.floor(rng() * 20)),
          ranking: [...towns.map((t) => t.id)].sort(() => rng() - 0.5).slice(0, 3),
          relativesIn: rng() < 0.2 ? [towns[Math.floor(rng() * 4)]?.id as string] : [],
        }),
      );
      const ctx = buildContext(households, towns, matchingOptionsSchema.parse({}));
      const assignment = daAssignment(ctx);
      const position = new Map([...ctx.registrationOrder].map((i, p) => [i, p]));
      const priority = (i: number, j: number) =>
        (ctx.relatives[i * ctx.M + j] ? 0 : ctx.H) + (position.get(i) ?? 0);
      for (let i = 0; i < ctx.H; i++) {
        for (let j = 0; j < ctx.M; j++) {
          const mine = assignment[i] as number;
          if (!ctx.eligible[i * ctx.M + j] || mine === j) continue;
          if (mine >= 0 && preferenceKey(ctx, i, mine) >= preferenceKey(ctx, i, j)) continue;
          // i would rather be at j: then j must be full of households it ranks higher.
          const holders = [...assignment.keys()].filter((k) => assignment[k] === j);
          expect(holders.length, `round ${round}`).toBe(towns[j]?.capacity.persons);
          for (const k of holders) expect(priority(k, j)).toBeLessThan(priority(i, j));
        }
      }
    }
  });

  it("respects every capacity dimension even against priority: a family that does not fit is rejected", () => {
    const households = [
      household("family", { registeredAt: at(1), persons: 3, schoolChildren: 2 }),
      household("single", { registeredAt: at(2) }),
    ];
    const result = deferredAcceptance(households, [municipality("x", { capacity: { schoolPlaces: 1 } })]);
    expect(placedIn(result)).toEqual({ single: "x" });
    expect(result.explanations.unplaced[0]?.reasons).toEqual(["no_capacity_schoolPlaces"]);
  });
});
