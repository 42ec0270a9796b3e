import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleWithDog } from "../../scripts/lib/personas";
import type { BotMessage } from "../../scripts/lib/telegram-emulator";
import { createEventsQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { capacity, grantStaff, seedMunicipalities } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * A refugee's conversation that cannot be broken (issue 13): locked answers once an offer is open,
 * a /delete bound to its request, odd characters, stale buttons, commands for other bots. The real
 * bot and worker against the Telegram emulator, with the real PostgreSQL and Redis.
 */
let h: Harness;
const CASEWORKER = 7901;

const services = {
  medicalSpecialties: ["general"],
  languageCourses: true,
  integrationCourses: true,
  welcomeClasses: true,
  jobSectors: ["construction"],
  ukrainianCommunity: 300,
  citySize: "small",
  petsAllowed: true,
};

beforeAll(async () => {
  h = await createHarness({ OFFER_DEADLINE_MINUTES: "600", OFFER_REMINDER_MINUTES: "60" });
  await seedMunicipalities(h.db, [{ id: "troisdorf", name: "Troisdorf", capacity: capacity(10), services }]);
  await grantStaff(h.db, [{ telegramId: CASEWORKER, role: "caseworker", language: "en" }]);
  await h.processes.start("bot");
  await h.processes.start("worker");
});

afterAll(async () => {
  await h?.close();
});

const withButton = (messages: BotMessage[], label: string) =>
  messages.find((m) =>
    m.buttons.flat().some((b) => b.text === label || b.text.replace(/^[^\p{L}\p{N}]+/u, "") === label),
  );

async function intakeOf(telegramId: number) {
  return h.db.intake.findFirstOrThrow({ where: { user: { telegramId: BigInt(telegramId) } } });
}

describe("the refugee's conversation", () => {
  it("answers that matching used are locked while the offer is open and after placement", async () => {
    const de = h.i18n.t("de");
    const en = h.i18n.t("en");
    const taras = h.user(7001, "Taras", "de");
    await h.register(taras, "de", singleWithDog);
    // before the offer: the summary with "change", and the list of its sections, both drawn now
    await taras.say("/start");
    await taras.tap(de("intake.registered_review"));
    const summary = taras.last();
    await taras.tap(de("intake.buttons.edit"));
    const sections = taras.last();
    expect(sections?.text).toBe(de("intake.summary.pick_section"));

    // a round is computed with his answers and waits for the caseworker: they are locked meanwhile
    const caseworker = h.user(CASEWORKER, "Caseworker", "en");
    const computeRound = async () => {
      await caseworker.say("/round");
      await caseworker.tap(en("rounds.start"));
      return eventually(() => withButton(caseworker.read(), en("rounds.approve")), {
        log: () => h.emulator.messages(CASEWORKER).map((m) => `${m.text} ${JSON.stringify(m.buttons)}`),
      });
    };
    const first = await computeRound();
    const inRound = await taras.tap(de("intake.buttons.edit"), summary);
    expect(inRound.at(-1)?.text).toBe(`${de("status.in_round")}\n\n${de("status.locked")}`);
    expect((await taras.say("/status")).at(-1)?.text).toContain(de("status.in_round"));
    // discarded: his answers are his to change again
    await caseworker.tap(en("rounds.discard"), first);
    expect((await taras.tap(de("intake.buttons.edit"), summary)).at(-1)?.text).toBe(
      de("intake.summary.pick_section"),
    );

    // a second round places him; the offer arrives
    const report = await computeRound();
    await caseworker.tap(en("rounds.approve"), report);
    const offer = await eventually(() => withButton(h.emulator.messages(7001), de("offer.accept")), {
      log: () => h.emulator.messages(CASEWORKER).map((m) => m.text),
    });
    const before = await intakeOf(7001);
    expect(before.status).toBe("offered");
    taras.read();

    // /start shows the open offer, not the questionnaire or the summary with "change"
    const started = await taras.say("/start");
    expect(started.at(-1)?.text).toContain("Troisdorf");
    expect(started.at(-1)?.text).toContain(de("status.locked"));
    expect(started.flatMap((m) => m.buttons.flat()).map((b) => b.text)).not.toContain(
      de("intake.buttons.edit"),
    );

    // the old buttons drawn before the offer change nothing: the status again
    const fromSummary = await taras.tap(de("intake.buttons.edit"), summary);
    expect(fromSummary.at(-1)?.text).toContain(de("status.locked"));
    const fromSections = await taras.tap(`✏️ ${de("intake.summary.section.household")}`, sections);
    expect(fromSections.at(-1)?.text).toContain(de("status.locked"));
    expect((await taras.say("/back")).at(-1)?.text).toContain(de("status.locked"));
    expect((await intakeOf(7001)).state).toEqual(before.state);
    expect((await intakeOf(7001)).version).toBe(before.version);

    // "my household has changed" goes to a caseworker as a question; what he writes next joins it
    const changed = await taras.tap(de("status.change_button"));
    expect(changed.at(-1)?.text).toBe(de("status.change_sent"));
    await taras.say("Meine Frau ist jetzt bei mir, wir sind zu zweit");
    const question = await h.db.supportQuestion.findFirstOrThrow({
      where: { user: { telegramId: 7001n } },
      include: { messages: true },
    });
    expect(question.reason).toBe("change-request");
    expect(question.messages.map((m) => m.text)).toContain("Meine Frau ist jetzt bei mir, wir sind zu zweit");
    await eventually(() =>
      h.emulator.messages(CASEWORKER).find((m) => m.text.includes(en("assistant.staff.change_request"))),
    );

    // he accepts: placed with the answers matching used
    // (the questions for the city's registration follow: tests/e2e/pre-arrival.test.ts)
    const accepted = await taras.tap(de("offer.accept"), offer);
    expect(accepted[0]?.text).toBe(de("offer.accepted", { city: "Troisdorf" }));
    const placed = await intakeOf(7001);
    expect(placed).toMatchObject({ status: "placed", persons: 1, municipalityId: "troisdorf" });
    expect((placed.state as { answers: Record<string, unknown> }).answers.household_size).toBe(1);

    // a placed household sees its status, not the questionnaire
    const after = await taras.say("/start");
    expect(after.at(-1)?.text).toContain(de("status.placed", { city: "Troisdorf" }));
    const old = await taras.tap(de("intake.buttons.edit"), summary);
    expect(old.at(-1)?.text).toContain(de("status.placed", { city: "Troisdorf" }));
    expect((await taras.say("/status")).at(-1)?.text).toContain(de("status.placed", { city: "Troisdorf" }));
  });

  it("/mydata of a placed household shows everything stored about it", async () => {
    const de = h.i18n.t("de");
    const intake = await intakeOf(7001);
    await h.db.arrivalInfo.create({
      data: {
        intakeId: intake.id,
        address: "Kölner Straße 12, Troisdorf",
        contactName: "Frau Weber",
        contactPhone: "+49 2241 900",
        appointments: [{ at: "2027-01-10T09:00:00.000Z", place: "Rathaus", what: "Anmeldung" }],
        updatedBy: "test",
      },
    });
    const event = await h.db.event.create({
      data: {
        municipalityId: "troisdorf",
        kind: "course",
        startsAt: new Date("2027-01-12T15:00:00Z"),
        place: "VHS Troisdorf",
        texts: { de: "Deutschkurs A1" },
        createdBy: "test",
      },
    });
    await h.db.eventRegistration.create({ data: { eventId: event.id, intakeId: intake.id } });
    const taras = h.user(7001, "Taras", "de");
    const mine = await taras.say("/mydata");
    const readable = mine.map((m) => m.text).join("\n");
    expect(readable).toContain(`${de("mydata.status_placed")} (Troisdorf)`);
    expect(readable).not.toContain(de("mydata.status_in_progress"));
    expect(readable).toContain("Kölner Straße 12, Troisdorf");
    expect(readable).toContain("Anmeldung");
    expect(readable).toContain("VHS Troisdorf");
    expect(readable).toMatch(new RegExp(de("mydata.offer_accepted")));
    expect(readable).toContain(de("offer.title", { city: "Troisdorf" })); // the offer message he was sent
    const data = JSON.parse(mine.find((m) => m.document)?.document?.content ?? "{}");
    expect(data.questionnaire).toMatchObject({ status: "placed", placedInName: "Troisdorf" });
    expect(data.offers[0]).toMatchObject({ status: "accepted", explanation: { factors: expect.any(Array) } });
    expect(data.arrival).toMatchObject({ address: "Kölner Straße 12, Troisdorf", contactName: "Frau Weber" });
    expect(data.eventRegistrations).toHaveLength(1);
    expect(data.messages.map((m: { kind: string }) => m.kind)).toContain("offer");
  });

  it("/delete erases the household from round results, queued jobs and staff rows of the same id", async () => {
    const de = h.i18n.t("de");
    const intake = await intakeOf(7001);
    const offer = await h.db.offer.findFirstOrThrow({ where: { intakeId: intake.id } });
    const events = createEventsQueue(createRedis(TEST_REDIS_URL), TEST_QUEUE_PREFIX);
    const expireJob = `offer-expire-${offer.id}-${offer.deadline.getTime()}`;
    expect(await events.getJob(expireJob)).toBeTruthy();
    expect(
      JSON.stringify(await h.db.round.findMany({ select: { intakeIds: true, result: true } })),
    ).toContain(intake.id);
    // rows of the console tied to the same Telegram id
    await h.db.staffSession.create({
      data: {
        tokenHash: "conversation-session",
        telegramId: 7001n,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    await h.db.inviteCode.create({
      data: {
        codeHash: "conversation-invite",
        role: "city_staff",
        createdBy: "admin",
        expiresAt: new Date(),
        usedAt: new Date(),
        usedBy: 7001n,
      },
    });

    const taras = h.user(7001, "Taras", "de");
    await taras.say("/delete");
    await taras.tap(de("delete.yes"));
    expect(taras.last()?.text).toBe(de("delete.done"));
    const rounds = JSON.stringify(await h.db.round.findMany({ select: { intakeIds: true, result: true } }));
    expect(rounds).not.toContain(intake.id);
    expect(rounds).not.toContain('"factor"'); // his factor scores went with his place
    expect(await events.getJob(expireJob)).toBeFalsy();
    expect(await h.db.staffSession.count({ where: { telegramId: 7001n } })).toBe(0);
    expect(await h.db.inviteCode.count({ where: { usedBy: 7001n } })).toBe(0);
    await events.close();
  });

  it("a /delete confirmation works once, for its own request, while it is fresh", async () => {
    const en = h.i18n.t("en");
    const anna = h.user(7002, "Anna", "en");
    await anna.say("/start");
    await anna.tap(en("language.name"));
    await anna.tap(en("consent.agree"));
    const exists = async () => (await h.db.user.count({ where: { telegramId: 7002n } })) === 1;

    // forged data, without any /delete: nothing happens but a clear note
    const forge = (data: string) =>
      anna.send(
        {
          callback_query: {
            id: `forged-${data}`,
            from: { id: 7002, is_bot: false, first_name: "Anna", language_code: "en" },
            chat_instance: "7002",
            data,
            message: {
              message_id: 1,
              date: 0,
              chat: { id: 7002, type: "private", first_name: "Anna" },
              text: "",
            },
          },
        },
        `[forged ${data}]`,
      );
    expect((await forge("delete:yes")).at(-1)?.text).toBe(en("delete.expired"));
    expect((await forge("delete:0123456789abcdef:yes")).at(-1)?.text).toBe(en("delete.expired"));
    expect(await exists()).toBe(true);

    // "no", then the old "yes" of the same message: nothing is deleted
    const [confirm] = await anna.say("/delete");
    if (!confirm) throw new Error("no confirmation");
    expect((await anna.tap(en("delete.no"), confirm)).at(-1)?.text).toBe(en("delete.kept"));
    expect((await anna.tap(en("delete.yes"), confirm)).at(-1)?.text).toBe(en("delete.expired"));
    expect(await exists()).toBe(true);

    // an answer after ten minutes: expired
    const [late] = await anna.say("/delete");
    if (!late) throw new Error("no confirmation");
    await h.db.user.update({
      where: { telegramId: 7002n },
      data: { eraseRequestedAt: new Date(Date.now() - 11 * 60_000) },
    });
    expect((await anna.tap(en("delete.yes"), late)).at(-1)?.text).toBe(en("delete.expired"));
    expect(await exists()).toBe(true);

    // a fresh request, confirmed: erased; its button a second time finds nobody
    const [fresh] = await anna.say("/delete");
    if (!fresh) throw new Error("no confirmation");
    expect((await anna.tap(en("delete.yes"), fresh)).at(-1)?.text).toBe(en("delete.done"));
    expect(await exists()).toBe(false);
    expect((await anna.tap(en("delete.yes"), fresh)).at(-1)?.text).toBe(en("delete.nothing"));
  });

  it("cleans odd characters, refuses invisible answers, ignores other bots' commands, answers stale buttons with the current step", async () => {
    const pl = h.i18n.t("pl");
    const en = h.i18n.t("en");
    const oksana = h.user(7003, "Oksana", "pl");
    // before consent: answered in her Telegram language
    expect((await oksana.say("dzień dobry")).at(-1)?.text).toBe(pl("welcome.not_started"));

    // two consent texts, English then Polish; she agrees on the Polish one, then taps the English one
    await oksana.say("/start");
    await oksana.tap(en("language.name"));
    const english = oksana.last();
    await oksana.say("/start");
    await oksana.tap(pl("language.name"));
    await oksana.tap(pl("consent.agree"));
    const again = await oksana.tap(en("consent.agree"), english);
    expect(again.at(-1)?.text).toContain(pl("intake.q.household_size.text"));
    expect(again.map((m) => m.text).join("\n")).not.toContain(en("intake.q.household_size.text"));

    // a NUL is cleaned before anything is stored; invisible-only answers are refused
    const nul = await oksana.say("1\u0000");
    expect(nul.map((m) => m.text)).not.toContain(pl("fallback.error"));
    const intake = () => h.db.intake.findFirstOrThrow({ where: { user: { telegramId: 7003n } } });
    expect(((await intake()).state as { answers: Record<string, unknown> }).answers.household_size).toBe(1);
    for (const invisible of ["\u200b\u200b", "   ", "\u0000", "\u001b[31m\u001b[0m", "\u2063\ufeff"]) {
      const before = (await intake()).version;
      const reply = await oksana.say(invisible);
      expect(reply[0]?.text).toBe(pl("fallback.blank"));
      expect(reply.at(-1)?.text).toContain(pl("intake.q.age.self"));
      expect((await intake()).version).toBe(before);
    }
    expect(await h.db.supportQuestion.count({ where: { user: { telegramId: 7003n } } })).toBe(0);

    // a command for another bot is none of ours; her own works
    expect(await oksana.say("/mydata@OtherBot")).toHaveLength(0);
    expect(await oksana.say("/status@OtherBot")).toHaveLength(0);

    // a forged answer button: stale, then the current question
    const forged = await oksana.send(
      {
        callback_query: {
          id: "forged-answer",
          from: { id: 7003, is_bot: false, first_name: "Oksana", language_code: "pl" },
          chat_instance: "7003",
          data: "answer:0:choose:nothing",
          message: {
            message_id: 1,
            date: 0,
            chat: { id: 7003, type: "private", first_name: "Oksana" },
            text: "",
          },
        },
      },
      "[forged answer]",
    );
    expect(forged[0]?.text).toBe(pl("fallback.stale_button"));
    expect(forged.at(-1)?.text).toContain(pl("intake.q.age.self"));

    // "Done" with nothing chosen: why, and the question again
    while (
      (await intake()).state &&
      ((await intake()).state as { current: string }).current !== "members.0.languages"
    )
      await h.driver.answerOne(oksana, "pl", singleWithDog);
    const done = await oksana.tap(pl("intake.buttons.done"));
    expect(done[0]?.text).toBe(pl("intake.errors.multi_min", { min: 1 }));
    expect(done.at(-1)?.text).toContain(pl("intake.q.languages.self"));
  });

  it("text typed at the summary points back to it; an old 'I agree' after /delete shows the consent text again", async () => {
    const uk = h.i18n.t("uk");
    const olha = h.user(7004, "Olha", "uk");
    await olha.say("/start");
    await olha.tap(uk("language.name"));
    const consent = olha.last();
    await olha.tap(uk("consent.agree"));
    await h.driver.answerAll(olha, "uk", singleWithDog);
    expect(olha.last()?.text).toContain(uk("intake.summary.ask_submit"));
    for (const typed of ["5", "Kraków", " "]) {
      const reply = await olha.say(typed);
      expect(reply.at(-1)?.text).toContain(uk("intake.summary.ask_submit"));
    }
    expect(await h.db.supportQuestion.count({ where: { user: { telegramId: 7004n } } })).toBe(0);

    await olha.say("/delete");
    await olha.tap(uk("delete.yes"));
    expect(olha.last()?.text).toBe(uk("delete.done"));
    if (!consent) throw new Error("no consent message");
    const old = await olha.tap(uk("consent.agree"), consent);
    expect(old[0]?.text).toBe(uk("consent.again"));
    expect(old.at(-1)?.text).toBe(uk("consent.text", { after: uk("consent.retention", { count: 12 }) }));
    expect(await h.db.user.count({ where: { telegramId: 7004n } })).toBe(0);
    // the consent shown now is valid
    await olha.tap(uk("consent.agree"));
    expect(await h.db.user.count({ where: { telegramId: 7004n } })).toBe(1);
  });
});
