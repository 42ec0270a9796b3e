import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { seedHouseholds } from "../../scripts/lib/household-generator";
import type { Script } from "../../scripts/lib/intake-driver";
import { coupleWithWheelchair, familyOfThree, singleWithDog } from "../../scripts/lib/personas";
import { ProcessRunner } from "../../scripts/lib/processes";
import type { Language } from "../../shared/i18n";
import { berlinToday } from "../../shared/messages/time";
import { createHarness, type Harness } from "../support/harness";
import { busiestSecond } from "../support/limits";
import { holdMachineLock } from "../support/machine-lock";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";
import { eventually } from "../support/wait";
import { HOOK_PATH, webhookSettings } from "../support/webhook";

/**
 * Everything at once, on two bot processes in webhook mode behind a load balancer (the emulator
 * posts each update to the next bot in turn) and two workers: 500 people in the middle of the
 * questionnaire (50 of them finish and submit), a city clerk's broadcast to 2,000 households, and
 * a caseworker's matching round over 300 households, computed, approved and offered. Counted per
 * recipient in the emulator (0 = lost, 2+ = duplicate), rows left in a non-final state, and the
 * worker's sends against Telegram's limits (30 per second overall, one per second per chat).
 */
const HOOK = webhookSettings();
const RATE = 30;
const PLACED = 2000;
const REGISTERED = 300;
const IN_INTAKE = 500;
const FINISHING = 50;
/** answers given by those who do not finish */
const PARTIAL_ANSWERS = 3;
/** people start within this window, one by one at random moments */
const ARRIVALS_MS = 45_000;
/** mean pause before each action of a person in intake (uniform 0.5×–1.5×) */
const THINK_MS = 1200;

const CLERK = 9_600_001;
const CASEWORKER = 9_600_002;
const FIRST_PLACED = 9_610_000;
const FIRST_REGISTERED = 9_620_000;
const FIRST_INTAKE = 9_630_000;

const towns = [
  { id: "kiel", name: "Kiel" },
  { id: "goslar", name: "Goslar" },
  { id: "troisdorf", name: "Troisdorf" },
  { id: "wismar", name: "Wismar" },
  { id: "erlangen", name: "Erlangen" },
  { id: "passau", name: "Passau" },
];
const roomy = {
  persons: 400,
  units1to2: 60,
  units3to4: 60,
  units5plus: 20,
  schoolPlaces: 120,
  kindergartenPlaces: 80,
  accessibleUnits: 20,
};
const services = {
  medicalSpecialties: ["general", "pediatrics"],
  languageCourses: true,
  integrationCourses: true,
  welcomeClasses: true,
  jobSectors: ["health", "logistics"],
  ukrainianCommunity: 500,
  citySize: "big",
  petsAllowed: true,
};
const PERSONAS: [Script, Language][] = [
  [familyOfThree, "uk"],
  [singleWithDog, "ru"],
  [coupleWithWheelchair, "pl"],
];

let h: Harness;
let second: ProcessRunner;
let release: (() => Promise<void>) | undefined;

beforeAll(async () => {
  // the load is this test's own: the same test of a run beside this one waits its turn
  release = await holdMachineLock("combined-load");
  h = await createHarness({
    ...HOOK.env,
    SEND_RATE_PER_SECOND: String(RATE),
    SEND_CHAT_INTERVAL_MS: "1000",
    OFFER_DEADLINE_MINUTES: "600",
    OFFER_REMINDER_MINUTES: "300",
  });
  await seedMunicipalities(
    h.db,
    towns.map((t) => ({ ...t, capacity: roomy, services })),
  );
  await grantStaff(h.db, [
    { telegramId: CLERK, role: "city_staff", municipalityId: "kiel", language: "de" },
    { telegramId: CASEWORKER, role: "caseworker", language: "en" },
  ]);
  // the city's arrivals (placed by earlier rounds), the broadcast's audience
  await seedPeople(
    h.db,
    Array.from({ length: PLACED }, (_, i) => ({
      telegramId: FIRST_PLACED + i,
      language: ["uk", "ru", "en", "de", "pl"][i % 5] ?? "uk",
      intake: { status: "placed" as const, municipalityId: "kiel" },
    })),
  );
  // registered households waiting for the round
  await seedHouseholds(
    h.db,
    new Questionnaire(intakeDefinition),
    { today: berlinToday(), municipalities: towns },
    { count: REGISTERED, seed: 14, firstTelegramId: FIRST_REGISTERED, distinct: 60 },
  );
  second = new ProcessRunner({ ...h.processes.env }, h.emulator);
  await Promise.all([h.processes.start("bot"), second.start("bot")]);
  await Promise.all([h.processes.start("worker"), second.start("worker")]);
  // the load is the point: on two busy cores (CI runs two suites side by side) an update may wait
  // longer than the usual 20 s for its answer; lost or doubled is what the test counts
  h.emulator.handleTimeoutMs = 120_000;
  h.emulator.forwardTo(
    [`${h.processes.url("bot", "webhook")}${HOOK_PATH}`, `${second.url("bot", "webhook")}${HOOK_PATH}`],
    HOOK.secret,
  );
}, 600_000);

