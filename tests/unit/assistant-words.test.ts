import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createAssistant, detectLanguage, toCyrillic } from "../../core/assistant";
import { colloquialTargets } from "../../core/assistant/colloquial";
import { groupQuestions } from "../../core/assistant/groups";
import { weightedSentences } from "../../core/assistant/lang-index";
import { terms } from "../../core/assistant/language";
import { LANGUAGES } from "../../core/languages";
import { loadKnowledgeBase } from "../../shared/knowledge-files";

const kb = loadKnowledgeBase(fileURLToPath(new URL("../../knowledge", import.meta.url)));
const assistant = createAssistant(kb);

describe("transliteration: Latin letters back to Cyrillic", () => {
  it.each([
    ["uk", "yak otrymaty posvidku", "як отримати посвідку"],
    ["uk", "prozhyvannia", "проживання"],
    ["uk", "shcho robyty", "що робити"],
    ["uk", "mii krai", "мій край"],
    ["ru", "kak najti vracha", "как найти врача"],
    ["ru", "eto moy novyy adres", "это мой новый адрес"],
    ["ru", "4to delat", "что делат"],
  ] as const)("%s: %s → %s", (lang, latin, cyrillic) => {
    expect(
      latin
        .split(" ")
        .map((w) => toCyrillic(w, lang))
        .join(" "),
    ).toBe(cyrillic);
  });

  it("leaves a word without Latin letters alone", () => {
    expect(toCyrillic("112", "uk")).toBe("112");
    expect(toCyrillic("як", "uk")).toBe("як");
  });
});

describe("language detection knows transliterated text", () => {
  it.each([
    ["yak otrymaty posvidku", "uk"],
    ["shcho robyty yakshcho zakinchyvsia pasport", "uk"],
    ["kak najti vracha", "ru"],
    ["chto delat esli zakonchilsya pasport", "ru"],
  ] as const)("“%s” is %s in Latin letters", (text, lang) => {
    expect(detectLanguage(text)).toMatchObject({ lang, by: "transliteration", transliterated: true });
  });

  it.each([
    "how do I open a bank account",
    "wie finde ich einen Hausarzt",
    "jak zapisać dziecko do szkoły",
    "Jobcenter",
  ])("“%s” is not transliterated", (text) => {
    expect(detectLanguage(text).transliterated).toBe(false);
  });
});

describe("search: questions as people type them", () => {
  it.each([
    ["uk", "yak otrymaty kindergeld na dytynu", "kindergeld"],
    ["uk", "chy treba platyty za radio i telebachennia", "broadcasting-fee"],
    ["ru", "gde vzyat odezhdu besplatno", "free-clothes-furniture"],
    ["ru", "kak sdelat anmeldung", "registration-anmeldung"],
    ["en", "yak otrymaty kindergeld", "kindergeld"], // an English speaker's phone, a Ukrainian question
  ] as const)("%s: transliterated “%s” → %s, confidently", (lang, q, id) => {
    const r = assistant.search(q, { lang });
    expect(r.best?.id).toBe(id);
    expect(r.confident).toBe(true);
    expect(r.transliterated).toBe(true);
  });

  it("finds colloquial words through the standard ones", () => {
    expect(assistant.search("де взяти шмотки безплатно", { lang: "uk" }).best?.id).toBe(
      "free-clothes-furniture",
    );
    expect(assistant.search("wo gibt es Klamotten umsonst", { lang: "de" }).best?.id).toBe(
      "free-clothes-furniture",
    );
  });

  it("weighs the question of a long message more than its context", () => {
    const parts = weightedSentences(
      "We came from Poland two weeks ago and live in a hostel. My son is nine. How do I enrol him in school?",
    );
    expect(parts.map((p) => p.boost)).toEqual([1, 1, 2]);
    expect(weightedSentences("short question?")).toEqual([{ text: "short question?", boost: 1 }]);
  });

  it("every colloquial target word is known to the knowledge base", () => {
    for (const lang of LANGUAGES) {
      const vocabulary = new Set(
        kb.entries.flatMap((e) => {
          const t = e.translations[lang];
          return terms([t.question, ...t.alternatives, t.answer, ...e.keywords].join(" "), lang);
        }),
      );
      expect(colloquialTargets(lang).filter((t) => !vocabulary.has(t))).toEqual([]);
    }
  });
});

describe("search: confidence and “Did you mean”", () => {
  it("gives a calibrated probability and three candidates, best first", () => {
    const r = assistant.search("insurance", { lang: "en" });
    expect(r.probability).toBeGreaterThan(0);
    expect(r.probability).toBeLessThanOrEqual(1);
    expect(r.candidates.length).toBeGreaterThanOrEqual(2);
    expect(r.candidates.length).toBeLessThanOrEqual(3);
    expect(r.candidates[0]?.id).toBe(r.best?.id);
    expect(r.candidates.map((c) => c.id)).toContain("health-insurance");
  });

  it("is not confident about a question the knowledge base cannot answer", () => {
    for (const q of ["where can I buy Ukrainian buckwheat", "коли відкривається басейн у неділю"]) {
      expect(assistant.search(q, { lang: "en" }).confident).toBe(false);
    }
  });

  it("is less sure when two entries are as good as each other (the margin)", () => {
    const clear = assistant.search("how do I get a German SIM card", { lang: "en" });
    const split = assistant.search("insurance", { lang: "en" });
    expect(clear.signals.margin).toBeGreaterThan(split.signals.margin);
  });
});

describe("handed-over questions, grouped", () => {
  it("groups by the nearest entry, else by shared words, largest first", () => {
    const groups = groupQuestions([
      { id: "q1", text: "where to buy a used bicycle", lang: "en", nearestEntryId: null },
      { id: "q2", text: "cheap used bicycle where", lang: "en", nearestEntryId: null },
      { id: "q3", text: "is there a Ukrainian church", lang: "en", nearestEntryId: null },
      { id: "q4", text: "dentist at night", lang: "en", nearestEntryId: "dentist" },
      { id: "q5", text: "tooth hurts weekend", lang: "en", nearestEntryId: "dentist" },
      { id: "q6", text: "toothache emergency", lang: "en", nearestEntryId: "dentist" },
    ]);
    expect(groups.map((g) => [g.nearestEntryId, g.ids])).toEqual([
      ["dentist", ["q4", "q5", "q6"]],
      [null, ["q1", "q2"]],
      [null, ["q3"]],
    ]);
    expect(groups[1]?.words).toContain("bicycl");
  });
});
