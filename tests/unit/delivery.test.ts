import { TelegramError } from "telegraf";
import { beforeAll, describe, expect, it } from "vitest";
import { parseBroadcastText, parseEventForm, parseHouseholdForm } from "../../bot/city/forms";
import { createI18n, type I18n } from "../../shared/i18n";
import { renderPayload, TELEGRAM_TEXT_LIMIT } from "../../shared/messages/render";
import { berlinWallClock, parseBerlin } from "../../shared/messages/time";
import { classify } from "../../worker/delivery/outcome";

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

describe("rendering a delivery in the reader's language", () => {
  it("uses the reader's own text, else English, else German, with a note in the reader's language", () => {
    const render = (lang: "uk" | "pl", texts: Record<string, string>) =>
      renderPayload(i18n, lang, { parts: [{ texts }] }).text;
    expect(render("uk", { uk: "Привіт", en: "Hello" })).toBe("Привіт");
    const pl = i18n.t("pl");
    expect(render("pl", { uk: "Привіт", en: "Hello", de: "Hallo" })).toBe(
      `${pl("arrival.untranslated", { language: i18n.t("en")("language.name") })}\n\nHello`,
    );
    expect(render("pl", { uk: "Привіт", de: "Hallo" })).toBe(
      `${pl("arrival.untranslated", { language: i18n.t("de")("language.name") })}\n\nHallo`,
    );
  });

  it("shows moments in Berlin time in the reader's format, and stays within Telegram's length", () => {
    const at = Date.UTC(2026, 11, 5, 9, 0); // 10:00 in Berlin (winter)
    const de = renderPayload(i18n, "de", {
      parts: [{ key: "arrival.event.when", params: { startsAt: at, place: "VHS" } }],
    }).text;
    expect(de).toContain("10:00");
    expect(de).toContain("Dezember");
    const long = renderPayload(i18n, "en", {
      parts: [{ texts: { en: "x".repeat(4000) } }, { texts: { en: "y".repeat(4000) } }],
    });
    expect(long.text.length).toBe(TELEGRAM_TEXT_LIMIT);
  });
});

describe("what Telegram's answer means", () => {
  const error = (error_code: number, description: string, parameters?: object) =>
    new TelegramError({ error_code, description, parameters } as never);
  it("429 waits retry_after, 403 is blocked, 5xx and a connection never made retry, other 4xx fail", () => {
    expect(classify(error(429, "Too Many Requests", { retry_after: 3 }))).toEqual({
      kind: "rate",
      retryAfterMs: 3000,
    });
    expect(classify(error(403, "Forbidden: bot was blocked by the user"))).toEqual({ kind: "blocked" });
    expect(classify(error(502, "Bad Gateway")).kind).toBe("retry");
    expect(classify(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })).kind).toBe("retry");
    expect(classify(Object.assign(new Error("getaddrinfo"), { code: "EAI_AGAIN" })).kind).toBe("retry");
    expect(classify(error(400, "Bad Request: chat not found")).kind).toBe("fatal");
  });

  it("no answer in time, or a connection lost after the request went out, is in doubt", () => {
    // node-fetch's errors as telegraf passes them on: the timeout's abort, a reset, a hang-up
    const aborted = Object.assign(new Error("The operation was aborted."), {
      name: "AbortError",
      type: "aborted",
    });
    expect(classify(aborted)).toEqual({ kind: "doubt", error: "no answer (aborted)" });
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET", type: "system" });
    expect(classify(reset)).toEqual({ kind: "doubt", error: "no answer (ECONNRESET)" });
    expect(classify(new Error("something else")).kind).toBe("doubt");
  });
});

describe("staff forms", () => {
  it("reads Berlin time, summer and winter", () => {
    expect(parseBerlin("2026-07-01 10:00")?.toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(parseBerlin("2026-12-01 10:00")?.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(parseBerlin("2026-02-30 10:00")).toBeNull();
    expect(parseBerlin("tomorrow")).toBeNull();
    expect(berlinWallClock(new Date("2026-07-01T08:00:00.000Z"))).toBe("2026-07-01 10:00");
  });

  it("parses an event with texts in several languages, and names what is wrong", () => {
    const ok = parseEventForm(
      "/event\ndate: 2099-03-01 10:00\nplace: VHS\nkind: workshop\nen: German A1\nfirst lesson\nuk: Німецька A1",
    );
    expect(ok).toMatchObject({
      ok: true,
      value: { place: "VHS", kind: "workshop", texts: { en: "German A1\nfirst lesson", uk: "Німецька A1" } },
    });
    expect(parseEventForm("/event\ndate: 2099-03-01 10:00\nplace: VHS\nen: x\nkind: party")).toEqual({
      ok: false,
      error: "bad_kind",
    });
    expect(parseEventForm("/event\ndate: 2001-03-01 10:00\nplace: VHS\nen: x")).toEqual({
      ok: false,
      error: "in_past",
    });
    expect(parseEventForm("/event\ndate: 2099-03-01 10:00\nplace: VHS")).toEqual({
      ok: false,
      error: "no_text",
    });
    expect(parseEventForm("/event\nhello")).toEqual({ ok: false, error: "unknown_line" });
  });

  it("parses a household's arrival with its appointments", () => {
    const ok = parseHouseholdForm(
      "/arrival x\ndate: 2099-03-02 14:30\nphone: +49 431 1234567\nappointment: 2099-03-03 09:00 | Bürgeramt | Anmeldung",
    );
    expect(ok.ok && ok.value.appointments).toEqual([
      { at: "2099-03-03T08:00:00.000Z", place: "Bürgeramt", what: "Anmeldung" },
    ]);
    expect(parseHouseholdForm("/arrival x\nphone: call me")).toEqual({ ok: false, error: "bad_phone" });
    expect(parseHouseholdForm("/arrival x\nappointment: soon")).toEqual({
      ok: false,
      error: "bad_appointment",
    });
  });

  it("splits a broadcast text into languages; unmarked text is the author's language", () => {
    expect(parseBroadcastText("Hallo zusammen\nuk: Привіт усім", "de")).toEqual({
      ok: true,
      value: { de: "Hallo zusammen", uk: "Привіт усім" },
    });
    expect(parseBroadcastText("uk:", "de")).toEqual({ ok: false, error: "no_text" });
  });
});
