import type { Language } from "../../core/languages";

/**
 * The one place that formats and reads dates and times. Every date staff type or people read is
 * Berlin time, where the relocation happens, whatever the server's zone. Intl formatters are
 * expensive to build (README "Platform notes"): each is built once.
 */
export const ZONE = "Europe/Berlin";

export const LOCALES: Record<Language, string> = {
  uk: "uk-UA",
  ru: "ru-RU",
  en: "en-GB",
  de: "de-DE",
  pl: "pl-PL",
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Language, style: "date" | "datetime"): Intl.DateTimeFormat {
  const id = `${lang}:${style}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: ZONE,
      weekday: "short",
      day: "numeric",
      month: "long",
      year: "numeric",
      ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit" } : {}),
    });
    formatters.set(id, f);
  }
  return f;
}

export function formatMoment(lang: Language, epochMs: number, style: "date" | "datetime"): string {
  return formatter(lang, style).format(new Date(epochMs));
}

const parts = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** Berlin wall-clock time of a moment, as "YYYY-MM-DD HH:MM" (what staff type back). */
export function berlinWallClock(date: Date): string {
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Offset of Berlin from UTC at a moment, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(utcMs: number): number {
  const [d, t] = berlinWallClock(new Date(utcMs)).split(" ");
  const [y, mo, da] = (d ?? "").split("-").map(Number);
  const [h, mi] = (t ?? "").split(":").map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, da ?? 1, h ?? 0, mi ?? 0) - Math.floor(utcMs / 60_000) * 60_000;
}

/**
 * "05.12.2026 10:00" (as German staff write it, and as staff screens show it) or "2026-12-05 10:00",
 * read as Berlin time → the moment. Null for a date that does not exist (31 February, 25:00). A time
 * in the spring-forward gap moves to the hour after.
 */
export function parseBerlin(text: string): Date | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(t);
  const dmy = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2}))?$/.exec(t);
  const m = iso ? iso.slice(1) : dmy ? [dmy[3], dmy[2], dmy[1], dmy[4], dmy[5]] : null;
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[0], m[1], m[2], m[3] ?? "0", m[4] ?? "0"].map(Number) as number[];
  const guess = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  const check = new Date(guess);
  if (check.getUTCMonth() !== (mo ?? 1) - 1 || check.getUTCDate() !== d || (h ?? 0) > 23) return null;
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first));
}

const numeric = new Intl.DateTimeFormat("de-DE", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** A moment as "DD.MM.YYYY HH:MM", Berlin time: deadlines in offers, the same in every language. */
export function formatBerlin(date: Date): string {
  return numeric.format(date).replace(",", "");
}

const berlinDay = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE });

/** Today in Germany as YYYY-MM-DD: the questionnaire's dates are compared against it. */
export function berlinToday(now = new Date()): string {
  return berlinDay.format(now);
}
