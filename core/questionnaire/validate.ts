import { z } from "zod";
import { isBlank } from "../text";
import type { AnswerValue, Context, InputError, Question } from "./types";

/** Parsing of typed answers. Each returns the value to store or a localized error. */
export type Parsed = { ok: true; value: AnswerValue } | { ok: false; error: InputError };

const fail = (key: string, params?: InputError["params"]): Parsed => ({ ok: false, error: { key, params } });

export function parseNumber(text: string, min: number, max: number): Parsed {
  const result = z.coerce.number().int().min(min).max(max).safeParse(text.trim().replace(/\s+/g, ""));
  if (!/^\s*-?\d+\s*$/.test(text) || !result.success) return fail("number", { min, max });
  return { ok: true, value: result.data };
}

export function parseText(text: string, maxLength: number, format?: "phone"): Parsed {
  const value = text.trim().replace(/\s+/g, " ");
  if (isBlank(value)) return fail("text_empty");
  if (value.length > maxLength) return fail("text_length", { max: maxLength });
  if (format === "phone" && !/^\+?[0-9][0-9 ()/-]{5,19}$/.test(value)) return fail("phone");
  return { ok: true, value };
}

/** ISO day (YYYY-MM-DD) → days since the epoch, or null if it is not a real calendar day. */
export function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return Math.round(date.getTime() / 86_400_000);
}

export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Accepts 31.12.2026, 31/12/2026, 31-12-2026, 1.2.2027 and 2026-12-31. */
export function parseDate(text: string, context: Context, minDays?: number, maxDays?: number): Parsed {
  const t = text.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (dmy) iso = `${dmy[3]}-${dmy[2]?.padStart(2, "0")}-${dmy[1]?.padStart(2, "0")}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = t;
  const day = iso ? dayNumber(iso) : null;
  if (iso === null || day === null) return fail("date_format");
  const today = dayNumber(context.today) ?? 0;
  if (minDays !== undefined && day < today + minDays)
    return fail("date_min", { date: isoDay(today + minDays) });
  if (maxDays !== undefined && day > today + maxDays)
    return fail("date_max", { date: isoDay(today + maxDays) });
  return { ok: true, value: iso };
}

export function choicesOf(question: Question, context: Context): string[] {
  if (question.type === "ranking" && question.choicesFrom === "municipalities") {
    return context.municipalities.map((m) => m.id);
  }
  return "choices" in question && question.choices ? question.choices : [];
}

/** Checks a multi-choice selection against the question's limits. */
export function checkSelection(question: Question, values: string[]): Parsed {
  if (question.type !== "multi") return { ok: true, value: values };
  const min = question.min ?? 1;
  if (values.length < min) return fail("multi_min", { min });
  if (question.max !== undefined && values.length > question.max)
    return fail("multi_max", { max: question.max });
  return { ok: true, value: values };
}
