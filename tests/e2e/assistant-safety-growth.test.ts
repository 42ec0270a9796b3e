import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../core/assistant";
import type { EmulatedUser } from "../../scripts/lib/emulated-user";
import { EmulatedUser as Person } from "../../scripts/lib/emulated-user";
import { ProcessRunner } from "../../scripts/lib/processes";
import { TelegramEmulator } from "../../scripts/lib/telegram-emulator";
import { pack, routes } from "../../shared/callback";
import type { Language } from "../../shared/i18n";
import { loadKnowledgeBase } from "../../shared/knowledge-files";
import { TEST_ADMIN_ID, TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * The assistant in a person's own words, over Telegram with the real bot process: an indirect
 * crisis message gets the numbers first and an urgent notice to staff at once; a question typed in
 * Latin letters is answered; an unsure one offers "Did you mean …?"; feedback is stored; an entry
 * staff add on one bot process is used by a second bot process within seconds.
 */
let h: Harness;
let caseworker: EmulatedUser;
let kielStaff: EmulatedUser;
const kb = createAssistant(loadKnowledgeBase("knowledge"));
const answer = (id: string, lang: Language) => kb.entry(id, lang)?.answer ?? `(no entry ${id})`;

/** A second bot (its own token and emulator) on the same database and Redis: another process. */
const SECOND_TOKEN = "654321:TEST-second-bot";
const second = { emulator: new TelegramEmulator(SECOND_TOKEN), runner: null as ProcessRunner | null };

beforeAll(async () => {
  h = await createHarness({ KNOWLEDGE_POLL_MS: "1000" });
  await seedMunicipalities(h.db, [{ id: "kiel", name: "Kiel" }]);
  await grantStaff(h.db, [
    { telegramId: 7102, role: "caseworker", language: "en" },
    { telegramId: 7101, role: "city_staff", municipalityId: "kiel", language: "de" },
  ]);
  caseworker = h.user(7102, "Caseworker", "en");
  kielStaff = h.user(7101, "Kiel", "de");
  await h.processes.start("bot");
});

afterAll(async () => {
  await second.runner?.stopAll();
  await second.emulator.stop().catch(() => undefined);
  await h?.close();
});

async function person(id: number, language: Language, placedIn?: string): Promise<EmulatedUser> {
  await seedPeople(h.db, [
    {
      telegramId: id,
      language,
      intake: placedIn ? { status: "placed", municipalityId: placedIn } : { status: "registered" },
    },
  ]);
  return h.user(id, `Person ${id}`, language);
}

describe("the assistant in a person's own words", () => {
  it("answers an indirect crisis message with the numbers first and tells staff at once, marked urgent", async () => {
    const ru = h.i18n.t("ru");
    const en = h.i18n.t("en");
    const de = h.i18n.t("de");
    const nadia = await person(7001, "ru", "kiel");
    const text = "у отца сильная боль в груди, отдаёт в левую руку";
    const replies = await nadia.say(text);
    expect(replies.map((m) => m.text)).toEqual([
      [ru("safety.medical"), ru("safety.sign.chest")].join("\n\n"),
      ru("assistant.handed_over_city"),
    ]);
    expect(replies[0]?.text).toContain("112");
    // both the city's staff and the caseworkers are told, with the urgent heading
    const [thread] = await h.db.supportQuestion.findMany({ where: { user: { telegramId: 7001n } } });
    expect(thread).toMatchObject({ urgent: true, reason: "crisis", municipalityId: "kiel" });
    const ref = `#${thread?.id}`;
    expect(caseworker.last()?.text).toContain(en("assistant.staff.heading_urgent", { ref }));
    expect(kielStaff.last()?.text).toContain(de("assistant.staff.heading_urgent", { ref }));
    expect(kielStaff.last()?.text).toContain(text);

    // violence, in Ukrainian, without a crisis keyword: police, Hilfetelefon
    const uk = h.i18n.t("uk");
    const oksana = await person(7002, "uk");
    const [numbers] = await oksana.say("чоловік замкнув мене вдома і забрав телефон, я боюся");
    expect(numbers?.text).toBe(uk("safety.violence"));
    expect(numbers?.text).toContain("110");
    expect(numbers?.text).toContain("116 016");
    // urgent questions come first in /questions
    caseworker.read();
    const listed = (await caseworker.say("/questions")).filter((m) => m.text.includes("#q"));
    expect(listed[0]?.text.startsWith("🚨")).toBe(true);
  });

  it("answers a question typed in Latin letters, in the person's language", async () => {
    const uk = h.i18n.t("uk");
    const taras = await person(7003, "uk");
    const [reply] = await taras.say("chy treba platyty za radio i telebachennia");
    expect(reply?.text).toBe(`${answer("broadcasting-fee", "uk")}\n\n${uk("assistant.did_it_help")}`);

    // 👍 and 👎 are stored per entry (not linked to the person); a second tap counts once
    await taras.tap(uk("assistant.yes"), reply);
    expect(await h.db.answerFeedback.findMany({ select: { entryId: true, helped: true } })).toEqual([
      { entryId: "broadcasting-fee", helped: true },
    ]);
  });

  it("offers “Did you mean …?” when not sure, answers the one picked, and hands over on “none of these”", async () => {
    const uk = h.i18n.t("uk");
    const iryna = await person(7004, "uk");
    const [suggestions, ...more] = await iryna.say("de vziaty likaria dlia dytyny");
    expect(more).toEqual([]);
    expect(suggestions?.text).toBe(uk("assistant.did_you_mean"));
    const rows = suggestions?.buttons ?? [];
    expect(rows).toHaveLength(4);
    expect(rows[0]?.[0]?.data).toBe(pack(routes.suggestion, { entryId: "finding-doctor" }));
    expect(rows[3]?.[0]?.text).toBe(uk("assistant.ask_person"));
    expect(await h.db.supportQuestion.count({ where: { user: { telegramId: 7004n } } })).toBe(0);

    const [picked] = await iryna.tap(/^❓ /, suggestions);
    expect(picked?.text).toBe(`${answer("finding-doctor", "uk")}\n\n${uk("assistant.did_it_help")}`);
    // 👎 is stored, and the question goes to a person with the entry that did not help
    expect((await iryna.tap(uk("assistant.no"), picked)).map((m) => m.text)).toContain(
      uk("assistant.handed_over"),
    );
    expect(await h.db.answerFeedback.count({ where: { entryId: "finding-doctor", helped: false } })).toBe(1);
    expect(await h.db.supportQuestion.findFirst({ where: { user: { telegramId: 7004n } } })).toMatchObject({
      reason: "not-helped",
      nearestEntryId: "finding-doctor",
      urgent: false,
    });

    // none of these → a person, with the first suggestion kept for grouping
    const petro = await person(7007, "uk");
    const [again] = await petro.say("Where can I buy a used bicycle cheaply?");
    expect(again?.text).toBe(uk("assistant.did_you_mean"));
    const first = again?.buttons[0]?.[0]?.data ?? "";
    expect((await petro.tap(uk("assistant.ask_person"), again)).map((m) => m.text)).toEqual([
      uk("assistant.handed_over"),
    ]);
    expect(await h.db.supportQuestion.findFirst({ where: { user: { telegramId: 7007n } } })).toMatchObject({
      reason: "asked",
      nearestEntryId: routes.suggestion.schema.parse({ entryId: first.split(":")[1] }).entryId,
    });
  });

  it("uses an entry staff add on one bot process in a second bot process within seconds", async () => {
    const en = h.i18n.t("en");
    const uk = h.i18n.t("uk");
    const apiRoot = await second.emulator.start();
    second.runner = new ProcessRunner(
      {
        BOT_TOKEN: SECOND_TOKEN,
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: TEST_QUEUE_PREFIX,
        TELEGRAM_API_ROOT: apiRoot,
        ADMIN_TELEGRAM_IDS: String(TEST_ADMIN_ID),
        KNOWLEDGE_POLL_MS: "1000",
        LOG_LEVEL: "info",
      },
      second.emulator,
    );
    await second.runner.start("bot");

    // a question only staff can answer, on the first bot
    const ivan = await person(7005, "en");
    const question = "Is there a repair café where volunteers fix broken toasters?";
    const first = await ivan.say(question);
    if (first[0]?.text === en("assistant.did_you_mean")) await ivan.tap(en("assistant.ask_person"), first[0]);
    const notice = caseworker.read().find((m) => m.text.includes(question));
    if (!notice) throw new Error("the caseworker got no notice");
    const staffAnswer = "Yes: the Repair Café meets every first Saturday in the community centre.";
    const [sent] = await caseworker.replyTo(notice, staffAnswer);
    const [added] = await caseworker.tap(en("assistant.staff.add_general"), sent);
    const addedAt = Date.now();
    const [row] = await h.db.knowledgeEntry.findMany();
    expect(added?.text).toBe(en("assistant.staff.added", { id: row?.id, language: "English" }));

    // the second bot, started before the entry existed, picks it up within seconds and answers with it
    const synced = (n: number) =>
      (second.runner?.output.get("bot") ?? []).filter((l) => l.includes('"event":"knowledge.synced"'))
        .length >= n;
    await eventually(() => synced(1), { timeoutMs: 15_000, what: "the second bot to read the new entry" });
    const seconds = (Date.now() - addedAt) / 1000;
    console.log(
      `entry added on bot 1 → in use on bot 2 after ${seconds.toFixed(1)} s (KNOWLEDGE_POLL_MS=1000)`,
    );
    expect(seconds).toBeLessThan(5);
    const olga = new Person(second.emulator, 7006, "Olga", "uk");
    await seedPeople(h.db, [{ telegramId: 7006, language: "uk", intake: { status: "registered" } }]);
    const [reply] = await olga.say("repair café volunteers fix toaster");
    // written in English only: a Ukrainian reader is told so
    expect(reply?.text).toBe(
      `${uk("assistant.other_language", { language: "English" })}\n\n${staffAnswer}\n\n${uk("assistant.did_it_help")}`,
    );

    // staff translate it by replying to the "added" message; the second bot uses the translation
    const translated = "Так: Repair Café збирається щопершої суботи в громадському центрі.";
    const [thanks] = await caseworker.replyTo(
      added ?? notice,
      `uk\nЧи є ремонтне кафе, де волонтери лагодять тостери?\n${translated}`,
    );
    expect(thanks?.text).toBe(en("assistant.staff.translated", { id: row?.id, language: "Українська" }));
    await eventually(() => synced(2), { timeoutMs: 15_000, what: "the second bot to read the translation" });
    const [translatedReply] = await olga.say("ремонтне кафе волонтери тостер");
    expect(translatedReply?.text).toBe(`${translated}\n\n${uk("assistant.did_it_help")}`);
  });
});
