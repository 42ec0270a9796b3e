import { z } from "zod";
import { LANGUAGES } from "../core/languages";

/**
 * The one codec of inline-button data, for bot, worker and shared code alike. A button's data is
 * `<prefix>:<value>:<value>…`: the route's prefix, then its named fields in the order declared
 * below, each validated with zod on the way in and on the way out. Telegram limits the data to
 * 64 bytes; `pack` refuses anything longer or anything that would not read back the same.
 *
 *   const data = pack(routes.offer, { offerId, answer: "accept" });   // "offer:<id>:accept"
 *   const fields = unpack(routes.offer, data);                       // { offerId, answer } | null
 *
 * Buttons drawn for an intake version carry it (`version`): a button from an older message, or
 * a second tap, no longer matches the stored version and is answered as stale. Data that fits
 * no route, or fails its route's fields, is stale too (bot/buttons.ts).
 */
export const CALLBACK_LIMIT = 64;

/** A button kind: its prefix, its fields in order, and their schema. */
export interface Route<S extends z.ZodObject = z.ZodObject> {
  readonly prefix: string;
  readonly keys: readonly string[];
  readonly schema: S;
}

/** The fields of a route's buttons, as handlers receive them. */
export type FieldsOf<R extends Route> = z.output<R["schema"]>;

function route<F extends z.ZodRawShape>(prefix: string, fields: F): Route<z.ZodObject<F>> {
  return { prefix, keys: Object.keys(fields), schema: z.object(fields) };
}

/** Reads a route's fields from button data; null when the data is not this route's or is invalid. */
export function unpack<R extends Route>(r: R, data: string): FieldsOf<R> | null {
  if (Buffer.byteLength(data) > CALLBACK_LIMIT) return null;
  const [prefix, ...values] = data.split(":");
  if (prefix !== r.prefix || values.length !== r.keys.length) return null;
  const parsed = r.schema.safeParse(Object.fromEntries(r.keys.map((k, i) => [k, values[i]])));
  return parsed.success ? (parsed.data as FieldsOf<R>) : null;
}

/** Button data for a route; throws when a value is invalid or the data would exceed 64 bytes. */
export function pack<R extends Route>(r: R, fields: FieldsOf<R>): string {
  const values = fields as Record<string, unknown>;
  const data = [r.prefix, ...r.keys.map((k) => String(values[k]))].join(":");
  if (Buffer.byteLength(data) > CALLBACK_LIMIT) throw new Error(`button data too long: ${data}`);
  if (!unpack(r, data)) throw new Error(`button data does not read back: ${data}`);
  return data;
}

/** Whether data belongs to a route at all (its prefix), valid or not: for telegraf's `action`. */
export function matcher(r: Route): RegExp {
  return new RegExp(`^${r.prefix}(:|$)`);
}

// ---- field types ----

const word = <const T extends readonly [string, ...string[]]>(...values: T) => z.enum(values);
const language = z.enum(LANGUAGES);
const version = z.coerce.number().int().min(0);
const index = (min: number) => z.coerce.number().int().min(min).max(999);
/** a database row id (cuid) */
const rowId = z.string().regex(/^[a-z0-9]{10,30}$/);
/** an answer choice of the questionnaire */
const choice = z.string().regex(/^[a-z0-9_-]{1,40}$/);
/** a questionnaire slot: `question` or `members.<n>.question` */
const slot = z.string().regex(/^[a-z_]+(\.\d{1,2}\.[a-z_]+)?$/);
/** a knowledge-base entry id (core/assistant: lowercase words joined by hyphens, ≤ 48 chars) */
const entryId = z
  .string()
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
/** a support question (q…) or message (m…) id (bot/assistant/threads.ts) */
const questionId = z.string().regex(/^q[0-9a-f]{16}$/);
const messageId = z.string().regex(/^m[0-9a-f]{16}$/);
/** a round draft's token: its last change, base 36 */
const token = z.string().regex(/^[a-z0-9]{1,12}$/);

export const DECLINE_REASONS = ["relatives", "work", "size", "medical", "other", "skip"] as const;

