import { z } from "zod";
import { LANGUAGES } from "../shared/i18n";

/**
 * Every inline button's data, validated with zod on the way back in. Intake and review buttons
 * carry the intake version they were drawn for: a button from an older message, or a second
 * tap on the same one, no longer matches and is answered as stale.
 * Telegram limits callback data to 64 bytes.
 */
const lang = z.enum(LANGUAGES);
const version = z.coerce.number().int().min(0);
const value = z.string().regex(/^[a-z0-9_-]{1,40}$/);
const slotKey = z.string().regex(/^[a-z_]+(\.\d{1,2}\.[a-z_]+)?$/);
/** a knowledge-base entry id (core/assistant: lowercase words joined by hyphens, ≤ 48 chars) */
const entryId = z
  .string()
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
/** a support question or message id (bot/assistant/threads.ts) */
const supportId = z.string().regex(/^[qm][0-9a-f]{16}$/);

/** a database row id (cuid) of the arrival features: events, broadcasts, intakes */
const rowId = z.string().regex(/^[a-z0-9]{10,30}$/);

export const callbackSchema = z.union([
  z.tuple([z.literal("lang"), lang]),
  z.tuple([z.literal("consent"), lang, z.enum(["yes", "no"])]),
  z.tuple([z.literal("q"), version, z.enum(["c", "t", "r"]), value]),
  z.tuple([z.literal("q"), version, z.enum(["d", "s", "rr", "b"])]),
  z.tuple([z.literal("rv"), version, z.enum(["submit", "edit", "summary"])]),
  z.tuple([
    z.literal("rv"),
    version,
    z.literal("sec"),
    z.coerce.number().int().min(0),
    z.coerce.number().int().min(-1),
  ]),
  z.tuple([z.literal("rv"), version, z.literal("ed"), slotKey]),
  z.tuple([z.literal("del"), z.enum(["yes", "no"])]),
  // matching rounds (caseworkers) and offers (households)
  z.tuple([
    z.literal("rn"),
    z.string().regex(/^[a-z0-9]{10,30}$/),
    z.string().regex(/^[a-z0-9]{1,12}$/),
    z.enum(["bonus", "require"]),
  ]),
  z.tuple([z.literal("rd"), z.string().regex(/^[a-z0-9]{10,30}$/), z.enum(["ap", "di", "csv"])]),
  z.tuple([z.literal("of"), z.string().regex(/^[a-z0-9]{10,30}$/), z.enum(["a", "d"])]),
  z.tuple([
    z.literal("ofr"),
    z.string().regex(/^[a-z0-9]{10,30}$/),
    z.enum(["relatives", "work", "size", "medical", "other", "skip"]),
  ]),
  z.tuple([z.literal("reg"), z.literal("review")]),
  // assistant: show a related entry, "did this help?" yes / no
  z.tuple([z.literal("as"), z.enum(["e", "y", "n"]), entryId]),
  // assistant: on a staff answer, write back / "that answers it"
  z.tuple([z.literal("as"), z.enum(["w", "s"]), supportId]),
  // staff: turn an answer into an entry (g: for everyone, m: for the question's municipality)
  z.tuple([z.literal("sp"), z.literal("kb"), supportId, z.enum(["g", "m"])]),
  // staff: close a question
  z.tuple([z.literal("sp"), z.literal("x"), supportId]),
  // arrival (bot/features/city.ts): city staff menu, households, events, broadcasts
  z.tuple([z.literal("cm"), z.enum(["info", "homes", "events", "bc", "bcs"])]),
  z.tuple([z.literal("hh"), rowId]),
  z.tuple([z.literal("hh"), rowId, z.literal("arrived")]),
  z.tuple([z.literal("ev"), z.enum(["show", "cancel", "yes"]), rowId]),
  z.tuple([
    z.literal("bc"),
    z.enum(["ap", "an", "ae", "sch", "t9", "t18", "now", "ask", "go", "back", "del", "cx", "st"]),
    rowId,
  ]),
  z.tuple([z.literal("bcp"), lang, rowId]),
  z.tuple([z.literal("bce"), rowId, rowId]),
  // arrival (bot/features/arrival.ts): a household says it will (not) come to an event
  z.tuple([z.literal("rg"), z.enum(["in", "out"]), rowId]),
]);

export type Callback = z.infer<typeof callbackSchema>;

export function parseCallback(data: string): Callback | null {
  if (data.length > 64) return null;
  const parsed = callbackSchema.safeParse(data.split(":"));
  return parsed.success ? parsed.data : null;
}

export function encodeCallback(parts: Callback): string {
  const data = parts.join(":");
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data too long: ${data.length}`);
  return data;
}
