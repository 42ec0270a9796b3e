import type { Language } from "../../core/languages";
import { LOCALES } from "./time";

/** Numbers as the reader's language writes them (2.357 and 0,99 % in German; 2,357 and 0.99% in English). */
const formats = new Map<string, Intl.NumberFormat>();

function format(lang: Language, style: "decimal" | "percent", digits: number): Intl.NumberFormat {
  const id = `${lang}:${style}:${digits}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], {
      style,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(id, f);
  }
  return f;
}

export const formatNumber = (lang: Language, x: number, digits = 0) =>
  format(lang, "decimal", digits).format(x);
export const formatPercent = (lang: Language, share: number, digits = 0) =>
  format(lang, "percent", digits).format(share);
