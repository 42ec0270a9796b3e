import { describe, expect, it } from "vitest";
import { createI18n, LANGUAGES, readLocales } from "../../shared/i18n";

/**
 * Numbers staff read are counted with i18next `count`, so uk, ru and pl get their several forms:
 * every counted staff text renders with 1, 2, 5 and 21 in every language, in the form the
 * language's plural rules choose.
 */
const STAFF_COUNTED = [
  "staff.digest.registered",
  "staff.digest.declined",
  "staff.digest.expired",
  "staff.digest.waiting",
  "arrival.staff.page",
  "arrival.staff.events_page",
  "arrival.staff.broadcasts_page",
  "arrival.staff.draft",
  "arrival.staff.confirm",
  "assistant.staff.earlier",
  "prearrival.staff_member",
  "prearrival.age",
];
const params = {
  page: 1,
  pages: 3,
  audience: "A",
  languages: "uk",
  when: "now",
  n: 1,
  name: "X Y",
  birthDate: "01.01.2000",
};

const resources = readLocales();
const textAt = (lang: (typeof LANGUAGES)[number], key: string): string | undefined =>
  key
    .split(".")
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], resources[lang]) as
    | string
    | undefined;

describe("staff texts with numbers", async () => {
  const i18n = await createI18n();
  for (const lang of LANGUAGES) {
    it(`${lang}: each counted text in the plural form for 1, 2, 5, 21`, () => {
      const rules = new Intl.PluralRules(lang);
      for (const key of STAFF_COUNTED) {
        for (const count of [1, 2, 5, 21]) {
          const form = textAt(lang, `${key}_${rules.select(count)}`);
          expect(form, `${lang} ${key}_${rules.select(count)}`).toBeDefined();
          const rendered = i18n.t(lang)(key, { ...params, count });
          expect(rendered).toContain(String(count));
          expect(rendered).toBe(
            (form as string).replace(/\{\{(\w+)\}\}/g, (_, p: string) =>
              String({ ...params, count }[p as keyof typeof params] ?? count),
            ),
          );
        }
      }
    });
  }

  it("reads naturally where the forms differ", () => {
    const t = (lang: "de" | "uk" | "pl", count: number) => i18n.t(lang)("staff.digest.registered", { count });
    expect(t("de", 1)).toBe("• 1 Haushalt angemeldet");
    expect(t("de", 21)).toBe("• 21 Haushalte angemeldet");
    expect(t("uk", 21)).toContain("21 домогосподарство");
    expect(t("uk", 2)).toContain("2 домогосподарства");
    expect(t("uk", 5)).toContain("5 домогосподарств");
    expect(t("pl", 5)).toContain("5 gospodarstw");
    expect(t("pl", 22)).toContain("22 gospodarstwa");
  });
});
