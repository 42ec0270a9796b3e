import { describe, expect, it } from "vitest";
import { parseRoundSelection, resolveMunicipalities } from "../../bot/rounds/selection";

const known = [
  { id: "braunschweig", name: "Braunschweig" },
  { id: "rottenburg-am-neckar", name: "Rottenburg am Neckar" },
  { id: "kiel", name: "Kiel" },
];

describe("narrowing a round", () => {
  it("reads nothing as everything, and clauses in any order", () => {
    expect(parseRoundSelection("")).toEqual({ ok: true, selection: {} });
    expect(parseRoundSelection(" without Kiel, rottenburg am neckar first 20 ")).toEqual({
      ok: true,
      selection: { first: 20, without: ["Kiel", "rottenburg am neckar"] },
    });
    expect(parseRoundSelection("ONLY braunschweig")).toEqual({
      ok: true,
      selection: { only: ["braunschweig"] },
    });
  });

  it("refuses what it cannot read rather than guessing", () => {
    for (const text of [
      "kiel",
      "first",
      "first 0",
      "first ten",
      "only",
      "only ,",
      "first 5 first 6",
      "without",
    ]) {
      expect(parseRoundSelection(text), text).toEqual({ ok: false });
    }
  });

  it("takes ids or names, in any case, and names what matches no municipality", () => {
    const typed = { only: ["Rottenburg am Neckar", "KIEL", "Atlantis"], without: ["braunschweig"] };
    const { selection, unknown } = resolveMunicipalities(typed, known);
    expect([...(selection.only ?? [])]).toEqual(["rottenburg-am-neckar", "kiel"]);
    expect([...(selection.without ?? [])]).toEqual(["braunschweig"]);
    expect(unknown).toEqual(["Atlantis"]);
  });
});
