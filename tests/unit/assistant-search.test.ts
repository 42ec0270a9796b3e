import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  createAssistant,
  detectLanguage,
  type EntryInput,
  KnowledgeBaseError,
  type SearchResult,
} from "../../core/assistant";
import { stemPolish, terms } from "../../core/assistant/language";
import type { Language } from "../../core/languages";
import { loadKnowledgeBase } from "../../shared/knowledge-files";

const kb = loadKnowledgeBase(fileURLToPath(new URL("../../knowledge", import.meta.url)));
const assistant = createAssistant(kb);

function top3(r: SearchResult): (string | undefined)[] {
  return [r.best?.id, ...r.related.map((h) => h.id)].slice(0, 3);
}

describe("search: the right entry in each language", () => {
  const cases: [Language, string, string][] = [
    ["uk", "як зареєструвати своє житло в бюргерамті", "registration-anmeldung"],
    ["ru", "как оформить детское пособие киндергельд", "kindergeld"],
    ["en", "how can I register my address at the Bürgeramt", "registration-anmeldung"],
    ["de", "Wie bekomme ich einen Termin beim Hausarzt", "finding-doctor"],
    ["pl", "jak otworzyć konto bankowe", "bank-account"],
    ["uk", "чи можна мені працювати на мініджобі", "work-permission"],
    ["en", "my Fiktionsbescheinigung expires", "fiktionsbescheinigung"],
  ];
  for (const [lang, query, id] of cases) {
    it(`${lang}: "${query}" → ${id}`, () => {
      const r = assistant.search(query, { lang });
      expect(r.best?.id).toBe(id);
      expect(r.confident).toBe(true);
      expect(r.best?.lang).toBe(lang);
      expect(r.matchedLang).toBe(lang);
    });
  }

  it("offers related entries, best first, without repeating the best one", () => {
    const r = assistant.search("школа для дитини", { lang: "uk" });
    expect(r.related.length).toBeGreaterThan(0);
    expect(r.related.map((h) => h.id)).not.toContain(r.best?.id);
    const scores = [r.best?.score ?? 0, ...r.related.map((h) => h.score)];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("limits related entries to the number asked for", () => {
    expect(
      assistant.search("Jobcenter Bürgergeld Kindergeld Wohnung", { lang: "de", related: 1 }).related,
    ).toHaveLength(1);
  });
});

describe("search: typos and word forms", () => {
  const cases: [Language, string, string][] = [
    ["en", "helth insurence for refugees", "health-insurance"],
    ["de", "Krankenversicherrung", "health-insurance"],
    ["uk", "медична страхвка", "health-insurance"],
    ["ru", "рецепт на лекартсва в аптеке", "medication-prescriptions"],
    ["pl", "zasilek na dzieci", "kindergeld"],
    ["de", "Auslaenderbehoerde Termin", "auslaenderbehoerde"],
  ];
  for (const [lang, query, id] of cases) {
    it(`${lang}: "${query}" → ${id}`, () => {
      expect(top3(assistant.search(query, { lang }))).toContain(id);
    });
  }
});

describe("search: off-topic questions go to a person", () => {
  const nonsense: [Language, string][] = [
    ["en", "what is the weather on Mars"],
    ["en", "asdfgh"],
    ["uk", "яка погода на марсі"],
    ["ru", "фывапролдж"],
    ["de", "Rezept für Apfelkuchen"],
    ["pl", "opowiedz dowcip"],
  ];
  for (const [lang, query] of nonsense) {
    it(`${lang}: "${query}" is not confident`, () => {
      expect(assistant.search(query, { lang }).confident).toBe(false);
    });
  }

  it("returns no entry for an empty or punctuation-only message", () => {
    for (const q of ["", "   ", "?!..."]) {
      expect(assistant.search(q, { lang: "uk" })).toMatchObject({
        best: null,
        related: [],
        confident: false,
      });
    }
  });
});

describe("search: municipality entries", () => {
  it("are hidden from people not placed there", () => {
    for (const municipalityId of [null, undefined, "braunschweig"]) {
      const r = assistant.search("Bürgerbüro Kiel Anmeldung Termin", { lang: "de", municipalityId });
      expect(top3(r).every((id) => !id?.startsWith("kiel-"))).toBe(true);
    }
    expect(assistant.entry("kiel-registration", "de")).toBeNull();
    expect(assistant.entry("kiel-registration", "de", "braunschweig")).toBeNull();
  });

  it("are found for people placed there", () => {
    const r = assistant.search("Bürgerbüro Kiel Anmeldung Termin", { lang: "de", municipalityId: "kiel" });
    expect(r.best?.id).toBe("kiel-registration");
    expect(r.confident).toBe(true);
    expect(assistant.entry("kiel-registration", "uk", "kiel")?.answer).toMatch(/Кіл/);
  });

  it("leave general entries visible to everyone", () => {
    const r = assistant.search("як зареєструвати адресу", { lang: "uk", municipalityId: "kiel" });
    expect(top3(r)).toContain("registration-anmeldung");
    expect(assistant.entry("registration-anmeldung", "pl")?.question).toMatch(/zameldować/);
  });
});

describe("search: questions in another language", () => {
  it("finds a Polish question from a person whose language is Ukrainian, answering in Ukrainian", () => {
    const r = assistant.search("jak zapisać dziecko do szkoły", { lang: "uk" });
    expect(r.best?.id).toBe("school-enrolment");
    expect(r.matchedLang).toBe("pl");
    expect(r.best?.lang).toBe("uk");
    expect(r.confident).toBe(true);
    const answer = assistant.entry(r.best?.id ?? "", "uk")?.answer ?? "";
    expect(answer).toMatch(/школ/);
  });

  it("finds a Ukrainian question from a person whose language is Russian", () => {
    const r = assistant.search("де знайти сімейного лікаря", { lang: "ru" });
    expect(r.best?.id).toBe("finding-doctor");
    expect(r.matchedLang).toBe("uk");
  });

  it("finds an English question from a person whose language is German (no special letters)", () => {
    const r = assistant.search("how do I open a bank account", { lang: "de" });
    expect(r.best?.id).toBe("bank-account");
    expect(r.matchedLang).toBe("en");
  });

  it("keeps the person's language when the question is in it", () => {
    const r = assistant.search("як відкрити рахунок у банку", { lang: "uk" });
    expect(r.matchedLang).toBe("uk");
  });
});

describe("runtime entries", () => {
  const translations = (topic: string) => {
    const t = (l: Language) => ({ question: `${topic} ${l}`, answer: `Answer about ${topic} in ${l}.` });
    return { uk: t("uk"), ru: t("ru"), en: t("en"), de: t("de"), pl: t("pl") };
  };
  const extra: EntryInput = {
    id: "library-card",
    keywords: ["Bibliotheksausweis"],
    translations: {
      ...translations("library"),
      en: { question: "How do I get a library card?", answer: "Bring your passport to the city library." },
      uk: {
        question: "Як отримати читацький квиток у бібліотеці?",
        answer: "Візьміть паспорт до міської бібліотеки.",
      },
    },
  };

  it("are found when passed to createAssistant", () => {
    expect(assistant.search("library card", { lang: "en" }).best?.id).not.toBe("library-card");
    const withExtra = createAssistant(kb, [extra]);
    expect(withExtra.search("library card", { lang: "en" }).best?.id).toBe("library-card");
    expect(withExtra.search("читацький квиток", { lang: "uk" }).best?.id).toBe("library-card");
  });

  it("are found after addEntry, can replace an entry by id and be removed", () => {
    const a = createAssistant(kb);
    a.addEntry(extra);
    expect(a.search("library card", { lang: "en" }).best?.id).toBe("library-card");
    a.addEntry({
      ...extra,
      translations: { ...extra.translations, en: { question: "Swimming pool entry", answer: "Ask." } },
    });
    expect(a.search("library card", { lang: "en" }).best?.id).not.toBe("library-card");
    expect(a.search("swimming pool", { lang: "en" }).best?.id).toBe("library-card");
    expect(a.removeEntry("library-card")).toBe(true);
    expect(a.search("swimming pool", { lang: "en" }).best?.id).not.toBe("library-card");
    expect(a.entry("library-card", "en")).toBeNull();
    expect(a.entries()).toHaveLength(kb.entries.length);
  });

  it("can belong to a municipality", () => {
    const a = createAssistant(kb, [{ ...extra, id: "troisdorf-library", municipalityId: "troisdorf" }]);
    expect(a.search("library card", { lang: "en" }).best?.id).not.toBe("troisdorf-library");
    expect(a.search("library card", { lang: "en", municipalityId: "troisdorf" }).best?.id).toBe(
      "troisdorf-library",
    );
  });

  it("are validated, with the broken field named", () => {
    const a = createAssistant(kb);
    const broken = { ...extra, translations: { ...extra.translations, pl: { question: "Pytanie" } } };
    expect(() => a.addEntry(broken as EntryInput)).toThrow(KnowledgeBaseError);
    expect(() => a.addEntry(broken as EntryInput)).toThrow(
      "entry library-card: translations.pl.answer: required",
    );
    expect(() => createAssistant(kb, [broken as EntryInput])).toThrow(
      "extra[0]: translations.pl.answer: required",
    );
  });
});

describe("language helpers", () => {
  it("detects the language from letters and from short words", () => {
    expect(detectLanguage("Де отримати їжу")).toMatchObject({
      lang: "uk",
      by: "letters",
      script: "cyrillic",
    });
    expect(detectLanguage("Где получить объяснение")).toMatchObject({ lang: "ru", by: "letters" });
    expect(detectLanguage("Gdzie jest urząd")).toMatchObject({ lang: "pl", by: "letters", script: "latin" });
    expect(detectLanguage("Wo ist die Ausländerbehörde")).toMatchObject({ lang: "de", by: "letters" });
    expect(detectLanguage("where is the office")).toMatchObject({ lang: "en", by: "words" });
    expect(detectLanguage("как найти врача")).toMatchObject({ lang: "ru", by: "words" });
    expect(detectLanguage("Jobcenter")).toMatchObject({ lang: null, script: "latin" });
    expect(detectLanguage("123")).toMatchObject({ lang: null, script: null });
  });

  it("stems Polish word forms to one stem, with or without diacritics", () => {
    expect(new Set(["lekarza", "lekarzem", "lekarzy", "lekarz"].map(stemPolish))).toEqual(
      new Set(["lekarz"]),
    );
    expect(terms("szkoły szkole szkołę szkoly", "pl")).toEqual(["szkol", "szkol", "szkol", "szkol"]);
  });

  it("drops stop words and folds German umlauts typed as digraphs", () => {
    expect(terms("Wo ist die Ausländerbehörde", "de")).toEqual(terms("Auslaenderbehoerde", "de"));
    expect(terms("what is the", "en")).toEqual([]);
    expect(terms("сім'я сім’я", "uk")).toEqual([terms("сімя", "uk")[0], terms("сімя", "uk")[0]]);
  });
});
