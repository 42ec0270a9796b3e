import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupleWithWheelchair, familyOfThree, singleWithDog } from "../../scripts/lib/personas";
import { notifyEvent, recipients } from "../../shared/city/notify";
import type { Language } from "../../shared/i18n";
import { createDeliveriesQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { createHarness, type Harness } from "../support/harness";
import { type OwnRedis, startOwnRedis } from "../support/redis";
import { grantStaff, queueBroadcast, seedMunicipalities, seedPeople } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * PostgreSQL holds every pending effect; Redis only carries the work. Redis is emptied (FLUSHALL on
 * a Redis of this test's own) at each awkward moment of a matching round — a queued round, a report
 * held up by 429s, an approval before its offers exist, an acceptance before the city staff heard
 * of it, offers waiting for their reminder and expiry — and everything still happens exactly once,
 * counted per recipient in the emulator.
 */
let h: Harness;
let redis: OwnRedis;
const CASEWORKER = 5101;
const CITY_CLERK = 5102;
const FAMILIES = [
  { id: 6101, script: familyOfThree },
  { id: 6102, script: singleWithDog },
  { id: 6103, script: { ...coupleWithWheelchair, ranking: ["troisdorf", "braunschweig"] } },
];

const capacity = { persons: 20, units1to2: 5, units3to4: 5, units5plus: 2, schoolPlaces: 6 };
const services = {
  medicalSpecialties: ["general", "dialysis", "gynecology"],
  languageCourses: true,
  integrationCourses: true,
  welcomeClasses: true,
  jobSectors: ["health"],
  ukrainianCommunity: 500,
  citySize: "big",
  petsAllowed: true,
};

beforeAll(async () => {
  redis = await startOwnRedis();
  h = await createHarness({
    REDIS_URL: redis.url,
    JOB_LOCK_MS: "1500",
    RECONCILE_INTERVAL_MS: "1000",
    // offers wait 36 s; the reminder comes 18 s before the deadline
    OFFER_DEADLINE_MINUTES: "0.6",
    OFFER_REMINDER_MINUTES: "0.3",
  });
  await seedMunicipalities(h.db, [
    {
      id: "braunschweig",
      name: "Braunschweig",
      capacity: { ...capacity, kindergartenPlaces: 6, accessibleUnits: 3 },
      services,
    },
    {
      id: "troisdorf",
      name: "Troisdorf",
      capacity: { ...capacity, kindergartenPlaces: 6, accessibleUnits: 3 },
      services: { ...services, citySize: "small" },
    },
    {
      id: "kiel",
      name: "Kiel",
      capacity: { ...capacity, kindergartenPlaces: 6, accessibleUnits: 3 },
      services: { ...services, medicalSpecialties: ["general"] },
    },
  ]);
  await grantStaff(h.db, [
    { telegramId: CASEWORKER, role: "caseworker", language: "en" },
    { telegramId: CITY_CLERK, role: "city_staff", municipalityId: "braunschweig", language: "en" },
    { telegramId: CITY_CLERK + 1, role: "city_staff", municipalityId: "kiel", language: "en" },
    { telegramId: CITY_CLERK + 2, role: "city_staff", municipalityId: "troisdorf", language: "en" },
  ]);
  await h.processes.start("bot");
  await h.processes.start("worker");
}, 120_000);

afterAll(async () => {
  await h?.close();
  redis?.stop();
});

const en = () => h.i18n.t("en");
const uk = () => h.i18n.t("uk");
const workerLog = () => h.processes.output.get("worker")?.slice(-30);
const MARK = "\u0001";
/** a locale text up to its first placeholder */
function head(lang: Language, key: string): string {
  const text = h.i18n.t(lang)(key, { city: MARK, date: MARK, persons: MARK, ref: MARK });
  return text.split(MARK)[0] ?? text;
}
/** messages in a chat that begin with this text */
function countOf(chatId: number, start: string): number {
  return h.emulator.messages(chatId).filter((m) => m.text.startsWith(start)).length;
}
const raw = (key: string) => head("uk", key);

describe("the reconciler re-creates from PostgreSQL what Redis lost", () => {
  it("a matching round and its offers complete exactly once through FLUSHALLs", async () => {
    const people = FAMILIES.map((f) => ({ ...f, user: h.user(f.id, `Family ${f.id}`, "uk") }));
    for (const p of people) await h.register(p.user, "uk", p.script);
    const caseworker = h.user(CASEWORKER, "Caseworker", "en");

    // 1. a queued round whose job is lost can still be discarded from the bot
    await h.processes.stop("worker", "SIGKILL");
    await caseworker.say("/round");
    await caseworker.tap(en()("rounds.start"));
    redis.flushAll();
    const [stillOpen] = await caseworker.say("/round");
    expect(stillOpen?.text).toBe(
      en()("rounds.still_open", { number: 1, status: en()("rounds.status.queued") }),
    );
    await caseworker.tap(en()("rounds.discard"), stillOpen);
    expect(caseworker.last()?.text).toBe(en()("rounds.discarded", { number: 1 }));
    expect((await h.db.round.findFirstOrThrow({ where: { number: 1 } })).status).toBe("discarded");

    // 2. a queued round whose job is lost is computed when a worker starts; its report outlasts
    // seven 429s (more than one job attempt waits out) and arrives once
    await caseworker.say("/round");
    h.emulator.failFor(CASEWORKER, { kind: "rate", retryAfter: 1, times: 7 });
    await caseworker.tap(en()("rounds.start"));
    redis.flushAll();
    await h.processes.start("worker");
    const report = await eventually(
      () =>
        h.emulator
          .messages(CASEWORKER)
          .find((m) => m.buttons.flat().some((b) => b.text === en()("rounds.approve"))),
      { timeoutMs: 60_000, what: "the round report", log: workerLog },
    );
    // the report is recorded once Telegram has answered its last message, a moment after it arrived
    const round = await eventually(
      async () => {
        const row = await h.db.round.findFirstOrThrow({ where: { number: 2 } });
        return row.reportedAt ? row : undefined;
      },
      { what: "the report recorded", log: workerLog },
    );
    expect(round.status).toBe("computed");
    const sent = h.emulator.messages(CASEWORKER);
    expect(sent.filter((m) => m.photo)).toHaveLength(1);
    expect(sent.filter((m) => m.document)).toHaveLength(1);
    expect(sent.filter((m) => m.buttons.flat().some((b) => b.text === en()("rounds.approve")))).toHaveLength(
      1,
    );

    // 3. approved, and the job is lost before the worker took it: the offers still go out, once each
    await h.processes.stop("worker", "SIGKILL");
    await caseworker.tap(en()("rounds.approve"), report);
    redis.flushAll();
    await h.processes.start("worker");
    for (const p of people) {
      await eventually(() => countOf(p.id, raw("offer.title")) === 1, {
        what: `the offer to ${p.id}`,
        log: workerLog,
      });
    }
    // recorded once the offers' deliveries and reminders are queued, which can be after they arrived
    await eventually(
      async () => (await h.db.round.findUniqueOrThrow({ where: { id: round.id } })).offersSentAt,
      { what: "the offers recorded as sent", log: workerLog },
    );
    const offers = await h.db.offer.findMany({ include: { intake: { include: { user: true } } } });
    expect(offers).toHaveLength(3);
    expect(offers.every((o) => o.remindAt !== null)).toBe(true);

    // 4. one household accepts while no worker runs, and Redis loses the notice job: the city staff
    // still hear of it, once
    const [first, ...waiting] = people;
    if (!first) throw new Error("no household");
    const firstOffer = offers.find((o) => o.intake.user.telegramId === BigInt(first.id));
    if (!firstOffer) throw new Error("no offer");
    const clerk = CITY_CLERK + ["braunschweig", "kiel", "troisdorf"].indexOf(firstOffer.municipalityId);
    await h.processes.stop("worker", "SIGKILL");
    await first.user.tap(uk()("offer.accept"));
    redis.flushAll();
    await h.processes.start("worker");
    await eventually(() => countOf(clerk, head("en", "offer.staff_accepted")) === 1, {
      what: "the city staff's notice",
      log: workerLog,
    });

    // 5. Redis is emptied again while the other offers wait (the reconciler's own scheduler with it):
    // each household gets one reminder and one expiry, and goes back to the pool
    redis.flushAll();
    for (const p of waiting) {
      await eventually(() => countOf(p.id, raw("offer.expired")) >= 1, {
        timeoutMs: 60_000,
        what: `the expiry for ${p.id}`,
        log: workerLog,
      });
    }
    await new Promise((r) => setTimeout(r, 3000)); // a duplicate would come within a sweep or two
    for (const p of waiting) {
      expect(countOf(p.id, raw("offer.reminder")), `reminders to ${p.id}`).toBe(1);
      expect(countOf(p.id, raw("offer.expired")), `expiries to ${p.id}`).toBe(1);
      expect(countOf(p.id, raw("offer.title")), `offers to ${p.id}`).toBe(1);
    }
    expect(countOf(first.id, raw("offer.reminder"))).toBe(0);
    expect(countOf(clerk, head("en", "offer.staff_accepted"))).toBe(1);
    const after = await h.db.offer.findMany({ include: { intake: true } });
    expect(after.filter((o) => o.status === "expired")).toHaveLength(2);
    expect(after.filter((o) => o.status === "pending")).toHaveLength(0);
    expect(after.filter((o) => o.intake.status === "offered")).toHaveLength(0);
    expect(await h.db.delivery.count({ where: { status: { in: ["pending", "sending"] } } })).toBe(0);
  }, 240_000);

  it("a round left computing by a dead worker, and one computed without its report, are finished once", async () => {
    const en = h.i18n.t("en");
    const staff = await h.db.staffMember.findFirstOrThrow({ where: { telegramId: BigInt(CASEWORKER) } });
    const waiting = await h.db.intake.findMany({ where: { status: "registered" } });
    expect(waiting.length).toBeGreaterThan(0);
    const reports = (roundNumber: number) =>
      h.emulator
        .messages(CASEWORKER)
        .filter((m) => m.text.includes(en("rounds.report_title", { number: roundNumber }))).length;

    // the worker died mid-computation and Redis lost the job: the row says "computing"
    await h.processes.stop("worker", "SIGKILL");
    const round = await h.db.round.create({
      data: {
        status: "computing",
        intakeIds: waiting.map((i) => i.id),
        municipalityIds: ["braunschweig", "kiel", "troisdorf"],
        createdBy: staff.id,
        chatId: BigInt(CASEWORKER),
      },
    });
    redis.flushAll();
    await h.processes.start("worker");
    await eventually(
      async () => (await h.db.round.findUniqueOrThrow({ where: { id: round.id } })).reportedAt,
      { timeoutMs: 30_000, what: "the round computed and reported", log: workerLog },
    );
    expect((await h.db.round.findUniqueOrThrow({ where: { id: round.id } })).status).toBe("computed");
    expect(reports(round.number)).toBe(1);

    // computed, and the worker died before the report went out: it is sent, once
    await h.processes.stop("worker", "SIGKILL");
    await h.db.round.update({ where: { id: round.id }, data: { reportedAt: null } });
    redis.flushAll();
    await h.processes.start("worker");
    await eventually(
      async () => (await h.db.round.findUniqueOrThrow({ where: { id: round.id } })).reportedAt,
      { timeoutMs: 30_000, what: "the report sent again", log: workerLog },
    );
    await new Promise((r) => setTimeout(r, 2500)); // a duplicate would come within a sweep or two
    expect(reports(round.number)).toBe(2);
    const again = await h.db.round.findUniqueOrThrow({ where: { id: round.id } });
    expect(again.status).toBe("computed");
    await h.db.round.update({ where: { id: round.id }, data: { status: "discarded" } });
  }, 120_000);

  it("a scheduled broadcast and event reminders are sent once each after Redis lost their jobs", async () => {
    const placed = [7101, 7102, 7103];
    await seedPeople(
      h.db,
      placed.map((telegramId) => ({
        telegramId,
        language: "uk",
        intake: { status: "placed" as const, municipalityId: "kiel" },
      })),
    );
    const connection = createRedis(redis.url);
    const deliveries = createDeliveriesQueue(connection, h.processes.env.QUEUE_PREFIX ?? "");
    try {
      // an event in two hours and a few seconds: its "soon" reminder is due in a few seconds
      const event = await h.db.event.create({
        data: {
          municipalityId: "kiel",
          kind: "course",
          startsAt: new Date(Date.now() + 2 * 3600_000 + 4000),
          place: "Rathaus",
          texts: { uk: "Курс німецької" },
          createdBy: "test",
        },
      });
      const people = await recipients(h.db, "kiel", "placed");
      await h.db.eventRegistration.createMany({
        data: people.map((p) => ({ eventId: event.id, intakeId: p.intakeId })),
      });
      await notifyEvent(h.db, deliveries, event, "new");
      // a broadcast scheduled in a few seconds, as the bot stores it
      const broadcast = await queueBroadcast(
        h.db,
        deliveries,
        "kiel",
        "Завтра зустріч",
        new Date(Date.now() + 4000),
      );
      redis.flushAll(); // the delayed jobs are gone; the rows remain
      const soon = head("uk", "arrival.notice.reminder_soon");
      for (const id of placed) {
        await eventually(() => countOf(id, soon) >= 1 && countOf(id, "Завтра зустріч") >= 1, {
          what: `the reminder and the broadcast to ${id}`,
          log: workerLog,
        });
      }
      await eventually(
        async () =>
          (await h.db.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).status === "done",
      );
      await new Promise((r) => setTimeout(r, 2000));
      for (const id of placed) {
        expect(countOf(id, soon), `reminders to ${id}`).toBe(1);
        expect(countOf(id, "Завтра зустріч"), `broadcasts to ${id}`).toBe(1);
        expect(countOf(id, head("uk", "arrival.notice.event_new")), `event notices to ${id}`).toBe(1);
      }
    } finally {
      await deliveries.close();
      connection.disconnect();
    }
  }, 120_000);
});
