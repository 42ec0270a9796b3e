import i18next, { type TFunction } from "i18next";
import { get } from "./api";

/**
 * Texts of the console in the staff member's language (locales/<lang>/*.json, served by the
 * console), with i18next's plural forms; numbers and dates in that language's format, times in
 * Berlin, where the programme runs.
 */
export const LANGUAGES = ["uk", "ru", "en", "de", "pl"] as const;
export type Language = (typeof LANGUAGES)[number];
const LOCALES: Record<Language, string> = { uk: "uk-UA", ru: "ru-RU", en: "en-GB", de: "de-DE", pl: "pl-PL" };
export const ZONE = "Europe/Berlin";

export let t: TFunction = ((key: string) => key) as TFunction;
export let lang: Language = "de";

export async function loadTexts(language: Language): Promise<void> {
  const bundle = await get<Record<string, unknown>>(`/api/locales/${language}`);
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: bundle } },
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  t = instance.t.bind(instance) as TFunction;
  lang = language;
  document.documentElement.lang = language;
}

const numbers = new Map<string, Intl.NumberFormat>();
export function num(value: number, digits = 0): string {
  const id = `${lang}:${digits}`;
  let f = numbers.get(id);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numbers.set(id, f);
  }
  return f.format(value);
}

export const percent = (share: number, digits = 0) => `${num(share * 100, digits)} %`;

const dates = new Map<string, Intl.DateTimeFormat>();
function dateFormat(style: "date" | "datetime"): Intl.DateTimeFormat {
  const id = `${lang}:${style}`;
  let f = dates.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: ZONE,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit" } : {}),
    });
    dates.set(id, f);
  }
  return f;
}

export const date = (iso: string | null | undefined) =>
  iso ? dateFormat("date").format(new Date(iso)) : "—";
export const dateTime = (iso: string | null | undefined) =>
  iso ? dateFormat("datetime").format(new Date(iso)) : "—";
