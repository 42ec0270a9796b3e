import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { familyOfThree, singleWithDog } from "../../scripts/lib/personas";
import { TEST_ADMIN_ID } from "../support/env";
import { createHarness, type Harness } from "../support/harness";

/**
 * The real bot and worker processes against the Telegram Bot API emulator on localhost,
 * with the real PostgreSQL and Redis.
 */
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.processes.start("bot");
  await h.processes.start("worker");
});

afterAll(async () => {
  await h?.close();
});

/** The "of about N" in a question's progress line (Ukrainian), or null when it shows none. */
function totalShown(text: string | undefined, answered: number): number | null {
  const [before, after] = h.i18n.t("uk")("intake.progress", { answered, total: "\u0000" }).split("\u0000");
  const rest = text?.split(before as string)[1];
  return rest === undefined ? null : Number(rest.split(after as string)[0]);
}

async function intakeOf(telegramId: number) {
  const user = await h.db.user.findUnique({
    where: { telegramId: BigInt(telegramId) },
    include: { intake: true },
  });
  return {
    user,
    state: user?.intake?.state as {
      current: string;
      answers: Record<string, unknown>;
      groups: Record<string, Record<string, unknown>[]>;
    },
  };
}

describe("intake over Telegram", () => {
  it("a family completes it in Ukrainian: a wrong answer, a bot crash mid-way, an edit from the summary", async () => {
    const uk = h.i18n.t("uk");
    const olena = h.user(2001, "Olena", "uk");
    const [choose] = await olena.say("/start");
    // Telegram's language code preselects Ukrainian
    expect(choose?.buttons[0]?.[0]?.text).toBe(`✓ ${uk("language.name")}`);
    await olena.tap(uk("language.name"));
    expect(olena.allText()).toContain(uk("consent.text", { after: uk("consent.retention", { count: 12 }) }));
    // nobody is stored before consent
    expect(await h.db.user.count({ where: { telegramId: 2001n } })).toBe(0);
    await olena.tap(uk("consent.agree"));
    const consent = await h.db.consentEvent.findMany({ where: { user: { telegramId: 2001n } } });
    expect(consent).toMatchObject([{ decision: "agreed", version: expect.any(String) }]);

    // a wrong answer: a localized explanation, the same question again, nothing stored
    const wrong = await olena.say("три");
    expect(wrong.map((m) => m.text)).toContain(uk("intake.errors.number", { min: 1, max: 12 }));
    expect(wrong.at(-1)?.text).toContain(uk("intake.q.household_size.text"));
    expect((await intakeOf(2001)).state.current).toBe("household_size");
    // no "of about N" before the household size: it would count nobody's questions yet
    expect(wrong.at(-1)?.text).toContain(uk("intake.progress_first", { answered: 1 }));
    expect(totalShown(wrong.at(-1)?.text, 1)).toBeNull();
    expect((await olena.say("/status")).map((m) => m.text)).toEqual([uk("status.started")]);
    await h.driver.answerOne(olena, "uk", familyOfThree); // three people: now the total counts theirs
    expect(totalShown(olena.last()?.text, 2)).toBeGreaterThan(40);
    for (let i = 0; i < 6; i++) await h.driver.answerOne(olena, "uk", familyOfThree);
    const before = await intakeOf(2001);
    expect(before.state.current).toBe("members.0.languages");

    // the bot crashes; the person answers meanwhile; nothing is lost when it comes back
    await h.processes.stop("bot", "SIGKILL");
    await olena.tap(uk("intake.choices.languages.uk"), undefined, false); // handled after the restart
    await h.processes.start("bot");
    await h.emulator.handled(olena.lastUpdateId);
    olena.read();
    const draft = (await h.db.intake.findFirstOrThrow({ where: { user: { telegramId: 2001n } } })).state as {
      draft?: { values: string[] };
    };
    expect(draft.draft?.values).toEqual(["uk"]);
    expect((await intakeOf(2001)).state.groups.members?.[0]).toMatchObject({
      age: 34,
      profession: "Pharmacist",
    });

    // a redelivered update (crash after handling, before Telegram heard back) is applied once
    await h.driver.answerOne(olena, "uk", { ...familyOfThree, "members.0.languages": ["ru", "en"] });
    const afterLanguages = await intakeOf(2001);
    expect(afterLanguages.state.groups.members?.[0]?.languages).toEqual(["uk", "ru", "en"]);
    await h.driver.answerOne(olena, "uk", familyOfThree); // german level, a button
    await h.driver.answerOne(olena, "uk", familyOfThree); // english level
    const version = (await h.db.intake.findFirstOrThrow({ where: { user: { telegramId: 2001n } } })).version;
    await h.processes.stop("bot", "SIGKILL");
    h.emulator.redeliver(olena.lastUpdateId);
    await h.processes.start("bot");
    await h.emulator.handled(olena.lastUpdateId);
    expect((await h.db.intake.findFirstOrThrow({ where: { user: { telegramId: 2001n } } })).version).toBe(
      version,
    );

    await h.driver.answerAll(olena, "uk", familyOfThree);
    expect(olena.last()?.text).toContain(uk("intake.summary.ask_submit"));
    expect(olena.allText()).toContain("Przemyśl");

    // change the city from the summary: section, then the answer, then type the new one
    await olena.tap(uk("intake.buttons.edit"));
    await olena.tap(uk("intake.summary.section.situation"));
    await olena.tap(/Przemyśl/);
    await olena.say("Rzeszów");
    expect(olena.last()?.text).toContain("Rzeszów");
    expect(olena.last()?.text).toContain(uk("intake.summary.ask_submit"));
    await olena.tap(uk("intake.buttons.submit"));
    expect(olena.last()?.text).toBe(uk("intake.submitted"));

    const done = await intakeOf(2001);
    expect(done.user?.intake?.status).toBe("registered");
    expect(done.state.answers.current_city).toBe("Rzeszów");
    expect(done.state.groups.members?.[2]).toMatchObject({ age: 67, medical_needs: ["dialysis"] });

    // staff are not told one by one: registrations come in the digest (tests/e2e/staff-digest.test.ts)
    expect(h.emulator.messages(TEST_ADMIN_ID)).toEqual([]);

    // a second tap on submit changes nothing
    const submitted = await intakeOf(2001);
    await olena.tap(uk("intake.buttons.submit")).catch(() => undefined);
    expect((await intakeOf(2001)).user?.intake?.submittedAt).toEqual(submitted.user?.intake?.submittedAt);
  });

  it("a man completes it in German, sees all his data with /mydata and deletes it with /delete", async () => {
    const de = h.i18n.t("de");
    const taras = h.user(2002, "Taras", "de");
    await taras.say("/start");
    await taras.tap(de("language.name"));
    await taras.tap(de("consent.agree"));
    await h.driver.answerAll(taras, "de", singleWithDog);
    await taras.tap(de("intake.buttons.submit"));
    expect(taras.last()?.text).toBe(de("intake.submitted"));

    const mine = await taras.say("/mydata");
    const file = mine.find((m) => m.document)?.document;
    expect(file?.fileName).toBe("rematch-my-data.json");
    const data = JSON.parse(file?.content ?? "{}");
    const stored = await intakeOf(2002);
    expect(data.account).toMatchObject({ telegramId: "2002", language: "de" });
    expect(data.questionnaire.answers).toEqual(stored.state.answers);
    expect(data.questionnaire.householdMembers).toEqual(stored.state.groups.members);
    expect(data.consents).toHaveLength(1);
    const readable = mine.map((m) => m.text).join("\n");
    expect(readable).toContain("Welder");
    expect(readable).toContain(de("intake.choices.pets.dog"));

    await taras.say("/delete");
    await taras.tap(de("delete.yes"));
    expect(taras.last()?.text).toBe(de("delete.done"));

    // no personal data left in any table: look for his id, his words and his answers everywhere
    const tables = await h.db.$queryRawUnsafe<{ t: string }[]>(
      `SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public'`,
    );
    for (const { t } of tables) {
      const rows = await h.db.$queryRawUnsafe<{ row: string }[]>(
        `SELECT row_to_json(x)::text AS row FROM "${t}" x`,
      );
      for (const { row } of rows) {
        expect(row).not.toContain("2002");
        expect(row).not.toContain("Welder");
        expect(row).not.toContain("Kraków");
      }
    }
    expect(await h.db.erasureTombstone.count({ where: { wasRegistered: true } })).toBe(1);
    expect(await h.db.user.count({ where: { telegramId: 2002n } })).toBe(0);
    expect((await taras.say("/mydata"))[0]?.text).toBe(de("delete.nothing"));
  });

  it("declining consent stores nothing at all", async () => {
    const en = h.i18n.t("en");
    const anna = h.user(2003, "Anna", "en");
    await anna.say("/start");
    await anna.tap(en("language.name"));
    const [reply] = await anna.tap(en("consent.decline"));
    expect(reply?.text).toBe(en("consent.declined"));
    expect(await h.db.user.count()).toBe(1); // only Olena from the first test
    const [hint] = await anna.say("hello?");
    expect(hint?.text).toBe(en("welcome.not_started"));
  });

  it("answers stickers, media, long texts, unknown commands, edits and stale buttons kindly, and stores nothing wrong", async () => {
    const en = h.i18n.t("en");
    const pl = h.i18n.t("pl");
    const ivan = h.user(2004, "Ivan", "en");
    await ivan.say("/start");
    await ivan.tap(en("language.name"));
    await ivan.tap(en("consent.agree"));
    await ivan.say("1");
    await ivan.say("52");
    const genderQuestion = ivan.last();
    expect(genderQuestion?.text).toContain(en("intake.q.gender.self"));
    const state = async () => (await intakeOf(2004)).state;
    const snapshot = JSON.stringify(await state());

    expect((await ivan.sticker())[0]?.text).toBe(en("fallback.sticker"));
    expect((await ivan.voice())[0]?.text).toBe(en("fallback.media"));
    expect((await ivan.photo())[0]?.text).toBe(en("fallback.media"));
    expect((await ivan.say("x".repeat(4000)))[0]?.text).toBe(en("fallback.too_long", { max: 1000 }));
    expect((await ivan.say("/teleport"))[0]?.text).toBe(en("fallback.unknown_command"));
    expect((await ivan.editLast("53"))[0]?.text).toBe(en("fallback.edited"));
    expect(JSON.stringify(await state())).toBe(snapshot);

    // typing a choice's label works like the button
    await ivan.say("Male");
    expect((await state()).groups.members?.[0]?.gender).toBe("male");
    // the old question's button, tapped again: stale, nothing changes
    const stale = await ivan.tap(en("intake.choices.gender.female"), genderQuestion);
    expect(stale[0]?.text).toBe(en("fallback.stale_button"));
    expect((await state()).groups.members?.[0]?.gender).toBe("male");
    expect((await state()).current).toBe("members.0.education");

    // /back returns to the previous question; the language can change at any time
    await ivan.say("/back");
    expect(ivan.last()?.text).toContain(en("intake.q.gender.self"));
    await ivan.say("/language");
    const switched = await ivan.tap(pl("language.name"));
    expect(switched[0]?.text).toBe(pl("language.changed"));
    expect(switched.at(-1)?.text).toContain(pl("intake.q.gender.self"));
    expect((await ivan.say("/status"))[0]?.text).toContain(
      pl("status.in_progress", { answered: 2, total: 18 }).slice(0, 10),
    );
    expect((await ivan.say("/help"))[0]?.text).toBe(pl("help.text"));
    expect((await ivan.say("/cancel"))[0]?.text).toBe(pl("cancel.done"));
  });

  it("does not run the intake in a group chat", async () => {
    const group = h.user(-3001, "Family group", "uk", "group");
    const [reply] = await group.say("/start");
    expect(reply?.text).toBe(h.i18n.t("uk")("fallback.group"));
    expect(await h.db.user.count({ where: { telegramId: -3001n } })).toBe(0);
  });

  it("bot and worker stop gracefully on SIGTERM", async () => {
    expect(await h.processes.stop("worker", "SIGTERM")).toBe(0);
    expect(await h.processes.stop("bot", "SIGTERM")).toBe(0);
    expect(h.processes.output.get("bot")?.some((l) => l.includes('"msg":"bot stopped"'))).toBe(true);
  });
});
