import { describe, expect, it } from "vitest";
import { FORM_KEYS, parseEventForm, parseHouseholdForm } from "../../bot/city/forms";
import { kindAliases } from "../../bot/city/ui";
import type { BotContext } from "../../bot/context";
import { parseRoundSelection } from "../../bot/rounds/selection";
import { householdRef, parseHouseholdRef } from "../../core/reference";
import { createI18n, LANGUAGES } from "../../shared/i18n";
import { formatBerlin, parseBerlin } from "../../shared/messages/time";

/** What staff type in chat: dates as German forms write them, references, keywords of their language. */
describe("staff input in chat", () => {
  it("reads DD.MM.YYYY HH:MM (as staff screens show it) the same as ISO", () => {
    const iso = parseBerlin("2026-12-05 10:00");
    expect(parseBerlin("05.12.2026 10:00")).toEqual(iso);
    expect(parseBerlin("5.12.2026 10.00")).toEqual(iso);
    expect(formatBerlin(iso as Date)).toBe("05.12.2026 10:00");
    expect(parseBerlin("31.02.2026 10:00")).toBeNull();
  });

  it("reads a household's reference in any case, with or without #", () => {
    const ref = householdRef("cmx4fglrc0002k67d0od8f5085");
    expect(ref).toBe("#8F5085");
    for (const typed of ["#8F5085", "#8f5085", "8f5085", " 8F5085 "])
      expect(parseHouseholdRef(typed)).toBe("8f5085");
  });

  it("reads a one-message form with its keys in the staff member's language and German dates", async () => {
    const i18n = await createI18n();
    const aliases = new Map<string, string>();
    for (const lang of LANGUAGES) {
      for (const key of FORM_KEYS)
        aliases.set(i18n.t(lang)(`arrival.form_keys.${key}`).toLocaleLowerCase(), key);
    }
    const form = parseHouseholdForm(
      "/arrival #8F5085\nDatum: 05.12.2099 14:30\nTreffpunkt: Hbf, Gleis 3\nTelefon: +49 30 123456\n" +
        "Termin: 06.12.2099 09:00 | Bürgeramt | Anmeldung",
      aliases,
    );
    expect(form).toMatchObject({
      ok: true,
      value: {
        meetingPoint: "Hbf, Gleis 3",
        contactPhone: "+49 30 123456",
        appointments: [{ place: "Bürgeramt" }],
      },
    });
    if (form.ok) expect(formatBerlin(form.value.arrivalDate as Date)).toBe("05.12.2099 14:30");
    expect(parseHouseholdForm("/arrival x\nдата: 05.12.2099 14:30", aliases)).toMatchObject({ ok: true });
  });

  it("reads an event's kind by its name in any staff language, and refuses one it does not know", async () => {
    const i18n = await createI18n();
    const kinds = kindAliases({ app: { i18n } } as unknown as BotContext);
    const form = (kind: string) =>
      parseEventForm(
        `/event\ndate: 05.12.2099 10:00\nplace: VHS\nkind: ${kind}\nde: Deutschkurs`,
        undefined,
        kinds,
      );
    expect(form("Kurs")).toMatchObject({ ok: true, value: { kind: "course" } });
    expect(form("termin")).toMatchObject({ ok: true, value: { kind: "appointment" } });
    expect(form("Warsztaty")).toMatchObject({ ok: true, value: { kind: "workshop" } });
    expect(form("Прийом")).toMatchObject({ ok: true, value: { kind: "appointment" } });
    expect(form("course")).toMatchObject({ ok: true, value: { kind: "course" } });
    expect(form("Party")).toEqual({ ok: false, error: "bad_kind" });
  });

  it("takes /round keywords of every staff language", async () => {
    const i18n = await createI18n();
    const words = (k: string) =>
      LANGUAGES.flatMap((l) => i18n.t(l)(`rounds.keywords.${k}`).split(",")).map((w) => w.trim());
    const keywords = { first: words("first"), only: words("only"), without: words("without") };
    expect(parseRoundSelection(" erste 50 ohne Kiel", keywords)).toEqual({
      ok: true,
      selection: { first: 50, without: ["Kiel"] },
    });
    expect(parseRoundSelection("ЛИШЕ Braunschweig, Kiel", keywords)).toEqual({
      ok: true,
      selection: { only: ["Braunschweig", "Kiel"] },
    });
    expect(parseRoundSelection("pierwsze 3 bez Kiel", keywords)).toEqual({
      ok: true,
      selection: { first: 3, without: ["Kiel"] },
    });
    // a keyword inside a name is not a keyword
    expect(parseRoundSelection("only Nurnberg", keywords)).toEqual({
      ok: true,
      selection: { only: ["Nurnberg"] },
    });
  });
});
