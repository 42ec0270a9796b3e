import { z } from "zod";
import { LANGUAGES, type Language } from "../core/languages";
import { parseBerlin } from "./messages/time";

/**
 * The shapes of what city staff write for the people coming to them: texts per language, the
 * municipality's arrival details, a household's appointments. Checked when staff write them
 * (bot forms, the console) and when they are read back from the database.
 */

/** Longest staff text: rendered with a heading and a note it stays below Telegram's 4096. */
export const MAX_TEXT = 3000;

/** Texts per language, at least one. */
export const textsSchema = z
  .partialRecord(z.enum(LANGUAGES), z.string().trim().min(1, "empty_text").max(MAX_TEXT, "too_long"))
  .refine((t) => Object.keys(t).length > 0, { message: "no_text" });
export type Texts = Partial<Record<Language, string>>;

export const cityInfoSchema = z.object({
  address: z.string().max(300).optional(),
  contact: z.string().max(300).optional(),
  notes: z.partialRecord(z.enum(LANGUAGES), z.string().max(MAX_TEXT)).default({}),
});
export type CityInfo = z.infer<typeof cityInfoSchema>;

/** Appointments one household can hold (forms refuse more; a bulk appointment skips a full one). */
export const MAX_APPOINTMENTS = 10;

export const appointmentSchema = z.object({ at: z.iso.datetime(), place: z.string(), what: z.string() });
export type Appointment = z.infer<typeof appointmentSchema>;

/** One household's arrival details as staff give them (bot form or console form). */
export interface ArrivalDetails {
  arrivalDate?: Date | null;
  meetingPoint?: string | null;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  appointments: Appointment[];
}

/** A Berlin wall-clock time as staff write or pick it ("2026-12-05 10:00" or "…T10:00") → the moment. */
export const berlinMoment = (error: string) =>
  z.string({ error }).transform((s, ctx) => {
    const date = parseBerlin(s);
    if (!date) {
      ctx.addIssue({ code: "custom", message: error });
      return z.NEVER;
    }
    return date;
  });

/** The same, and still to come. */
export const futureMoment = (error: string) =>
  berlinMoment(error).refine((d) => d.getTime() > Date.now(), { message: "in_past" });
