import { z } from "zod";
import type { AnswerValue, IntakeState, MemberAnswers } from "./questionnaire";

/**
 * The one reader of a household's stored answers (`Intake.state`, the questionnaire engine's
 * state as JSON). Everything that needs the household's size, members, travel date or needs
 * reads them here, with one set of rules: the stored JSON is validated with zod, and a value of
 * the wrong type counts as not answered.
 */
const answer = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

export const intakeStateSchema = z.object({
  answers: z.record(z.string(), answer),
  groups: z.record(z.string(), z.array(z.record(z.string(), answer))),
  current: z.string(),
  draft: z.object({ slot: z.string(), values: z.array(z.string()) }).optional(),
});

/** Reads the stored engine state; a row that does not parse is a bug, not user input. */
export function readIntakeState(json: unknown): IntakeState {
  return intakeStateSchema.parse(json);
}

const numberOf = (v: AnswerValue | undefined): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const listOf = (v: AnswerValue | undefined): string[] => (Array.isArray(v) ? v : []);
const textOf = (v: AnswerValue | undefined): string | null => (typeof v === "string" && v !== "" ? v : null);

export interface Needs {
  /** medical needs of any member, as the questionnaire's codes (dialysis, oncology, …, other) */
  medical: string[];
  wheelchair: boolean;
  pets: boolean;
}

/** Typed accessors over one household's answers. */
export class HouseholdAnswers {
  constructor(readonly state: IntakeState) {}

  static of(json: unknown): HouseholdAnswers {
    return new HouseholdAnswers(readIntakeState(json));
  }

  get answers(): IntakeState["answers"] {
    return this.state.answers;
  }

  get members(): MemberAnswers[] {
    return this.state.groups.members ?? [];
  }

  /** Persons in the household: the stated size, else the members listed, and at least one. */
  get size(): number {
    return Math.max(1, numberOf(this.answers.household_size) ?? (this.members.length || 1));
  }

  /** Each member's age, null where it is not answered. */
  get ages(): (number | null)[] {
    return this.members.map((m) => numberOf(m.age));
  }

  /** The planned travel date as the questionnaire stores it (YYYY-MM-DD), or null. */
  get travelDate(): string | null {
    return textOf(this.answers.travel_date);
  }

  /** The languages the members speak, each once, in the order first named. */
  get languages(): string[] {
    return [...new Set(this.members.flatMap((m) => listOf(m.languages)))];
  }

  get needs(): Needs {
    return {
      medical: [...new Set(this.members.flatMap((m) => listOf(m.medical_needs)))],
      wheelchair: this.members.some((m) => m.wheelchair === true),
      pets: this.answers.has_pets === true,
    };
  }

  /** Any answer as text (free-text questions), or null. */
  text(key: string): string | null {
    return textOf(this.answers[key]);
  }

  /** Any answer as a number, or null. */
  number(key: string): number | null {
    return numberOf(this.answers[key]);
  }

  list(key: string): string[] {
    return listOf(this.answers[key]);
  }
}

/**
 * What staff filter and search on, derived from the answers by the one set of rules above.
 * Stored beside the answers (Intake.persons, children, needs, languages, hasRelatives,
 * searchText) whenever they are submitted or corrected.
 */
export interface HouseholdFacts {
  persons: number;
  /** members under 18 */
  children: number;
  /** medical needs' codes, and "wheelchair" / "pets" when they apply */
  needs: string[];
  languages: string[];
  hasRelatives: boolean;
  /** the free-text answers, lower case, for staff search */
  searchText: string;
}

export function factsOf(household: HouseholdAnswers): HouseholdFacts {
  const { medical, wheelchair, pets } = household.needs;
  const texts = [
    ...Object.values(household.answers),
    ...household.members.flatMap((m) => Object.values(m)),
  ].filter((v): v is string => typeof v === "string" && /\p{L}/u.test(v) && !/^[a-z0-9_]+$/.test(v));
  return {
    persons: household.size,
    children: household.ages.filter((age) => age !== null && age < 18).length,
    needs: [...medical, ...(wheelchair ? ["wheelchair"] : []), ...(pets ? ["pets"] : [])],
    languages: household.languages,
    hasRelatives: household.answers.has_relatives === true,
    searchText: [...new Set(texts)].join(" | ").toLowerCase(),
  };
}
