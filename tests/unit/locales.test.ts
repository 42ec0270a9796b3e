import { describe, expect, it } from "vitest";
import { intakeDefinition, type Question } from "../../core/questionnaire";
import { LANGUAGES, readLocales } from "../../shared/i18n";

const resources = readLocales();

function flatten(obj: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof obj === "string") out.set(prefix, obj);
  else if (obj && typeof obj === "object") {
    for (const [k, v] of Object.entries(obj)) {
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
const english = flatten(resources.en);
/** i18next plural forms: `key_one`, `key_few` … stand for `key`; each language has its own set. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A counted text has its `_other` form and at least one more (`intake.member_other` alone is not). */
const pluralBases = (texts: Map<string, string>) =>
  new Set(
    [...texts.keys()]
      .filter((k) => k.endsWith("_other"))
      .map((k) => k.slice(0, -"_other".length))
      .filter((k) => ["zero", "one", "two", "few", "many"].some((c) => texts.has(`${k}_${c}`))),
  );
const allPlural = new Set(Object.values(resources).flatMap((r) => [...pluralBases(flatten(r))]));
const base = (key: string) => {
  const stem = key.replace(PLURAL, "");
  return stem !== key && allPlural.has(stem) ? stem : key;
};
const bases = (texts: Map<string, string>) => new Set([...texts.keys()].map(base));

describe("locales", () => {
  it("English has texts at all", () => {
    expect(english.size).toBeGreaterThan(100);
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const texts = flatten(resources[lang]);

      it("has every key of English and no other", () => {
        const own = bases(texts);
        const missing = [...bases(english)].filter((k) => !own.has(k));
        const extra = [...own].filter((k) => !bases(english).has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it("has every plural form the language needs wherever a text is counted", () => {
        const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
        const counted = pluralBases(texts);
        const lacking = [...counted].flatMap((k) =>
          categories.filter((c) => !texts.has(`${k}_${c}`)).map((c) => `${k}_${c}`),
        );
        expect(lacking).toEqual([]);
      });

      it("uses the same placeholders as English in every text", () => {
        const english_ = new Map([...english].map(([k, v]) => [base(k), v]));
        const wrong = [...texts].filter(([k, local]) => {
          const en = english_.get(base(k));
          return en !== undefined && placeholders(local).join() !== placeholders(en).join();
        });
        expect(wrong.map(([k]) => k)).toEqual([]);
      });

      it("has no empty text", () => {
        expect([...texts].filter(([, v]) => v.trim() === "").map(([k]) => k)).toEqual([]);
      });
    });
  }

  it("has every text the questionnaire refers to", () => {
    const questions: Question[] = intakeDefinition.items.flatMap((i) =>
      i.type === "group" ? i.questions : [i],
    );
    const needed = new Set<string>();
    for (const q of questions) {
      needed.add(`intake.${q.label}.text`);
      needed.add(`intake.${q.label}.short`);
      if ((q.type === "single" || q.type === "multi") && q.choices) {
        for (const c of q.choices) needed.add(`intake.choices.${q.choiceSet ?? q.id}.${c}`);
      }
    }
    for (const s of intakeDefinition.sections) needed.add(`intake.summary.section.${s.id}`);
    expect([...needed].filter((k) => !english.has(k))).toEqual([]);
  });

  it("has every key the bot, worker and console use literally", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const files = ["bot", "worker", "web", "shared"].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => /\.tsx?$/.test(f) && !f.includes("generated") && !f.startsWith("dist"))
        .map((f) => `${dir}/${f}`),
    );
    const used = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-z_]+(?:\.[a-z_0-9]+)+)"/g))
        used.add(m[1] ?? "");
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !bases(english).has(k))).toEqual([]);
  });

  it("has a text for every error the questionnaire engine can report", async () => {
    const { readFileSync } = await import("node:fs");
    const source = ["engine.ts", "validate.ts"]
      .map((f) => readFileSync(`core/questionnaire/${f}`, "utf8"))
      .join("\n");
    const keys = new Set([...source.matchAll(/(?:error|fail)\("([a-z_]+)"/g)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(10);
    expect([...keys].filter((k) => !english.has(`intake.errors.${k}`))).toEqual([]);
  });
});
