// The assistant's evaluation sets (tests/assistant-eval), read and validated with zod:
//   <lang>.yaml            the first set, written before the entries (questions + off-topic)
//   realistic/<lang>.yaml  questions as people type them + unanswerable ones, dev and test halves
//   crisis/<lang>.yaml     indirect crisis messages + ordinary questions, dev and test halves
// Used by scripts/bench-assistant.ts and the unit tests.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { LANGUAGES } from "../../core/languages";

const DIR = "tests/assistant-eval";

const firstSchema = z.strictObject({
  lang: z.enum(LANGUAGES),
  questions: z.array(
    z.strictObject({ q: z.string().min(1), id: z.string().min(1), municipality: z.string().optional() }),
  ),
  offtopic: z.array(z.string().min(1)).default([]),
});
export type FirstSet = z.output<typeof firstSchema>;

export const STYLES = ["short", "colloquial", "context", "paraphrase", "translit", "typo"] as const;
const realisticHalf = z.strictObject({
  questions: z.array(
    z.strictObject({
      q: z.string().min(1),
      id: z.string().min(1),
      municipality: z.string().optional(),
      style: z.enum(STYLES),
    }),
  ),
  unanswerable: z.array(z.string().min(1)),
});
const realisticSchema = z.strictObject({ lang: z.enum(LANGUAGES), dev: realisticHalf, test: realisticHalf });
export type RealisticSet = z.output<typeof realisticSchema>;
export type RealisticHalf = z.output<typeof realisticHalf>;

export const CRISIS_KINDS = ["suicide", "violence", "medical", "child"] as const;
const crisisHalf = z.strictObject({
  crisis: z.array(z.strictObject({ q: z.string().min(1), kind: z.enum(CRISIS_KINDS) })),
  ordinary: z.array(z.string().min(1)),
});
const crisisSchema = z.strictObject({ lang: z.enum(LANGUAGES), dev: crisisHalf, test: crisisHalf });
export type CrisisSet = z.output<typeof crisisSchema>;
export type CrisisHalf = z.output<typeof crisisHalf>;

export const SPLITS = ["dev", "test"] as const;
export type Split = (typeof SPLITS)[number];

function readAll<T>(folder: string, schema: z.ZodType<T>): T[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const result = schema.safeParse(parse(readFileSync(join(folder, f), "utf8")));
      if (!result.success) throw new Error(`${join(folder, f)}: ${result.error.message}`);
      return result.data;
    });
}

export const loadFirstSet = (dir = DIR) => readAll(dir, firstSchema);
export const loadRealisticSet = (dir = DIR) => readAll(join(dir, "realistic"), realisticSchema);
export const loadCrisisSet = (dir = DIR) => readAll(join(dir, "crisis"), crisisSchema);

/** Every ordinary question of every set (no crisis), for false-positive counts. */
export function ordinaryQuestions(dir = DIR): string[] {
  const first = loadFirstSet(dir).flatMap((f) => [...f.questions.map((q) => q.q), ...f.offtopic]);
  const realistic = loadRealisticSet(dir).flatMap((f) =>
    SPLITS.flatMap((s) => [...f[s].questions.map((q) => q.q), ...f[s].unanswerable]),
  );
  const crisis = loadCrisisSet(dir).flatMap((f) => SPLITS.flatMap((s) => f[s].ordinary));
  return [...first, ...realistic, ...crisis];
}
