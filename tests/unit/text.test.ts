import { describe, expect, it } from "vitest";
import { parseText } from "../../core/questionnaire/validate";
import { cleanText, isBlank, looksLikeAnswer } from "../../core/text";

describe("what people type (core/text.ts)", () => {
  it("removes NUL, control characters, escape sequences and broken characters; keeps line breaks and emoji", () => {
    expect(cleanText("Kra\u0000ków")).toBe("Kraków");
    expect(cleanText("\u001b[31mred\u001b[0m")).toBe("red");
    expect(cleanText("a\r\nb\tc\u0007")).toBe("a\nb\tc");
    expect(cleanText("x\ud800y")).toBe("xy");
    expect(cleanText("👨‍👩‍👧 Familie")).toBe("👨‍👩‍👧 Familie");
  });

  it("finds messages with nothing visible in them", () => {
    for (const blank of ["", "   ", "\u200b\u200b", "\u0000", "\u001b[0m", "\u2063\ufeff", "\u3164", "\n\t"])
      expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
    for (const visible of ["5", "Kraków", "👍", ".", "a\u200b"]) expect(isBlank(visible)).toBe(false);
  });

  it("tells answers typed out of place from questions", () => {
    expect(looksLikeAnswer("5")).toBe(true);
    expect(looksLikeAnswer("Kraków")).toBe(true);
    expect(looksLikeAnswer("Kita?")).toBe(false);
    expect(looksLikeAnswer("Wo bekomme ich einen Kitaplatz")).toBe(false);
  });

  it("the questionnaire refuses a text answer with nothing visible", () => {
    expect(parseText("\u200b\u2063", 80)).toEqual({ ok: false, error: { key: "text_empty" } });
    expect(parseText(" Welder ", 80)).toEqual({ ok: true, value: "Welder" });
  });
});
