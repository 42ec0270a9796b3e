import { describe, expect, it } from "vitest";
import { HouseholdAnswers } from "../../core/answers";
import { zeroCapacity } from "../../core/matching/model";
import { applyAnswer, intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { generateState, seeded } from "../../scripts/lib/household-generator";
import { applyOverride } from "../../shared/rounds/overrides";
import { storedResultSchema } from "../../shared/rounds/result";

const questionnaire = new Questionnaire(intakeDefinition);
const context = {
  today: "2026-12-01",
  municipalities: [
    { id: "kiel", name: "Kiel" },
    { id: "bonn", name: "Bonn" },
  ],
};

describe("a staff correction through the questionnaire engine", () => {
  const state = generateState(questionnaire, context, seeded(1));

  it("checks the new value like a person's own answer and changes nothing when it is wrong", () => {
    const wrong = applyAnswer(questionnaire, state, context, "household_size", 40);
    expect(wrong).toMatchObject({ ok: false, error: { key: "number" } });
    const right = applyAnswer(questionnaire, state, context, "current_city", "Chełm");
    expect(right.ok && right.state.answers.current_city).toBe("Chełm");
    expect(right.ok && questionnaire.isComplete(right.state, context)).toBe(true);
  });

  it("sets a multiple choice and a ranking as a whole", () => {
    const languages = applyAnswer(questionnaire, state, context, "members.0.languages", ["de", "pl"]);
    expect(languages.ok && new HouseholdAnswers(languages.state).members[0]?.languages).toEqual(["de", "pl"]);
    const ranking = applyAnswer(questionnaire, state, context, "ranking", ["bonn", "kiel"]);
    expect(ranking.ok && ranking.state.answers.ranking).toEqual(["bonn", "kiel"]);
  });
});

const capacity = (persons: number) => ({
  ...zeroCapacity(),
  persons,
  units1to2: 5,
  units3to4: 5,
  units5plus: 5,
});
const place = (intakeId: string, municipalityId: string, persons: number, rank: number, welfare: number) => ({
  intakeId,
  municipalityId,
  welfare,
  rank,
  factors: [],
  persons,
  demand: { ...zeroCapacity(), persons, [persons <= 2 ? "units1to2" : "units3to4"]: 1 },
});
const result = storedResultSchema.parse({
  assignments: [place("a", "kiel", 2, 1, 30), place("b", "bonn", 3, 2, 20)],
  unplaced: [{ intakeId: "c", persons: 1, reasons: ["not_selected"] }],
  report: {
    households: { total: 3, placed: 2 },
    people: { total: 6, placed: 5 },
    firstChoiceShare: 1 / 3,
    topThreeShare: 2 / 3,
    averageRank: 1.5,
    welfare: 50,
    gap: 0,
    seconds: 1,
    baselines: { fcfs: { people: 5, welfare: 40 }, deferredAcceptance: { people: 5, welfare: 45 } },
    capacity: [
      { municipalityId: "kiel", used: { persons: 2 }, capacity: capacity(3) },
      { municipalityId: "bonn", used: { persons: 3 }, capacity: capacity(3) },
    ],
  },
});

describe("a caseworker's override of a computed round", () => {
  it("refuses a move into a municipality whose beds are taken, naming the dimension", () => {
    const target = {
      municipalityId: "bonn",
      welfare: 25,
      rank: 2,
      factors: [],
      persons: 2,
      demand: place("a", "bonn", 2, 2, 25).demand,
    };
    expect(applyOverride(result, "a", target, capacity(3), "s1")).toEqual({
      ok: false,
      reason: "no_capacity_persons",
    });
  });

  it("moves a household, recomputes the report and records the change", () => {
    const target = {
      municipalityId: "kiel",
      welfare: 12,
      rank: 1,
      factors: [],
      persons: 1,
      demand: place("c", "kiel", 1, 1, 12).demand,
    };
    const moved = applyOverride(result, "c", target, capacity(3), "s1");
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.result.report.households.placed).toBe(3);
    expect(moved.result.report.people.placed).toBe(6);
    expect(moved.result.report.welfare).toBe(62);
    expect(moved.result.report.firstChoiceShare).toBeCloseTo(2 / 3);
    expect(moved.result.report.capacity.find((c) => c.municipalityId === "kiel")?.used.persons).toBe(3);
    expect(moved.result.unplaced).toEqual([]);
    expect(moved.override).toMatchObject({ intakeId: "c", from: null, to: "kiel", welfareChange: 12 });
  });

  it("takes a household out of the round", () => {
    const out = applyOverride(result, "b", null, null, "s1");
    expect(out.ok && out.result.unplaced.find((u) => u.intakeId === "b")).toMatchObject({
      removed: true,
      persons: 3,
    });
    expect(out.ok && out.result.report.people.placed).toBe(2);
  });
});
