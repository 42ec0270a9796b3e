import { describe, expect, it } from "vitest";
import { matchAll } from "../../core/matching";
import { household, municipality } from "../../core/matching/testing/synthetic";

describe("declined municipalities", () => {
  it("are never proposed again, even when they fit best, and are named as the reason when nothing else fits", async () => {
    const a = municipality("a");
    const b = municipality("b");
    const keen = household("h1", { ranking: ["a", "b"], excludedMunicipalities: ["a"] });
    const result = await matchAll([keen], [a, b]);
    expect(result.optimal.assignments).toEqual([{ householdId: "h1", municipalityId: "b" }]);
    expect(result.fcfs.assignments[0]?.municipalityId).toBe("b");
    expect(result.deferredAcceptance.assignments[0]?.municipalityId).toBe("b");

    const onlyA = await matchAll([household("h2", { excludedMunicipalities: ["a"] })], [a]);
    expect(onlyA.optimal.unplaced).toEqual(["h2"]);
    expect(onlyA.optimal.explanations.unplaced[0]?.reasons).toContain("declined");
  });
});
