import { describe, expect, it } from "vitest";
import { createI18n, LANGUAGES, readLocales } from "../../shared/i18n";

/** Every text that shows a count has the plural forms each language needs, and i18next picks the right one. */
const resources = readLocales();

function flatten(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
const keys = Object.fromEntries(LANGUAGES.map((l) => [l, new Map(flatten(resources[l]))]));
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** counted texts: those with an `_one` form in English */
const counted = [...(keys.en?.keys() ?? [])]
  .filter((k) => k.endsWith("_one"))
  .map((k) => k.replace(PLURAL, ""));
/** staff texts (German by default, for the people who run the programme) are not the refugees' */
const STAFF = /^(console|consoleKnowledge|ops|rounds|roundchat|city|staff)\.|\.staff\./;

describe("plural forms", () => {
  it("has counted texts to check", () => expect(counted.length).toBeGreaterThan(5));

  it.each(LANGUAGES)(
    "renders every counted text with 1, 2, 5 and 21 in the right form (%s)",
    async (lang) => {
      const t = (await createI18n(resources)).t(lang);
      const rules = new Intl.PluralRules(lang);
      for (const base of counted) {
        for (const count of [1, 2, 5, 21]) {
          const form = `${base}_${rules.select(count)}`;
          const text = keys[lang]?.get(form);
          expect(text, `${lang}: ${form}`).toBeDefined();
          expect(t(base, { count, city: "X", n: count, total: count, date: "D" })).toBe(
            t(form, { count, city: "X", n: count, total: count, date: "D" }),
          );
        }
      }
    },
  );

  it("puts no number before a counted noun outside plural forms, in staff texts too (no “1 households”)", () => {
    // the words a number can stand before; "label: 5" or a plural key is the way to show one
    const nouns: Partial<Record<string, string>> = {
      en: "households|people|persons|months|days|places|messages|offers|municipalities|children|appointments|recipients",
      de: "Haushalte|Haushalten|Personen|Monate|Monaten|Tage|Plätze|Nachrichten|Angebote|Kommunen|Kinder|Termine|Empfänger",
    };
    // numbers that are never 1: constants, and the length of the questionnaire
    const never1 = new Set(["staff.invite_created", "menu.console_link_text", "status.in_progress"]);
    for (const [lang, words] of Object.entries(nouns)) {
      const before = new RegExp(`\\{\\{(?!count\\}\\})\\w+\\}\\} (${words})\\b`);
      for (const [key, text] of keys[lang] ?? []) {
        if (PLURAL.test(key) || never1.has(key)) continue;
        expect(before.test(text), `${lang}: ${key}: ${text.match(before)?.[0]}`).toBe(false);
      }
    }
  });

  it("shows no count to refugees without plural forms", () => {
    for (const lang of LANGUAGES) {
      for (const [key, text] of keys[lang] ?? []) {
        if (STAFF.test(key) || PLURAL.test(key)) continue;
        expect(text.includes("{{count}}"), `${lang}: ${key}`).toBe(false);
      }
    }
  });
});
