import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";

/**
 * What a household gives its city before it arrives (registration at the Bürgeramt, housing,
 * meeting at the station): each member's name as in the passport, in Latin letters, and date of
 * birth; one contact phone. Pure: reading and checking what people type, and which question
 * comes next. Errors are locale keys under `prearrival.errors.*`.
 */
export type PreArrivalError =
  | "name_latin"
  | "name_parts"
  | "name_format"
  | "date_format"
  | "date_invalid"
  | "date_future"
  | "date_old"
  | "phone_invalid";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: PreArrivalError };

const fail = (error: PreArrivalError) => ({ ok: false as const, error });

/** The oldest plausible age (years). */
export const MAX_AGE = 120;

/**
 * A name as in the passport: Latin letters (with diacritics: Polish and German passports have
 * them), spaces, hyphens and apostrophes; at least a given name and a surname; 3–100 characters.
 */
export function parsePassportName(text: string): Checked<string> {
  const name = text
    .normalize("NFC")
    .replace(/[’ʼ`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  if (/[\p{Script=Cyrillic}]/u.test(name)) return fail("name_latin");
  if (!/^[\p{Script=Latin}'\- ]+$/u.test(name)) return fail("name_format");
  const parts = name.split(" ");
  if (parts.length < 2) return fail("name_parts");
  const wellFormed = parts.every((p) => /^\p{Script=Latin}+(?:['-]\p{Script=Latin}+)*$/u.test(p));
  if (!wellFormed || name.length < 3 || name.length > 100) return fail("name_format");
  return { ok: true, value: name };
}

/**
 * A date of birth as people type it: 24.12.1985, 24/12/1985, 24-12-1985 or 1985-12-24. It must
 * exist (no 31 February), not be after today, and not be more than 120 years ago. → YYYY-MM-DD.
 */
export function parseBirthDate(text: string, today: string): Checked<string> {
  const t = text.trim();
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const [y, m, d] = dmy
    ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])]
    : ymd
      ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
      : [0, 0, 0];
  if (!y) return fail("date_format");
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return fail("date_invalid");
  }
  const iso = date.toISOString().slice(0, 10);
  if (iso > today) return fail("date_future");
  if (ageOn(iso, today) > MAX_AGE) return fail("date_old");
  return { ok: true, value: iso };
}

/** Full years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Where a number without a country code is read first, then the others tried in order. */
export const PHONE_REGIONS: readonly CountryCode[] = ["DE", "UA", "PL"];

/**
 * A contact phone number, checked with libphonenumber-js's full metadata: with a country code any
 * valid number; without one, read as German, else Ukrainian, else Polish. → E.164 (+4915112345678).
 */
export function parseContactPhone(text: string): Checked<string> {
  const t = text.trim();
  if (t.length > 30 || !/^[+\d][\d ()./-]*$/.test(t)) return fail("phone_invalid");
  for (const region of PHONE_REGIONS) {
    const phone = parsePhoneNumberFromString(t, region);
    if (phone?.isValid()) return { ok: true, value: phone.number };
    if (t.startsWith("+")) break; // a country code was given: no other region applies
  }
  return fail("phone_invalid");
}

/** A stored number as people read it: +49 151 12345678. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** YYYY-MM-DD → DD.MM.YYYY (how dates are written on German forms). */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

// ---- what is stored and what comes next ----

export const memberSchema = z.object({
  name: z.string().optional(),
  birthDate: z.string().optional(),
});
export const preArrivalDataSchema = z.object({
  members: z.array(memberSchema),
  phone: z.string().optional(),
});
export type PreArrivalData = z.infer<typeof preArrivalDataSchema>;
export type PreArrivalMember = z.infer<typeof memberSchema>;

/** A field of the form: a member's name or date of birth, or the phone. */
export type PreArrivalField =
  | { field: "name"; member: number }
  | { field: "birth"; member: number }
  | { field: "phone" };
/** What to ask next: the first field not given, in order; the review once all are given. */
export type PreArrivalStep = PreArrivalField | { field: "review" };

export function emptyPreArrival(persons: number): PreArrivalData {
  return { members: Array.from({ length: Math.max(1, persons) }, () => ({})) };
}

export function nextStep(data: PreArrivalData): PreArrivalStep {
  for (const [member, m] of data.members.entries()) {
    if (!m.name) return { field: "name", member };
    if (!m.birthDate) return { field: "birth", member };
  }
  if (!data.phone) return { field: "phone" };
  return { field: "review" };
}

/** Reads what the person typed for a field and stores it; the data is unchanged on an error. */
export function answer(
  data: PreArrivalData,
  step: PreArrivalField,
  text: string,
  today: string,
): Checked<PreArrivalData> {
  if (step.field === "phone") {
    const phone = parseContactPhone(text);
    return phone.ok ? { ok: true, value: { ...data, phone: phone.value } } : phone;
  }
  const parsed = step.field === "name" ? parsePassportName(text) : parseBirthDate(text, today);
  if (!parsed.ok) return parsed;
  const members = data.members.map((m, i) =>
    i !== step.member
      ? m
      : step.field === "name"
        ? { ...m, name: parsed.value }
        : { ...m, birthDate: parsed.value },
  );
  return { ok: true, value: { ...data, members } };
}

/** One field cleared so that it is asked again (the review's "fix"); the rest is kept. */
export function clearField(data: PreArrivalData, step: PreArrivalField): PreArrivalData {
  if (step.field === "phone") return { members: data.members };
  const members = data.members.map((m, i) => {
    if (i !== step.member) return m;
    const { name, birthDate } = m;
    return step.field === "name" ? { birthDate } : { name };
  });
  return { ...data, members };
}

export function isComplete(data: PreArrivalData): boolean {
  return nextStep(data).field === "review";
}