export const BROADCAST_ACTIONS = [
  "audience-placed",
  "audience-not-arrived",
  "audience-event",
  "schedule",
  "tomorrow-9",
  "tomorrow-18",
  "ask",
  "send",
  "back",
  "discard",
  "unschedule",
  "status",
  "send-again",
] as const;
export type BroadcastAction = (typeof BROADCAST_ACTIONS)[number];

/** Every button of the product. A prefix is used by one route only (checked below and in a test). */
export const routes = {
  // start and consent (bot/features/start.ts)
  language: route("lang", { lang: language }),
  /** `drawn`: when the consent text was shown (milliseconds, base 36): an old "I agree" shows it again */
  consent: route("consent", { lang: language, decision: word("agree", "decline"), drawn: token }),
  // the questionnaire (bot/features/intake.ts)
  answer: route("answer", { version, input: word("choose", "toggle", "rank"), value: choice }),
  step: route("step", { version, step: word("done", "skip", "rank-reset", "back") }),
  review: route("review", { version, action: word("submit", "edit", "summary") }),
  reviewSection: route("section", { version, section: index(0), member: index(-1) }),
  reviewEdit: route("edit", { version, slot }),
  registered: route("registered", { action: word("review") }),
  /** a household whose answers are locked asks a caseworker to change them */
  changeRequest: route("change", {}),
  // the person's account (bot/features/account.ts)
  erase: route("delete", { nonce: z.string().regex(/^[0-9a-f]{16}$/), decision: word("yes", "no") }),
  // matching rounds (bot/features/rounds.ts) and offers (bot/features/offers.ts, sent by the worker)
  roundStart: route("round-start", { draftId: rowId, token, relatives: word("bonus", "require") }),
  round: route("round", { roundId: rowId, decision: word("approve", "discard") }),
  offer: route("offer", { offerId: rowId, answer: word("accept", "decline") }),
  declineReason: route("decline", { offerId: rowId, reason: z.enum(DECLINE_REASONS) }),
  // pre-arrival data after an accepted offer (bot/features/pre-arrival.ts)
  preArrival: route("pre", {
    action: word("confirm", "change", "fix", "review"),
    field: word("name", "birth", "phone", "none"),
    member: index(0),
  }),
  preArrivalConsent: route("pre-consent", { decision: word("agree", "decline") }),
  // the assistant, the person's side (bot/features/assistant.ts)
  entry: route("entry", { entryId }),
  helped: route("helped", { entryId, helped: word("yes", "no") }),
  suggestion: route("suggest", { entryId }),
  askPerson: route("ask-person", {}),
  staffReply: route("reply", { questionId, action: word("write-back", "solved") }),
  // the assistant, the staff side (bot/features/support.ts)
  knowledgeAdd: route("kb-add", { messageId, scope: word("general", "municipal") }),
  questionClose: route("q-close", { questionId }),
  // city staff (bot/features/city/)
  cityMenu: route("city", { item: word("info", "households", "events", "broadcast", "broadcasts") }),
  cityPage: route("cpage", { list: word("households", "people", "events", "broadcasts"), page: index(0) }),
  household: route("household", { intakeId: rowId, action: word("show", "arrived") }),
  cityEvent: route("event", { eventId: rowId, action: word("show", "cancel", "confirm-cancel") }),
  broadcast: route("broadcast", { broadcastId: rowId, action: z.enum(BROADCAST_ACTIONS) }),
  broadcastPreview: route("preview", { broadcastId: rowId, lang: language }),
  broadcastEvent: route("bc-event", { broadcastId: rowId, eventId: rowId }),
  /** a page of the upcoming events a broadcast can go to */
  broadcastEvents: route("bc-events", { broadcastId: rowId, page: index(0) }),
  // a household answers an event (bot/features/arrival.ts, sent by the worker too)
  attendance: route("attend", { eventId: rowId, answer: word("will-come", "cannot-come") }),
} as const;

const prefixes = Object.values(routes).map((r) => r.prefix);
if (new Set(prefixes).size !== prefixes.length) throw new Error("two button routes share a prefix");
