import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { KnowledgeBaseError, parseEntry } from "../../core/assistant";
import { LANGUAGES } from "../../core/languages";
import { loadKnowledgeBase } from "../../shared/knowledge-files";

const KNOWLEDGE = fileURLToPath(new URL("../../knowledge", import.meta.url));
const MUNICIPALITIES = [
  "braunschweig",
  "duesseldorf",
  "kiel",
  "rottenburg-am-neckar",
  "salzgitter",
  "troisdorf",
];

function translation(lang: string, topic = "topic") {
  return {
    question: `${lang} question about ${topic}`,
    alternatives: [`${lang} other wording`],
    answer: `${lang} answer.`,
  };
}
function entryYaml(id: string, opts: { dropPlAnswer?: boolean; extraField?: boolean } = {}): string {
  const lines = [`  - id: ${id}`, "    translations:"];
  for (const lang of LANGUAGES) {
    lines.push(`      ${lang}:`, `        question: ${lang} question ${id}`);
    if (!(opts.dropPlAnswer && lang === "pl")) lines.push(`        answer: ${lang} answer ${id}.`);
    if (opts.extraField && lang === "en") lines.push("        answr: typo");
  }
  return lines.join("\n");
}

describe("loadKnowledgeBase: the content in knowledge/", () => {
  const kb = loadKnowledgeBase(KNOWLEDGE);

  it("has at least 40 general entries and entries for at least three municipalities", () => {
    expect(kb.entries.filter((e) => e.municipalityId === null).length).toBeGreaterThanOrEqual(40);
    const municipalities = new Set(kb.entries.flatMap((e) => (e.municipalityId ? [e.municipalityId] : [])));
    expect(municipalities.size).toBeGreaterThanOrEqual(3);
    for (const m of municipalities) expect(MUNICIPALITIES).toContain(m);
  });

  it("has unique ids", () => {
    const ids = kb.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has every entry in all five languages, with a question and a plain-text answer", () => {
    for (const entry of kb.entries) {
      expect(Object.keys(entry.translations).sort(), entry.id).toEqual([...LANGUAGES].sort());
      for (const lang of LANGUAGES) {
        const t = entry.translations[lang];
        expect(t.question.length, `${entry.id} ${lang}`).toBeGreaterThan(5);
        expect(t.answer.length, `${entry.id} ${lang}`).toBeGreaterThan(40);
        expect(t.answer, `${entry.id} ${lang}`).not.toMatch(/^\s*#|\*\*/m);
      }
    }
  });

  it("writes Ukrainian and Russian answers in Cyrillic, the others in Latin script", () => {
    for (const entry of kb.entries) {
      for (const lang of LANGUAGES) {
        const answer = entry.translations[lang].answer;
        const cyrillic = (answer.match(/[\u0400-\u04ff]/g) ?? []).length;
        const latin = (answer.match(/[a-zäöüßąćęłńśźż]/gi) ?? []).length;
        if (lang === "uk" || lang === "ru") expect(cyrillic, `${entry.id} ${lang}`).toBeGreaterThan(latin);
        else expect(cyrillic, `${entry.id} ${lang}`).toBe(0);
      }
      expect(entry.translations.uk.answer, entry.id).not.toMatch(/[ыэъё]/);
      expect(entry.translations.ru.answer, entry.id).not.toMatch(/[іїєґ]/);
    }
  });

  it("marks every contact detail in municipality entries as an invented example", () => {
    for (const entry of kb.entries.filter((e) => e.municipalityId)) {
      for (const lang of LANGUAGES) {
        const answer = entry.translations[lang].answer;
        for (const phone of answer.match(/\+?\d[\d ]{6,}\d/g) ?? []) expect(phone).toMatch(/^\+49 000 /);
        for (const mail of answer.match(/\S+@\S+/g) ?? []) expect(mail).toMatch(/@example\.org/);
        if (/@|\+49/.test(answer)) expect(answer).toMatch(/ПРИКЛАД|ПРИМЕР|EXAMPLE|BEISPIEL|PRZYKŁAD/);
      }
    }
  });
});

describe("loadKnowledgeBase: broken files", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  function setUp(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), "kb-"));
    mkdirSync(join(dir, "general"));
    mkdirSync(join(dir, "municipalities"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }
  function problemsOf(root: string): string[] {
    try {
      loadKnowledgeBase(root);
    } catch (err) {
      expect(err).toBeInstanceOf(KnowledgeBaseError);
      return (err as KnowledgeBaseError).problems;
    }
    throw new Error("expected a KnowledgeBaseError");
  }

  it("loads a valid directory, taking the municipality from the file name", () => {
    const root = setUp({
      "general/health.yaml": `entries:\n${entryYaml("health-a")}\n`,
      "municipalities/kiel.yaml": `entries:\n${entryYaml("kiel-a")}\n`,
    });
    const kb = loadKnowledgeBase(root);
    expect(kb.entries.map((e) => [e.id, e.municipalityId])).toEqual([
      ["health-a", null],
      ["kiel-a", "kiel"],
    ]);
    expect(kb.entries[0]?.translations.en.alternatives).toEqual([]);
  });

  it("reports a missing answer by file and field", () => {
    const root = setUp({
      "general/health.yaml": `entries:\n${entryYaml("a")}\n${entryYaml("b")}\n${entryYaml("c")}\n${entryYaml("d", { dropPlAnswer: true })}\n`,
    });
    expect(problemsOf(root)).toEqual([
      `${root}/general/health.yaml: entries[3].translations.pl.answer: required`,
    ]);
  });

  it("reports every problem of every file at once: unknown field, bad id, duplicate id, YAML syntax, bad type", () => {
    const root = setUp({
      "general/a.yaml": `entries:\n${entryYaml("same")}\n${entryYaml("Bad_Id")}\n${entryYaml("typo", { extraField: true })}\n`,
      "general/b.yaml": `entries:\n${entryYaml("same")}\n`,
      "general/c.yaml": "entries:\n  - id: x\n    translations: [oops\n",
      "general/d.yaml": "entries: nothing\n",
      "municipalities/kiel.yaml": `entries:\n${entryYaml("kiel-only").replace("  - id: kiel-only\n", "  - id: kiel-only\n    keywords: [{a: 1}]\n")}\n`,
    });
    const problems = problemsOf(root);
    expect(problems).toContain(
      `${root}/general/a.yaml: entries[1].id: must be lowercase words joined by hyphens, e.g. registration-anmeldung`,
    );
    expect(problems).toContain(`${root}/general/a.yaml: entries[2].translations.en.answr: unknown field`);
    expect(problems).toContain(
      `${root}/general/b.yaml: entries[0].id: duplicate id "same" (also in ${root}/general/a.yaml)`,
    );
    expect(
      problems.some((p) => p.startsWith(`${root}/general/c.yaml:`) && p.includes("YAML syntax error")),
    ).toBe(true);
    expect(problems).toContain(`${root}/general/d.yaml: entries: must be a list`);
    expect(problems).toContain(`${root}/municipalities/kiel.yaml: entries[0].keywords[0]: must be text`);
    expect(problems).toHaveLength(6);
  });

  it("reports a missing general folder", () => {
    dir = mkdtempSync(join(tmpdir(), "kb-"));
    expect(problemsOf(dir)).toEqual([`${dir}/general: folder not found`]);
  });

  it("rejects markdown headings and over-long answers", () => {
    const root = setUp({
      "general/x.yaml": `entries:\n${entryYaml("x").replace("answer: en answer x.", "answer: '# Heading'")}\n`,
      "general/y.yaml": `entries:\n${entryYaml("y").replace("answer: de answer y.", `answer: ${"a".repeat(901)}`)}\n`,
    });
    expect(problemsOf(root)).toEqual([
      `${root}/general/x.yaml: entries[0].translations.en.answer: must be plain text: no markdown headings (lines starting with #)`,
      `${root}/general/y.yaml: entries[0].translations.de.answer: must be at most 900 characters`,
    ]);
  });
});

describe("parseEntry", () => {
  it("fills defaults and validates plain objects from the database", () => {
    const entry = parseEntry({
      id: "db-entry",
      translations: Object.fromEntries(LANGUAGES.map((l) => [l, translation(l)])),
    });
    expect(entry.municipalityId).toBeNull();
    expect(entry.keywords).toEqual([]);
  });

  it("names the field that is wrong", () => {
    const translations = Object.fromEntries(LANGUAGES.map((l) => [l, translation(l)]));
    delete (translations.uk as Partial<ReturnType<typeof translation>>).question;
    expect(() => parseEntry({ id: "db-entry", translations }, "entry db-entry")).toThrow(
      "entry db-entry: translations.uk.question: required",
    );
  });
});
