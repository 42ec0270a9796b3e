import { z } from "zod";
import {
  berlinMoment,
  type CityInfo,
  futureMoment,
  MAX_APPOINTMENTS,
  MAX_TEXT,
  type Texts,
  textsSchema,
} from "../../shared/arrival";
import { EVENT_KINDS } from "../../shared/city/store";
import { LANGUAGES, type Language } from "../../shared/i18n";
import { parseBerlin } from "../../shared/messages/time";

/**
 * Staff type structured messages on a phone: a command line, then "field: value" lines (a field
 * may continue on the next lines). The bot sends a filled-in template to copy and edit. Field
 * names are syntax, like commands; every error is a locale key under `arrival.form.*`.
 */
/** The field names of the forms; staff may type them in their own language (`arrival.form_keys.*`). */
export const FORM_KEYS = [
  "date",
  "place",
  "kind",
  "meeting",
  "address",
  "contact",
  "phone",
  "appointment",
] as const;
/** A field name as typed, lower case, in any staff language → the form's key. */
export type FieldAliases = ReadonlyMap<string, string>;

export function readFields(
  text: string,
  known: readonly string[],
  aliases: FieldAliases = new Map(),
): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let current: { key: string; index: number } | null = null;
  for (const line of text.split("\n").slice(1)) {
    const m = /^\s*(\p{L}{2,14}):\s?(.*)$/u.exec(line);
    const typed = m?.[1]?.toLocaleLowerCase() ?? "";
    const name = known.includes(typed) ? typed : (aliases.get(typed) ?? "");
    if (m && known.includes(name)) {
      const key = name;
      const values = fields.get(key) ?? [];
      values.push((m[2] ?? "").trim());
      fields.set(key, values);
      current = { key, index: values.length - 1 };
    } else if (current) {
      const values = fields.get(current.key) ?? [];
      values[current.index] = `${values[current.index] ?? ""}\n${line}`.trim();
    } else if (line.trim()) {
      return new Map([["?", [line]]]);
    }
  }
  return fields;
}

/** The word after the command: an id for /arrival and /event. */
export function commandArgument(text: string): string | undefined {
  return text.split("\n")[0]?.trim().split(/\s+/)[1];
}

const line = (error: string, max = 200) => z.string({ error }).trim().min(1, error).max(max, error);

function textsOf(fields: Map<string, string[]>): Texts {
  const out: Texts = {};
  for (const lang of LANGUAGES) {
    const value = fields.get(lang)?.[0];
    if (value) out[lang] = value;
  }
  return out;
}

const single = (fields: Map<string, string[]>, key: string) => fields.get(key)?.[0];

export type FormResult<T> = { ok: true; value: T } | { ok: false; error: string };

function result<T>(parsed: z.ZodSafeParseResult<T>): FormResult<T> {
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid" };
}

// ---- an event: /event [id] ----

const EVENT_FIELDS = ["date", "place", "kind", ...LANGUAGES] as const;

const eventSchema = z.object({
  startsAt: futureMoment("bad_date"),
  place: line("bad_place"),
  kind: z.enum(EVENT_KINDS, { error: "bad_kind" }),
  texts: textsSchema,
});
export type EventForm = z.infer<typeof eventSchema>;

/**
 * An event typed in one message. `kinds` maps the kind's name in any staff language ("Kurs",
 * "Warsztaty") to its code; without it only the codes are read.
 */
export function parseEventForm(
  text: string,
  aliases?: FieldAliases,
  kinds?: FieldAliases,
): FormResult<EventForm> {
  const f = readFields(text, EVENT_FIELDS, aliases);
  if (f.has("?")) return { ok: false, error: "unknown_line" };
  const kind = single(f, "kind");
  return result(
    eventSchema.safeParse({
      startsAt: single(f, "date"),
      place: single(f, "place"),
      kind: kind === undefined ? "course" : (kinds?.get(kind.toLocaleLowerCase()) ?? kind),
      texts: textsOf(f),
    }),
  );
}

// ---- the municipality's arrival details: /cityinfo ----

const CITY_FIELDS = ["address", "contact", ...LANGUAGES] as const;

const cityFormSchema = z.object({
  address: line("bad_address", 300).optional(),
  contact: line("bad_contact", 300).optional(),
  notes: z.partialRecord(z.enum(LANGUAGES), z.string().trim().min(1).max(MAX_TEXT, "too_long")),
});

export function parseCityForm(text: string, aliases?: FieldAliases): FormResult<CityInfo> {
  const f = readFields(text, CITY_FIELDS, aliases);
  if (f.has("?")) return { ok: false, error: "unknown_line" };
  if (f.size === 0) return { ok: false, error: "empty_form" };
  return result(
    cityFormSchema.safeParse({
      address: single(f, "address"),
      contact: single(f, "contact"),
      notes: textsOf(f),
    }),
  );
}

// ---- one household's arrival: /arrival <intake id> ----

const HOUSEHOLD_FIELDS = ["date", "meeting", "address", "contact", "phone", "appointment"] as const;

const appointmentLine = z.string().transform((s, ctx) => {
  const [when, place, ...what] = s.split("|").map((x) => x.trim());
  const at = when ? parseBerlin(when) : null;
  if (!at || !place || what.join(" | ").length === 0 || s.length > 400) {
    ctx.addIssue({ code: "custom", message: "bad_appointment" });
    return z.NEVER;
  }
  return { at: at.toISOString(), place, what: what.join(" | ") };
});

const householdSchema = z.object({
  arrivalDate: berlinMoment("bad_date").optional(),
  meetingPoint: line("bad_meeting", 300).optional(),
  address: line("bad_address", 300).optional(),
  contactName: line("bad_contact", 200).optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[\d ()/-]{5,30}$/, "bad_phone")
    .optional(),
  appointments: z.array(appointmentLine).max(MAX_APPOINTMENTS, "too_many_appointments"),
});
export type HouseholdForm = z.infer<typeof householdSchema>;

export function parseHouseholdForm(text: string, aliases?: FieldAliases): FormResult<HouseholdForm> {
  const f = readFields(text, HOUSEHOLD_FIELDS, aliases);
  if (f.has("?")) return { ok: false, error: "unknown_line" };
  if (f.size === 0) return { ok: false, error: "empty_form" };
  return result(
    householdSchema.safeParse({
      arrivalDate: single(f, "date"),
      meetingPoint: single(f, "meeting"),
      address: single(f, "address"),
      contactName: single(f, "contact"),
      contactPhone: single(f, "phone"),
      appointments: f.get("appointment") ?? [],
    }),
  );
}

// ---- a broadcast's text: plain text in the author's language, or "xx:" sections ----

/** "uk: …\nen: …" sets those languages; text before any marker is in the author's language. */
export function parseBroadcastText(text: string, own: Language): FormResult<Texts> {
  const out: Record<string, string> = {};
  let lang: string = own;
  for (const raw of text.split("\n")) {
    const m = /^\s*(uk|ru|en|de|pl):\s?(.*)$/.exec(raw);
    if (m) {
      lang = m[1] ?? own;
      out[lang] = m[2] ?? "";
    } else out[lang] = out[lang] === undefined ? raw : `${out[lang]}\n${raw}`;
  }
  for (const k of Object.keys(out)) if (!out[k]?.trim()) delete out[k];
  return result(textsSchema.safeParse(out));
}
