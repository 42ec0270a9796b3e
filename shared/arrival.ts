import { z } from "zod";
import { LANGUAGES, type Language } from "../core/languages";

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

export const appointmentSchema = z.object({ at: z.iso.datetime(), place: z.string(), what: z.string() });
export type Appointment = z.infer<typeof appointmentSchema>;
