import { describe, expect, it } from "vitest";
import { type CrisisKind, detectCrisis } from "../../core/assistant";
import { CHILD_WORDS, CUE_GROUPS } from "../../core/assistant/crisis/cues";
import { spellingKey, withinOneEdit } from "../../core/assistant/spelling";
import { LANGUAGES } from "../../core/languages";
import { loadCrisisSet, ordinaryQuestions } from "../../scripts/lib/assistant-eval";
import { romanize } from "../../scripts/lib/romanize";
import { loadKnowledgeBase } from "../../shared/knowledge-files";

const kindsOf = (text: string) => detectCrisis(text)?.kinds ?? [];

describe("crisis recognition: direct words", () => {
  const examples: [string, CrisisKind][] = [
    ["Я більше не хочу жити", "suicide"],
    ["думаю про самогубство", "suicide"],
    ["Не хочу жить, всё надоело", "suicide"],
    ["I want to kill myself", "suicide"],
    ["Ich will nicht mehr leben", "suicide"],
    ["Chcę umrzeć", "suicide"],
    ["Nie chce zyc", "suicide"],
    ["Чоловік б’є мене щодня", "violence"],
    ["чоловік б'є мене", "violence"],
    ["Муж бьёт меня", "violence"],
    ["My partner hits me", "violence"],
    ["Mein Mann schlägt mich", "violence"],
    ["Mąż mnie bije", "violence"],
    ["Мама без свідомості", "medical"],
    ["у отца инфаркт", "medical"],
    ["my son cannot breathe", "medical"],
    ["Mein Vater ist bewusstlos", "medical"],
    ["Tata ma zawał", "medical"],
  ];
  it.each(examples)("recognises “%s” as %s", (text, kind) => {
    expect(kindsOf(text)).toContain(kind);
  });
});

describe("crisis recognition: indirect words, typos, no diacritics, Latin letters", () => {
  const examples: [string, CrisisKind][] = [
    ["I keep thinking everyone would be better off without me", "suicide"],
    ["всім буде краще без мене", "suicide"],
    ["vsim bude krashche bez mene", "suicide"], // Ukrainian in Latin letters
    ["ne hochu bolshe zhit", "suicide"], // Russian in Latin letters, informal h for х
    ["wszystkim byłoby lepiej beze mnie", "suicide"],
    ["wszystkim byloby lepiej beze mnie", "suicide"], // no diacritics
    ["my partner locked me in and took my phone", "violence"],
    ["муж запер меня и забрал телефон", "violence"],
    ["er hat mich eingesperrt", "violence"],
    ["my father collapsed and isn't responding, his lips are turning blue", "medical"],
    ["у отца сильная боль в груди, отдаёт в левую руку", "medical"],
    ["u otca silnaya bol v grudi", "medical"],
    ["мамі раптом стало погано, перекосило обличчя", "medical"],
    ["мамі раптом стало погано, перекосило облчичя", "medical"], // a typo in a long word
    ["die Blutung hört nicht auf", "medical"],
    ["dziecko połknęło baterię", "child"],
    ["my toddler swallowed a battery", "child"],
  ];
  it.each(examples)("recognises “%s” as %s", (text, kind) => {
    expect(kindsOf(text)).toContain(kind);
  });

  it("names the medical signs, for the first-aid lines", () => {
    expect(detectCrisis("у тата сильно болить у грудях")?.signs).toEqual(["chest"]);
    expect(detectCrisis("mum is lying on the floor and not breathing")?.signs).toContain("breathing");
    expect(detectCrisis("Mama hat einen Schlaganfall, das Gesicht hängt")?.signs).toContain("stroke");
  });

  it("orders the kinds by urgency and adds a child in danger", () => {
    expect(kindsOf("my son drank bleach")).toEqual(["medical", "child"]);
    expect(kindsOf("the neighbours beat their child every night")).toEqual(["child"]);
  });
});

describe("crisis recognition: ordinary questions stay ordinary", () => {
  it.each([
    "Як викликати швидку допомогу?",
    "Where can I get psychological support?",
    "Wie rufe ich einen Krankenwagen?",
    "Gdzie jest najbliższy szpital?",
    "Моя дитина погано спить після переїзду",
    "rapeseed oil in the supermarket",
    "мама після інсульту минулого року, чи дадуть їй доглядальницю",
    "мого чоловіка не випускають з України, що робити",
    "the landlord threatens to evict us",
    "my husband was killed in the war, what benefits do I get",
    "Що означає фрист, строк у листі",
  ])("leaves “%s” alone", (text) => {
    expect(detectCrisis(text)).toBeNull();
  });

  it("flags none of the ordinary questions of the evaluation sets and the knowledge base", () => {
    const questions = ordinaryQuestions();
    for (const entry of loadKnowledgeBase("knowledge").entries) {
      for (const t of Object.values(entry.translations)) questions.push(t.question, ...t.alternatives);
    }
    expect(questions.length).toBeGreaterThan(2000);
    // at most 1 %: the aim; in fact none or one (see `npm run bench:assistant`)
    expect(questions.filter((q) => detectCrisis(q) !== null).length).toBeLessThanOrEqual(2);
  });
});

describe("crisis recognition: the evaluation set's dev half", () => {
  for (const set of loadCrisisSet()) {
    it(`${set.lang}: recognises every dev message as its kind`, () => {
      const missed = set.dev.crisis.filter((c) => !kindsOf(c.q).includes(c.kind)).map((c) => c.q);
      expect(missed).toEqual([]);
    });
    if (set.lang === "uk" || set.lang === "ru") {
      const lang = set.lang;
      it(`${lang}: recognises them in Latin letters too`, () => {
        const missed = set.dev.crisis.filter((c) => !detectCrisis(romanize(c.q, lang))).map((c) => c.q);
        expect(missed).toEqual([]);
      });
    }
  }
});

describe("crisis cues", () => {
  it("cover every kind in every language", () => {
    for (const kind of ["suicide", "violence", "medical", "child"] as const) {
      const groups = CUE_GROUPS.filter((g) => g.kind === kind);
      for (const lang of LANGUAGES) expect(groups.some((g) => g.cues[lang].length > 0)).toBe(true);
    }
    expect(Object.keys(CHILD_WORDS).sort()).toEqual([...LANGUAGES].sort());
  });
});

describe("spelling key", () => {
  it("is the same in Cyrillic and in Latin letters, formal or informal", () => {
    for (const [a, b] of [
      ["жити", "zhyty"],
      ["хочу", "hochu"],
      ["хочу", "khochu"],
      ["меня", "menya"],
      ["б'є", "bye"],
      ["щоб", "shchob"],
      ["посвідку", "posvidku"],
      ["приріже", "pryrizhe"],
    ]) {
      expect(spellingKey(a ?? "")).toBe(spellingKey(b ?? ""));
    }
  });

  it("tells one edit from two", () => {
    expect(withinOneEdit("stroke", "strok")).toBe(true);
    expect(withinOneEdit("abcd", "acbd")).toBe(true);
    expect(withinOneEdit("abcd", "badc")).toBe(false);
  });
});
