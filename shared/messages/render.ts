import type { DeliveryPayload } from "../delivery";
import type { I18n, Language } from "../i18n";
import { formatMoment } from "./time";

/** Telegram rejects longer texts; staff input is capped lower, this is the last safety net. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** The order in which a text written by staff stands in for a missing language. */
const FALLBACK: Language[] = ["en", "de", "uk", "ru", "pl"];

type Texts = Partial<Record<Language, string>>;

/**
 * A staff text in the reader's language; a missing language falls back to English, then German
 * (then any), with a short note in the reader's own language that it is not yet translated.
 */
export function pickText(i18n: I18n, lang: Language, texts: Texts): string {
  const own = texts[lang];
  if (own) return own;
  const source = FALLBACK.find((l) => texts[l]);
  if (!source) return "";
  const note = i18n.t(lang)("arrival.untranslated", { language: i18n.t(source)("language.name") });
  return `${note}\n\n${texts[source]}`;
}

/**
 * Params are plain strings and numbers. By convention a number under a name ending in "At" is a
 * moment (epoch ms) shown as date and time in Europe/Berlin, one ending in "On" a date: the
 * reader's language decides the format, at send time.
 */
function localizeParams(lang: Language, params: Record<string, string | number> = {}) {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number" && name.endsWith("At")) out[name] = formatMoment(lang, value, "datetime");
    else if (typeof value === "number" && name.endsWith("On")) out[name] = formatMoment(lang, value, "date");
    else out[name] = value;
  }
  return out;
}

function renderPart(i18n: I18n, lang: Language, part: DeliveryPayload["parts"][number]): string {
  if ("texts" in part) return pickText(i18n, lang, part.texts);
  return i18n.t(lang)(part.key, localizeParams(lang, part.params));
}

export interface Rendered {
  text: string;
  buttons: { text: string; callback_data: string }[][];
}

/** The message exactly as one reader sees it: used by the worker at send time and by staff previews. */
export function renderPayload(i18n: I18n, lang: Language, payload: DeliveryPayload): Rendered {
  let text = payload.parts
    .map((p) => renderPart(i18n, lang, p))
    .filter(Boolean)
    .join("\n\n");
  if (text.length > TELEGRAM_TEXT_LIMIT) text = `${text.slice(0, TELEGRAM_TEXT_LIMIT - 1)}…`;
  const buttons = (payload.buttons ?? []).map((row) =>
    row.map((b) => ({
      text:
        "texts" in b.label
          ? (b.label.texts[lang] ?? Object.values(b.label.texts)[0] ?? "")
          : i18n.t(lang)(b.label.key, localizeParams(lang, b.label.params)),
      callback_data: b.data,
    })),
  );
  return { text, buttons };
}
