import type { HouseholdAnswers } from "./answers";
import type { Household, Specialty } from "./matching/model";

export interface MunicipalityName {
  id: string;
  name: string;
}

/** Lowercase, no accents, letters only: "Düsseldorf" and "dusseldorf" are the same city. */
export function normalizeCity(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

/**
 * The matching engine's view of a registered household, derived from its questionnaire answers.
 * Pure: no database. The rules:
 * - persons: the stated household size, else the members listed (core/answers.ts);
 * - school places: members aged 6–17; kindergarten places: members aged 0–5 who need one;
 * - an accessible unit when anyone uses a wheelchair;
 * - medical needs: the union of the members' needs ("other" needs a general practitioner);
 * - relatives: municipalities whose name matches the city the relatives live in;
 * - importance 0–3 straight from the answers; city size matters (2) unless "doesn't matter";
 * - municipalities the household declined earlier are excluded (a hard constraint);
 * - priority: the caseworker's priority for vulnerability (Intake.priority), never an answer.
 */
export function householdFromIntake(
  id: string,
  registeredAt: Date,
  household: HouseholdAnswers,
  municipalities: MunicipalityName[],
  declined: string[] = [],
  priority = 0,
): Household {
  const a = household.answers;
  const members = household.members;
  const ages = household.ages;
  const needs = household.needs;
  const medical = new Set<Specialty>(
    needs.medical.map((need) => (need === "other" ? "general" : (need as Specialty))),
  );
  const sectors = new Set(
    members
      .filter((m, i) => (ages[i] ?? 0) >= 18 && typeof m.sector === "string")
      .map((m) => m.sector as Household["jobSectors"][number]),
  );
  const relativesCity = normalizeCity(household.text("relatives_city") ?? "");
  const relativesIn =
    a.has_relatives === true && relativesCity
      ? municipalities
          .filter((m) => normalizeCity(m.name) === relativesCity || m.id === relativesCity)
          .map((m) => m.id)
      : [];
  const citySize = a.city_size === "big" || a.city_size === "small" ? a.city_size : "any";
  const importance = (key: string) => household.number(key) ?? 0;
  const ranking = household.list("ranking");
  return {
    id,
    registeredAt: registeredAt.toISOString(),
    persons: household.size,
    schoolChildren: ages.filter((age) => age !== null && age >= 6 && age <= 17).length,
    kindergartenChildren: members.filter((m, i) => (ages[i] ?? 99) <= 5 && m.needs_kindergarten === true)
      .length,
    needsAccessibleUnit: needs.wheelchair,
    medicalNeeds: [...medical],
    hasPets: needs.pets,
    relativesIn,
    jobSectors: [...sectors],
    importance: {
      work: importance("imp_work"),
      schools: importance("imp_schools"),
      medical: importance("imp_medical"),
      community: importance("imp_community"),
      citySize: citySize === "any" ? 0 : 2,
      relatives: importance("imp_near_people"),
    },
    preferredCitySize: citySize,
    ranking: Array.isArray(a.ranking) ? ranking : undefined,
    excludedMunicipalities: declined.length > 0 ? declined : undefined,
    ...(priority > 0 ? { priority } : {}),
  };
}
