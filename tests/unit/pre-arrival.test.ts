import { describe, expect, it } from "vitest";
import {
  ageOn,
  answer,
  clearField,
  emptyPreArrival,
  formatPhone,
  nextStep,
  parseBirthDate,
  parseContactPhone,
  parsePassportName,
} from "../../core/pre-arrival";

const TODAY = "2026-12-01";

describe("pre-arrival data: names as in the passport", () => {
  it("takes Latin names with diacritics, hyphens and apostrophes", () => {
    expect(parsePassportName("  SHEVCHENKO   Olena ")).toEqual({ ok: true, value: "SHEVCHENKO Olena" });
    expect(parsePassportName("Kowalska-Nowak Zofia")).toMatchObject({ ok: true });
    expect(parsePassportName("Łukasz Wójcik")).toMatchObject({ ok: true });
    expect(parsePassportName("Müller Jürgen")).toMatchObject({ ok: true });
    expect(parsePassportName("D’Angelo Maria")).toEqual({ ok: true, value: "D'Angelo Maria" });
  });
  it("refuses Cyrillic, a single word and anything that is not a name", () => {
    expect(parsePassportName("Шевченко Олена")).toEqual({ ok: false, error: "name_latin" });
    expect(parsePassportName("Olena")).toEqual({ ok: false, error: "name_parts" });
    expect(parsePassportName("Olena 123")).toEqual({ ok: false, error: "name_format" });
    expect(parsePassportName("- -")).toEqual({ ok: false, error: "name_format" });
    expect(parsePassportName(`${"A".repeat(60)} ${"B".repeat(60)}`)).toEqual({
      ok: false,
      error: "name_format",
    });
  });
});

describe("pre-arrival data: dates of birth", () => {
  it("reads the usual ways of writing a date", () => {
    for (const text of ["24.12.1985", "24/12/1985", "24-12-1985", "1985-12-24"]) {
      expect(parseBirthDate(text, TODAY)).toEqual({ ok: true, value: "1985-12-24" });
    }
    expect(parseBirthDate("1.2.2020", TODAY)).toEqual({ ok: true, value: "2020-02-01" });
  });
  it("refuses dates that do not exist, are in the future or are not plausible", () => {
    expect(parseBirthDate("31.02.1985", TODAY)).toEqual({ ok: false, error: "date_invalid" });
    expect(parseBirthDate("29.02.2023", TODAY)).toEqual({ ok: false, error: "date_invalid" });
    expect(parseBirthDate("29.02.2024", TODAY)).toMatchObject({ ok: true });
    expect(parseBirthDate("02.12.2026", TODAY)).toEqual({ ok: false, error: "date_future" });
    expect(parseBirthDate("01.01.1900", TODAY)).toEqual({ ok: false, error: "date_old" });
    expect(parseBirthDate("yesterday", TODAY)).toEqual({ ok: false, error: "date_format" });
  });
  it("counts full years", () => {
    expect(ageOn("1985-12-24", TODAY)).toBe(40);
    expect(ageOn("1985-12-01", TODAY)).toBe(41);
  });
});

describe("pre-arrival data: phone numbers (libphonenumber-js)", () => {
  it("reads German numbers without a country code, and Ukrainian and Polish ones", () => {
    expect(parseContactPhone("0151 23456789")).toEqual({ ok: true, value: "+4915123456789" });
    expect(parseContactPhone("+380 67 123 4567")).toEqual({ ok: true, value: "+380671234567" });
    expect(parseContactPhone("+48 601 234 567")).toEqual({ ok: true, value: "+48601234567" });
    expect(parseContactPhone("050 123 4567")).toEqual({ ok: true, value: "+380501234567" });
    expect(formatPhone("+380671234567")).toBe("+380 67 123 4567");
  });
  it("refuses what is not a valid number", () => {
    expect(parseContactPhone("12345")).toEqual({ ok: false, error: "phone_invalid" });
    expect(parseContactPhone("+380 12")).toEqual({ ok: false, error: "phone_invalid" });
    expect(parseContactPhone("call me")).toEqual({ ok: false, error: "phone_invalid" });
  });
});

describe("pre-arrival data: the order of questions and a fix", () => {
  it("asks name and date of birth per member, then the phone, then the review; a fix asks one field again", () => {
    let data = emptyPreArrival(2);
    const steps: string[] = [];
    const inputs = ["Shevchenko Olena", "24.12.1985", "Shevchenko Ivan", "03.05.2018", "0151 23456789"];
    for (const text of inputs) {
      const step = nextStep(data);
      if (step.field === "review") throw new Error("too early");
      steps.push("member" in step ? `${step.field}:${step.member}` : step.field);
      const r = answer(data, step, text, TODAY);
      if (!r.ok) throw new Error(r.error);
      data = r.value;
    }
    expect(steps).toEqual(["name:0", "birth:0", "name:1", "birth:1", "phone"]);
    expect(nextStep(data)).toEqual({ field: "review" });
    const fixed = clearField(data, { field: "birth", member: 1 });
    expect(nextStep(fixed)).toEqual({ field: "birth", member: 1 });
    expect(fixed.members[1]?.name).toBe("Shevchenko Ivan");
    const again = answer(fixed, { field: "birth", member: 1 }, "31.02.2018", TODAY);
    expect(again).toEqual({ ok: false, error: "date_invalid" });
  });
});
