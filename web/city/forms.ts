import { isValidPhoneNumber } from "libphonenumber-js";
import { z } from "zod";
import { DIMENSIONS, SECTORS, sectorSchema } from "../../core/matching/model";
import { berlinMoment, futureMoment, MAX_APPOINTMENTS, MAX_TEXT, textsSchema } from "../../shared/arrival";
import { EVENT_KINDS } from "../../shared/city/store";

/**
 * What the console's city forms send. Moments are Berlin wall-clock times as the date and time
 * pickers give them ("2026-12-05T09:00"); every error message is a locale key
 * (`consoleCity.errors.<code>`), shown beside the field it names.
 */
const line = (error: string, max = 300) => z.string().trim().min(1, error).max(max, error);
const optionalLine = (error: string, max = 300) =>
  z
    .string()
    .trim()
    .max(max, error)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

export const appointmentForm = z.object({
  at: berlinMoment("bad_date"),
  place: line("bad_place"),
  what: line("bad_what", 400),
});

export const arrivalForm = z.object({
  /** the version the form was loaded with: a change made meanwhile is not overwritten */
  version: z.number().int().min(0),
  arrivalDate: z.union([berlinMoment("bad_date"), z.literal("").transform(() => null)]).nullable(),
  meetingPoint: optionalLine("bad_meeting"),
  address: optionalLine("bad_address"),
  contactName: optionalLine("bad_contact", 200),
  contactPhone: optionalLine("bad_phone", 40).refine((p) => !p || isValidPhoneNumber(p, "DE"), {
    message: "bad_phone",
  }),
  appointments: z.array(appointmentForm).max(MAX_APPOINTMENTS, "too_many_appointments"),
});

const intakeIds = z.array(z.string().regex(/^[a-z0-9]{10,30}$/)).max(500);

export const bulkAppointmentForm = z.object({
  intakeIds: intakeIds.min(1, "none_chosen"),
  appointment: appointmentForm,
});

/** The same arrival details for many households: what is filled in is set, what is left empty stays as it is. */
export const bulkDetailsForm = z.object({
  intakeIds: intakeIds.min(1, "none_chosen"),
  details: arrivalForm.pick({
    arrivalDate: true,
    meetingPoint: true,
    address: true,
    contactName: true,
    contactPhone: true,
  }),
});

export const audienceSchema = z.enum(["placed", "not_arrived", "selection"]);

export const eventForm = z.object({
  kind: z.enum(EVENT_KINDS, { error: "bad_kind" }),
  startsAt: futureMoment("bad_date"),
  place: line("bad_place"),
  texts: textsSchema,
});

export const newEventForm = eventForm.extend({
  audience: audienceSchema,
  intakeIds: intakeIds.default([]),
});

export const previewForm = z.object({
  lang: z.enum(["uk", "ru", "en", "de", "pl"]),
  kind: z.enum(EVENT_KINDS).optional(),
  startsAt: z.string().optional(),
  place: z.string().max(300).optional(),
  texts: z.partialRecord(z.enum(["uk", "ru", "en", "de", "pl"]), z.string().max(MAX_TEXT)),
});

export const broadcastForm = z.object({
  audience: z.enum(["placed", "not_arrived", "selection", "event"]),
  intakeIds: intakeIds.default([]),
  eventId: z
    .string()
    .regex(/^[a-z0-9]{10,30}$/)
    .optional(),
  texts: textsSchema,
  /** empty: now */
  scheduledAt: z.union([futureMoment("bad_date"), z.literal("").transform(() => null)]).nullable(),
});

export const capacityForm = z.object({
  capacity: z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, z.number().int().min(0).max(100_000)]))),
});

/** What the municipality looks for, its side of the matching (core/matching/welfare.ts). */
export const criteriaForm = z.object({
  seeksFamilies: z.boolean(),
  jobSectors: z.array(sectorSchema).max(SECTORS.length),
});

export const attendanceForm = z.object({
  intakeId: z.string().regex(/^[a-z0-9]{10,30}$/),
  attended: z.boolean(),
});

/** The first problem of a form as a code and the field it is on. */
export function firstIssue(error: z.ZodError): { code: string; field: string } {
  const issue = error.issues[0];
  const code = issue?.message && /^[a-z_]+$/.test(issue.message) ? issue.message : "invalid";
  return { code, field: issue?.path.join(".") ?? "" };
}
