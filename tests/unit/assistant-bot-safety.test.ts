import { beforeAll, describe, expect, it } from "vitest";
import { parseEntryRef, parseTranslation, withTranslation } from "../../bot/assistant/entries";
import { answerView, suggestedIds, suggestionsView } from "../../bot/assistant/render";
import { crisisText } from "../../bot/assistant/safety";
import { detectCrisis, parseEntry } from "../../core/assistant";
import { pack, routes } from "../../shared/callback";
import { createI18n, type I18n } from "../../shared/i18n";

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

describe("what a person in crisis is told first", () => {
  it("gives the numbers that fit the kind, most urgent first", () => {
    const en = i18n.t("en");
    const suicide = crisisText(en, detectCrisis("everyone would be better off without me") ?? never());
    expect(suicide).toBe(en("safety.suicide"));
    for (const n of ["112", "0800 111 0 111", "0800 111 0 222", "116 123"]) expect(suicide).toContain(n);
    const violence = crisisText(en, detectCrisis("my partner locked me in and took my phone") ?? never());
    for (const n of ["110", "116 016"]) expect(violence).toContain(n);
    expect(violence).toMatch(/Ukrainian, Russian/);
  });

  it("adds the first-aid line of a medical sign, and the children's number for a child", () => {
    const uk = i18n.t("uk");
    const stroke = crisisText(uk, detectCrisis("мамі раптом стало погано, перекосило обличчя") ?? never());
    expect(stroke).toBe([uk("safety.medical"), uk("safety.sign.stroke")].join("\n\n"));
    const child = crisisText(uk, detectCrisis("дитина проковтнула батарейку") ?? never());
    expect(child).toBe([uk("safety.medical"), uk("safety.sign.poison"), uk("safety.child")].join("\n\n"));
    expect(child).toContain("116 111");
  });
});

describe("“Did you mean …?”", () => {
  const entry = (id: string, question: string) => ({
    id,
    lang: "en" as const,
    question,
    answer: "…",
    municipalityId: null,
    writtenIn: null,
  });

  it("offers the candidates as buttons, best first, then “ask a person”", () => {
    const t = i18n.t("en");
    const view = suggestionsView(t, [entry("kita", "Kita?"), entry("school-enrolment", "School?")]);
    expect(view.text).toBe(t("assistant.did_you_mean"));
    const rows = view.keyboard.reply_markup.inline_keyboard;
    expect(rows.map((r) => r.map((b) => ("callback_data" in b ? b.callback_data : "")))).toEqual([
      [pack(routes.suggestion, { entryId: "kita" })],
      [pack(routes.suggestion, { entryId: "school-enrolment" })],
      [pack(routes.askPerson, {})],
    ]);
    expect(suggestedIds(rows)).toEqual(["kita", "school-enrolment"]);
  });

  it("says so when an answer is not written in the reader's language", () => {
    const t = i18n.t("uk");
    const view = answerView(t, { ...entry("faq-m1", "Bike?"), writtenIn: "en" }, [], "English");
    expect(view.text.startsWith(t("assistant.other_language", { language: "English" }))).toBe(true);
    expect(answerView(t, entry("kita", "Kita?"), []).text.startsWith("…")).toBe(true);
  });
});

describe("entries staff make and translate", () => {
  const made = parseEntry({
    id: "faq-m0123456789abcdef",
    languages: ["en"],
    translations: Object.fromEntries(
      ["uk", "ru", "en", "de", "pl"].map((l) => [l, { question: "Bike?", answer: "Flea market." }]),
    ),
  });

  it("reads the reference and a translation reply", () => {
    expect(parseEntryRef("Added … as kb:faq-m0123456789abcdef: every bot …")).toBe("faq-m0123456789abcdef");
    expect(parseEntryRef("no reference")).toBeNull();
    expect(parseTranslation("de\nFahrrad?\nFlohmarkt.\nAm Samstag.")).toEqual({
      lang: "de",
      question: "Fahrrad?",
      answer: "Flohmarkt.\nAm Samstag.",
    });
    expect(parseTranslation("uk: Велосипед?\nБлошиний ринок.")).toMatchObject({ lang: "uk" });
    expect(parseTranslation("fr\nVélo?\nMarché.")).toBeNull();
    expect(parseTranslation("just an answer")).toBeNull();
  });

  it("adds the language to the ones the entry is written in", () => {
    const t = parseTranslation("de\nFahrrad?\nFlohmarkt.");
    const updated = parseEntry(withTranslation(made, t ?? never()));
    expect(updated.languages).toEqual(["en", "de"]);
    expect(updated.translations.de).toEqual({ question: "Fahrrad?", alternatives: [], answer: "Flohmarkt." });
    expect(updated.translations.uk.answer).toBe("Flea market.");
  });
});

function never(): never {
  throw new Error("expected a value");
}
