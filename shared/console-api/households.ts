/**
 * The console's households API as the server sends it and the browser reads it (web/households,
 * web/routes/{households,reference}.ts → web/client/src/pages/household*.tsx). Types only,
 * importing nothing but this folder: both tsconfigs include it. Moments are ISO strings.
 */

/** What the console's filters and forms offer (`/api/reference`). */
export interface Reference {
  municipalities: { id: string; name: string }[];
  needs: readonly string[];
  languages: readonly string[];
  statuses: readonly string[];
}

/** What every list of households shows of one. */
export interface HouseholdBasics {
  id: string;
  /** the short reference, e.g. #8F5085 */
  ref: string;
  status: string;
  persons: number | null;
  children: number | null;
  needs: string[];
  languages: string[];
}

/** A row of the households table. */
export interface HouseholdRow extends HouseholdBasics {
  hasRelatives: boolean | null;
  registeredAt: string | null;
  /** where it was placed or has an open offer */
  destination: { id: string; name: string } | null;
  /** the household's chat language */
  language: string;
}

export interface HouseholdsPage {
  total: number;
  page: number;
  pageSize: number;
  rows: HouseholdRow[];
}

export interface PreArrivalMember {
  /** as in the passport, Latin letters */
  name: string;
  /** DD.MM.YYYY */
  birthDate: string;
  /** full years today (Berlin) */
  age: number;
}

/** The household's pre-arrival data on a staff card, once it confirmed it (shared/pre-arrival.ts). */
export interface PreArrivalCard {
  members: PreArrivalMember[];
  /** international format, e.g. "+49 151 23456789" */
  phone: string;
  /** E.164, for tel: links */
  phoneE164: string;
  confirmedAt: string;
}

/** What the correction form needs to ask a question again. */
export interface AnswerForm {
  type: "number" | "text" | "date" | "yesno" | "single" | "multi" | "ranking";
  optional: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  choices?: { value: string; label: string }[];
}

/** An answer as stored (before it is put in words). */
export type RawAnswer = string | number | boolean | string[] | null;

/** One answer: its label and value in the staff language, and how to correct it. */
export interface AnswerItem {
  slot: string;
  label: string;
  value: string;
  raw: RawAnswer;
  form: AnswerForm;
}

/** A follow-up question a correction needs (`/api/households/:id/question`). */
export interface QuestionForm {
  slot: string;
  label: string;
  form: AnswerForm;
}

/** One entry of the household's timeline: what happened, with the fields of its kind. */
export type TimelineEntry = Record<string, unknown> & { at: string; kind: string };

/** One household as a caseworker sees it (web/households/card.ts `householdCard`). */
export interface HouseholdCard {
  id: string;
  ref: string;
  status: string;
  /** the answers' version the correction form edits (a concurrent change is refused) */
  version: number;
  language: string;
  registeredAt: string | null;
  holdReason: string | null;
  /** caseworker priority 0–3 (vulnerability; never self-reported) */
  priority: number;
  withdrawReason: string | null;
  municipality: { id: string; name: string } | null;
  facts: {
    persons: number | null;
    children: number | null;
    needs: string[];
    languages: string[];
    hasRelatives: boolean | null;
  };
  /** answers can be corrected while it waits for a round */
  editable: boolean;
  sections: { title: string; items: AnswerItem[] }[];
  /** confirmed pre-arrival data (passport names, dates of birth, phone), once the household gave it */
  preArrival: PreArrivalCard | null;
  timeline: TimelineEntry[];
}