afterAll(async () => {
  await second?.stopAll();
  await h?.close();
  await release?.();
});

const think = () => new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));

/** Process output lines logged as errors (pino level 50 and above). */
function errorLines(runners: ProcessRunner[]): string[] {
  return runners.flatMap((r) => [...r.output.values()].flat().filter((line) => /"level":(5|6)\d/.test(line)));
}

describe("two bots and two workers under load", () => {
  it("500 people in intake, a 2,000-recipient broadcast and a round at once: every message once, within the limits", async () => {
    const started = Date.now();
    let updates = 0;
    /** the longest a person waited for the bot's answer to one action */
    let slowest = 0;
    const timed = async <T>(action: () => Promise<T>): Promise<T> => {
      const t = Date.now();
      const result = await action();
      slowest = Math.max(slowest, Date.now() - t);
      return result;
    };

    // 1. people in the middle of the questionnaire; every tenth finishes and submits
    const person = async (n: number) => {
      const [persona, lang] = PERSONAS[n % PERSONAS.length] as [Script, Language];
      // the cities of this test
      const script = { ...persona, ranking: ["kiel", "goslar"] };
      const t = h.i18n.t(lang);
      const user = h.user(FIRST_INTAKE + n, `P${n}`, lang);
      const finishes = n % (IN_INTAKE / FINISHING) === 0;
      // finishers come first: their questionnaire is long
      await new Promise((r) => setTimeout(r, finishes ? 0 : Math.random() * ARRIVALS_MS));
      await timed(() => user.say("/start"));
      await think();
      await timed(() => user.tap(t("language.name")));
      await think();
      await timed(() => user.tap(t("consent.agree")));
      updates += 3;
      for (let answered = 0; finishes || answered < PARTIAL_ANSWERS; answered++) {
        await think();
        if ((await timed(() => h.driver.answerOne(user, lang, script))) === null) break;
        updates++;
      }
      if (finishes) {
        await timed(() => user.tap(t("intake.buttons.submit")));
        updates++;
      }
    };
    const intake = Promise.all(Array.from({ length: IN_INTAKE }, (_, n) => person(n)));

    // 2. the clerk's broadcast to every arrival of the city
    const de = h.i18n.t("de");
    const clerk = h.user(CLERK, "Jens", "de");
    const broadcast = (async () => {
      await clerk.say("/broadcast");
      await clerk.say("de: Willkommen in Kiel!\nuk: Ласкаво просимо до Кіля!");
      await clerk.tap(de("arrival.staff.send"));
      await clerk.tap(de("arrival.staff.confirm_yes"));
      return h.db.broadcast.findFirstOrThrow();
    })();

    // 3. the caseworker's round: started, computed, reported, approved
    const en = h.i18n.t("en");
    const caseworker = h.user(CASEWORKER, "Caseworker", "en");
    const round = (async () => {
      await caseworker.say("/round");
      await caseworker.tap(en("rounds.start"));
      const report = await eventually(
        () =>
          h.emulator
            .messages(CASEWORKER)
            .find((m) => m.buttons.flat().some((b) => b.text === en("rounds.approve"))),
        {
          timeoutMs: 120_000,
          what: "the round's report",
          log: () => [
            ...h.emulator.messages(CASEWORKER).map((m) => `caseworker got: ${m.text.slice(0, 200)}`),
            ...(h.processes.output.get("worker")?.slice(-10) ?? []),
          ],
        },
      );
      const computedAt = Date.now();
      await caseworker.tap(en("rounds.approve"), report);
      return { computedAt, round: await h.db.round.findFirstOrThrow({ where: { status: "approved" } }) };
    })();

    const [sent, approved] = await Promise.all([broadcast, round]);
    await intake;
    const intakeDone = Date.now();
    // every delivery row final
    const open = () =>
      h.db.delivery.count({ where: { status: { in: ["pending", "sending", "unknown", "failed"] } } });
    await eventually(async () => (await h.db.offer.count()) > 0 && (await open()) === 0, {
      timeoutMs: 180_000,
      what: "every delivery sent",
      log: () => h.processes.output.get("worker")?.slice(-15),
    });
    const finished = Date.now();

    // the broadcast: each of the 2,000 households exactly once
    const rows = await h.db.delivery.findMany({ where: { broadcastId: sent.id } });
    expect(rows).toHaveLength(PLACED);
    const perPlaced = Array.from({ length: PLACED }, (_, i) => h.emulator.messages(FIRST_PLACED + i).length);
    const lostBroadcast = perPlaced.filter((n) => n === 0).length;
    const twiceBroadcast = perPlaced.filter((n) => n > 1).length;

    // the round: every offer once, to its household
    const offers = await h.db.offer.findMany({
      where: { roundId: approved.round.id },
      include: { intake: { include: { user: true } } },
    });
    const assignments = (approved.round.result as { assignments: unknown[] }).assignments.length;
    expect(offers).toHaveLength(assignments);
    expect(offers.length).toBeGreaterThan(REGISTERED / 2);
    const perOffer = offers.map((o) => {
      const accept = h.i18n.t(o.intake.user.language as Language)("offer.accept");
      return h.emulator
        .messages(Number(o.intake.user.chatId))
        .filter((m) => m.buttons.flat().some((b) => b.text === accept)).length;
    });
    const lostOffers = perOffer.filter((n) => n === 0).length;
    const twiceOffers = perOffer.filter((n) => n > 1).length;

    // the worker's sends within Telegram's limits
    const workerChats = new Set([
      ...Array.from({ length: PLACED }, (_, i) => FIRST_PLACED + i),
      ...offers.map((o) => Number(o.intake.user.chatId)),
    ]);
    const workerSends = h.emulator.sent.filter((s) => s.at >= started && workerChats.has(s.chatId));
    const busiest = busiestSecond(workerSends.map((s) => s.at));
    const byChat = new Map<number, number[]>();
    for (const s of workerSends) byChat.set(s.chatId, [...(byChat.get(s.chatId) ?? []), s.at]);
    let tooClose = 0;
    for (const times of byChat.values()) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) if ((times[i] ?? 0) - (times[i - 1] ?? 0) < 1000) tooClose++;
    }

    // the people in intake: every answer stored, the finishers registered
    const people = await h.db.user.findMany({
      where: { telegramId: { gte: BigInt(FIRST_INTAKE), lt: BigInt(FIRST_INTAKE + IN_INTAKE) } },
      include: { intake: true },
    });
    const submitted = people.filter((p) => p.intake?.submittedAt).length;
    const withAnswers = people.filter(
      (p) => Object.keys((p.intake?.state as { answers?: object } | undefined)?.answers ?? {}).length >= 1,
    ).length;
    const unanswered = people.filter((p) => h.emulator.messages(Number(p.telegramId)).length < 3).length;

    const span =
      (Math.max(...workerSends.map((s) => s.at)) - Math.min(...workerSends.map((s) => s.at))) / 1000;
    console.log(
      [
        `two bots + two workers, ${IN_INTAKE} people in intake (${FINISHING} finishing), a ${PLACED}-recipient broadcast, a round of ${REGISTERED}:`,
        `  updates from people: ${updates}, intake done after ${((intakeDone - started) / 1000).toFixed(1)} s; longest wait for an answer ${(slowest / 1000).toFixed(1)} s`,
        `  round reported after ${((approved.computedAt - started) / 1000).toFixed(1)} s, ${offers.length} offers`,
        `  worker sends: ${workerSends.length} in ${span.toFixed(1)} s → ${(workerSends.length / span).toFixed(1)}/s; busiest second ${busiest} (limit ${RATE}); same chat within 1 s: ${tooClose}`,
        `  broadcast lost ${lostBroadcast}, twice ${twiceBroadcast}; offers lost ${lostOffers}, twice ${twiceOffers}`,
        `  everything final after ${((finished - started) / 1000).toFixed(1)} s`,
      ].join("\n"),
    );

    expect(lostBroadcast).toBe(0);
    expect(twiceBroadcast).toBe(0);
    expect(lostOffers).toBe(0);
    expect(twiceOffers).toBe(0);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(busiest).toBeLessThanOrEqual(RATE);
    expect(tooClose).toBe(0);
    expect(people).toHaveLength(IN_INTAKE);
    expect(withAnswers).toBe(IN_INTAKE);
    expect(submitted).toBe(FINISHING);
    expect(unanswered).toBe(0);
    expect(await open()).toBe(0);
    expect(errorLines([h.processes, second])).toEqual([]);
  }, 420_000);
});
