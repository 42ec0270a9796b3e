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
  z.tuple([z.literal("reg"), z.literal("review")]),
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
