import { describe, expect, it } from "vitest";
import { HouseholdAnswers } from "../../core/answers";
import { householdFromIntake, normalizeCity } from "../../core/household";
import { householdSchema } from "../../core/matching/model";
import type { IntakeState } from "../../core/questionnaire";

const cities = [
  { id: "duesseldorf", name: "Düsseldorf" },
  { id: "kiel", name: "Kiel" },
];

const family: IntakeState = {
  current: "review",
  answers: {
    household_size: 4,
    has_relatives: true,
    relatives_city: "  dusseldorf ",
    has_pets: true,
    imp_work: "3",
    imp_schools: "2",
    imp_medical: "1",
    imp_community: "0",
    imp_near_people: "3",
    city_size: "small",
    ranking: ["kiel", "duesseldorf"],
  },
  groups: {
    members: [
      { age: 40, sector: "health", wheelchair: false, medical_needs: ["other"] },
      { age: 38, sector: "it", wheelchair: true },
      { age: 9, wheelchair: false, medical_needs: ["pediatrics"] },
      { age: 3, needs_kindergarten: true, wheelchair: false },
    ],
  },
};

describe("household from intake answers", () => {
  it("derives every field the matching needs", () => {
    const h = householdFromIntake(
      "i1",
      new Date("2026-11-01T10:00:00Z"),
      new HouseholdAnswers(family),
      cities,
      ["kiel"],
    );
    expect(h).toEqual({
      id: "i1",
      registeredAt: "2026-11-01T10:00:00.000Z",
      persons: 4,
      schoolChildren: 1,
      kindergartenChildren: 1,
      needsAccessibleUnit: true,
      medicalNeeds: ["general", "pediatrics"],
      hasPets: true,
      relativesIn: ["duesseldorf"],
      jobSectors: ["health", "it"],
      importance: { work: 3, schools: 2, medical: 1, community: 0, citySize: 2, relatives: 3 },
      preferredCitySize: "small",
      ranking: ["kiel", "duesseldorf"],
      excludedMunicipalities: ["kiel"],
    });
    expect(householdSchema.safeParse(h).success).toBe(true);
  });

  it("counts no kindergarten place for a small child who does not need one, and no relatives without a match", () => {
    const state: IntakeState = {
      ...family,
      answers: { ...family.answers, relatives_city: "Warszawa", city_size: "any" },
      groups: { members: [{ age: 30 }, { age: 2, needs_kindergarten: false }] },
    };
    const h = householdFromIntake("i2", new Date(), new HouseholdAnswers(state), cities);
    expect(h.kindergartenChildren).toBe(0);
    expect(h.relativesIn).toEqual([]);
    expect(h.importance.citySize).toBe(0);
    expect(h.preferredCitySize).toBe("any");
  });

  it("compares city names without case, accents or spaces", () => {
    expect(normalizeCity("Düsseldorf")).toBe(normalizeCity("DUSSELDORF "));
    expect(normalizeCity("Rottenburg am Neckar")).toBe("rottenburgamneckar");
    expect(normalizeCity("Kiel")).not.toBe(normalizeCity("Köln"));
  });
});
