import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CRISIS_PATTERNS, detectCrisis } from "../../bot/assistant/safety";
import { LANGUAGES } from "../../shared/i18n";
import { loadKnowledgeBase } from "../../shared/knowledge-files";

describe("crisis words", () => {
  it("has patterns for every kind in every language", () => {
    for (const kind of Object.values(CRISIS_PATTERNS)) {
      expect(Object.keys(kind).sort()).toEqual([...LANGUAGES].sort());
    }
  });

  const examples: [string, "emotional" | "violence" | "medical"][] = [
    ["Я більше не хочу жити", "emotional"],
    ["думаю про самогубство", "emotional"],
    ["Не хочу жить, всё надоело", "emotional"],
    ["I want to kill myself", "emotional"],
    ["Ich will nicht mehr leben", "emotional"],
    ["Chcę umrzeć", "emotional"],
    ["Nie chce zyc", "emotional"], // typed without diacritics
    ["Чоловік б’є мене щодня", "violence"], // typographic apostrophe
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
    expect(detectCrisis(text)).toBe(kind);
  });

  it.each([
    "Як викликати швидку допомогу?",
    "Where can I get psychological support?",
    "Wie rufe ich einen Krankenwagen?",
    "Gdzie jest najbliższy szpital?",
    "Моя дитина погано спить після переїзду",
    "rapeseed oil in the supermarket",
  ])("leaves an ordinary question alone: “%s”", (text) => {
    expect(detectCrisis(text)).toBeNull();
  });

  it("flags none of the evaluation questions and knowledge-base questions", () => {
    const questions: string[] = [];
    for (const file of readdirSync("tests/assistant-eval").filter((f) => f.endsWith(".yaml"))) {
      const set = parse(readFileSync(`tests/assistant-eval/${file}`, "utf8")) as {
        questions?: { q: string }[];
        offtopic?: (string | { q: string })[];
      };
      for (const q of set.questions ?? []) questions.push(q.q);
      for (const q of set.offtopic ?? []) questions.push(typeof q === "string" ? q : q.q);
    }
    for (const entry of loadKnowledgeBase("knowledge").entries) {
      for (const t of Object.values(entry.translations)) questions.push(t.question, ...t.alternatives);
    }
    expect(questions.length).toBeGreaterThan(1000);
    expect(questions.filter((q) => detectCrisis(q) !== null)).toEqual([]);
  });
});
