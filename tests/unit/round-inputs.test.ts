import { describe, expect, it } from "vitest";
import { createI18n } from "../../shared/i18n";
import { engineMunicipality, MunicipalityDataError } from "../../shared/rounds/inputs";

const row = (services: object) =>
  ({
    id: "kiel",
    name: "Kiel",
    capacity: { persons: 10 },
    taken: {},
    services,
    info: {},
    createdAt: new Date(),
    updatedAt: new Date(),
  }) as Parameters<typeof engineMunicipality>[0];

describe("a round's municipalities", () => {
  it("names the municipality and the fields the engine cannot use, and the caseworker reads it in words", async () => {
    let caught: unknown;
    try {
      engineMunicipality(row({ languageCourses: true }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MunicipalityDataError);
    const error = caught as MunicipalityDataError;
    expect(error.municipality).toBe("Kiel");
    expect(error.fields).toContain("services.medicalSpecialties");
    const de = (await createI18n()).t("de");
    const text = de("rounds.failed_municipality", {
      number: 3,
      municipality: error.municipality,
      fields: error.fields.join(", "),
    });
    expect(text).toContain("Runde 3");
    expect(text).toContain("Kiel");
    expect(text).toContain("services.medicalSpecialties");
    expect(text).not.toContain("invalid_type");
  });

  it("reads a complete municipality with what is still free as its capacity", () => {
    const m = engineMunicipality({
      ...row({
        medicalSpecialties: ["general"],
        languageCourses: true,
        integrationCourses: true,
        welcomeClasses: true,
        jobSectors: [],
        ukrainianCommunity: 10,
        citySize: "big",
        petsAllowed: true,
      }),
      taken: { persons: 4 },
    });
    expect(m.capacity.persons).toBe(6);
  });
});
