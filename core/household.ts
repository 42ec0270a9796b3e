import type { Household, Specialty } from "./matching/model";
import type { AnswerValue, IntakeState } from "./questionnaire";

/**
 * The matching engine's view of a registered household, derived from its questionnaire answers.
 * Pure: no database. The rules:
 * - school places: members aged 6–17; kindergarten places: members aged 0–5 who need one;
 * - an accessible unit when anyone uses a wheelchair;
 * - medical needs: the union of the members' needs ("other" needs a general practitioner);
 * - relatives: municipalities whose name matches the city the relatives live in;
 * - importance 0–3 straight from the answers; city size matters (2) unless "doesn't matter";
 * - municipalities the household declined earlier are excluded (a hard constraint).
 */
export interface MunicipalityName {
  id: string;
  name: string;
}

const num = (v: AnswerValue | undefined, fallback = 0) =>
  typeof v === "number" ? v : Number(v ?? fallback) || fallback;

/** Lowercase, no accents, letters only: "Düsseldorf" and "dusseldorf" are the same city. */
export function normalizeCity(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

export function householdFromIntake(
  id: string,
  registeredAt: Date,
  state: IntakeState,
  municipalities: MunicipalityName[],
  declined: string[] = [],
): Household {
  const a = state.answers;
  const members = state.groups.members ?? [];
  const ages = members.map((m) => num(m.age, -1));
  const medical = new Set<Specialty>();
  for (const m of members) {
    for (const need of Array.isArray(m.medical_needs) ? m.medical_needs : []) {
      medical.add(need === "other" ? "general" : (need as Specialty));
    }
  }
  const sectors = new Set(
    members
      .filter((m) => num(m.age) >= 18 && typeof m.sector === "string")
      .map((m) => m.sector as Household["jobSectors"][number]),
  );
  const relativesCity = typeof a.relatives_city === "string" ? normalizeCity(a.relatives_city) : "";
  const relativesIn =
    a.has_relatives === true && relativesCity
      ? municipalities
          .filter((m) => normalizeCity(m.name) === relativesCity || m.id === relativesCity)
          .map((m) => m.id)
      : [];
  const citySize = a.city_size === "big" || a.city_size === "small" ? a.city_size : "any";
  return {
    id,
    registeredAt: registeredAt.toISOString(),
    persons: Math.max(1, num(a.household_size, members.length || 1)),
    schoolChildren: ages.filter((age) => age >= 6 && age <= 17).length,
    kindergartenChildren: members.filter((m) => num(m.age, 99) <= 5 && m.needs_kindergarten === true).length,
    needsAccessibleUnit: members.some((m) => m.wheelchair === true),
    medicalNeeds: [...medical],
    hasPets: a.has_pets === true,
    relativesIn,
    jobSectors: [...sectors],
    importance: {
      work: num(a.imp_work),
      schools: num(a.imp_schools),
      medical: num(a.imp_medical),
      community: num(a.imp_community),
      citySize: citySize === "any" ? 0 : 2,
      relatives: num(a.imp_near_people),
    },
    preferredCitySize: citySize,
    ranking: Array.isArray(a.ranking) ? a.ranking : undefined,
    excludedMunicipalities: declined.length > 0 ? declined : undefined,
  };
}
