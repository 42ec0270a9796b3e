/**
 * What people type, made safe to store and to read (pure; the bot cleans every incoming text with
 * it before anything is written, bot/middleware/text.ts).
 */

const ESC = String.fromCharCode(0x1b);
/** Terminal escape sequences (CSI … and the two-character ones): nothing a person means to send. */
const ESCAPES = new RegExp(`${ESC}\\[[0-?]*[ -/]*[@-~]?|${ESC}[@-Z\\\\-_]`, "g");
/** Control characters but tab and line feed (NUL included: PostgreSQL refuses it in text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Halves of a character with nothing to pair with: not valid UTF-8 once stored. */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text without control characters, escape sequences and broken characters; CR LF becomes LF. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(ESCAPES, "").replace(CONTROLS, "").replace(LONE_SURROGATES, "");
}

/**
 * Characters that show nothing: white space, format characters (zero-width space and joiners,
 * direction marks, the byte order mark), variation selectors and the Hangul fillers.
 */
const INVISIBLE =
  /\s|\p{Cc}|\p{Cf}|\p{Z}|\u034f|[\u115f\u1160\u17b4\u17b5\u3164\uffa0]|[\u180b-\u180f]|[\ufe00-\ufe0f]/gu;

/** True when nothing of the text would be seen: empty, white space or invisible characters only. */
export function isBlank(text: string): boolean {
  return cleanText(text).replace(INVISIBLE, "").length === 0;
}

/**
 * Text that reads like an answer to a question of ours rather than a question to us: no letters
 * at all ("5"), or a single word without a question mark ("Kraków").
 */
export function looksLikeAnswer(text: string): boolean {
  const t = cleanText(text).trim();
  if (!/\p{L}/u.test(t)) return true;
  return !/[?¿؟;]/.test(t) && t.split(/\s+/).length === 1;
}
