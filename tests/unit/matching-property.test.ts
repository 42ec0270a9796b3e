import { describe, expect, it } from "vitest";
import { type Household, matchingOptionsSchema } from "../../core/matching/model";
import { bruteForce } from "../../core/matching/testing/brute-force";
import { prng, syntheticCohort } from "../../core/matching/testing/synthetic";
import { buildContext } from "../../core/matching/welfare";

/**
 * Property: stating "very important" for everything (nothing else changed) never moves a
 * household from unplaced to placed at the cost of another household. Many small random
 * instances, seeded (deterministic), scarce capacity; the optimum by exhaustive search, which
 * tests/unit/matching-solve.test.ts shows the solver finds.
 */
const options = matchingOptionsSchema.parse({});
const VERY = { work: 3, schools: 3, medical: 3, community: 3, citySize: 3, relatives: 3 };

function placedSet(
  households: Household[],
  municipalities: ReturnType<typeof syntheticCohort>["municipalities"],
) {
  const ctx = buildContext(households, municipalities, options);
  const best = bruteForce(ctx);
  return new Set(households.filter((_, i) => (best.assignment[i] as number) >= 0).map((h) => h.id));
}

describe("importance answers cannot win a place", () => {
  it("inflating one unplaced household's importance never places it at another's cost (300 seeded instances)", () => {
    const rng = prng(16);
    let checked = 0;
    for (let instance = 0; instance < 300; instance++) {
      const { households, municipalities } = syntheticCohort({
        households: 5 + Math.floor(rng() * 3),
        municipalities: 2 + Math.floor(rng() * 2),
        seed: 1_000 + instance,
        supplyRatio: 0.5 + 0.3 * rng(),
      });
      const before = placedSet(households, municipalities);
      for (const h of households) {
        if (before.has(h.id)) continue;
        checked++;
        const inflated = households.map((x) => (x.id === h.id ? { ...x, importance: VERY } : x));
        const after = placedSet(inflated, municipalities);
        const displaced = [...before].filter((id) => !after.has(id));
        const gained = after.has(h.id);
        expect(gained && displaced.length > 0, `instance ${instance}, household ${h.id}`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000);
});
