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

const bundles = new Map<Language, Promise<Record<string, unknown>>>();

/** Starts fetching a language's texts (once); the start-up asks for the likely one beside /api/me. */
export function prefetchTexts(language: Language): Promise<Record<string, unknown>> {
  let bundle = bundles.get(language);
  if (!bundle) {
    bundle = get<Record<string, unknown>>(`/api/locales/${language}`);
    bundle.catch(() => bundles.delete(language)); // a failed fetch is tried again by loadTexts
    bundles.set(language, bundle);
  }
  return bundle;
}

export async function loadTexts(language: Language): Promise<void> {
  const bundle = await prefetchTexts(language);
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

const wallClock = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A moment as a date-and-time picker shows it, Berlin time ("2026-12-05T09:00"); "" for none. */
export function berlinInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const p = Object.fromEntries(wallClock.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
