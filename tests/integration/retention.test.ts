import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../shared/db";
import { createLogger } from "../../shared/logger";
import { createDeliveriesQueue, createEventsQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { retentionSweep } from "../../worker/jobs/retention";
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { resetData } from "../support/harness";
import { seedPeople } from "../support/seed";

/** The retention sweep on a controlled clock: remind 14 days before, then erase as /delete does. */
const db = createDb(TEST_DATABASE_URL, 2);
const redis = createRedis(TEST_REDIS_URL);
const queues = {
  events: createEventsQueue(redis, TEST_QUEUE_PREFIX),
  deliveries: createDeliveriesQueue(redis, TEST_QUEUE_PREFIX),
  secret: "test-secret",
};
const deps = { db, queues, retentionMonths: 12, logger: createLogger("test", "silent") };
const DAY = 86_400_000;

beforeAll(async () => {
  await resetData(db);
});

afterAll(async () => {
  await queues.events.close();
  await queues.deliveries.close();
  await db.$disconnect();
  redis.disconnect();
});

describe("retention (worker/jobs/retention.ts)", () => {
  it("reminds 14 days before, erases after, and keeps whoever wrote in between", async () => {
    const start = new Date("2026-01-10T12:00:00Z");
    await seedPeople(db, [
      { telegramId: 8101, language: "uk", intake: { status: "registered" } },
      { telegramId: 8102, language: "de", intake: { status: "in_progress" } },
      { telegramId: 8103, language: "en" },
    ]);
    await db.user.updateMany({ data: { lastActiveAt: start } });
    // 8103 wrote a month later
    await db.user.update({
      where: { telegramId: 8103n },
      data: { lastActiveAt: new Date(start.getTime() + 30 * DAY) },
    });

    // a day before the reminder is due: nothing
    const early = new Date("2026-12-26T12:00:00Z");
    expect(await retentionSweep(deps, early)).toEqual({ reminded: 0, erased: 0 });

    // 14 days before the twelve months are up: reminded, once
    const remind = new Date("2026-12-27T12:00:00Z");
    expect(await retentionSweep(deps, remind)).toEqual({ reminded: 2, erased: 0 });
    expect(await retentionSweep(deps, remind)).toEqual({ reminded: 0, erased: 0 });
    const reminders = await db.delivery.findMany({ where: { kind: "retention-reminder" } });
    expect(reminders).toHaveLength(2);
    expect(JSON.stringify(reminders[0]?.payload)).toContain("retention.reminder");

    // 8102 sends /start meanwhile (the bot moves lastActiveAt and clears the reminder)
    await db.user.update({
      where: { telegramId: 8102n },
      data: { lastActiveAt: new Date("2027-01-02T09:00:00Z"), retentionRemindedAt: null },
    });

    // the time is up, the reminder 14 days old: 8101 is erased as /delete does, the others stay
    const due = new Date("2027-01-10T12:00:01Z");
    expect(await retentionSweep(deps, due)).toEqual({ reminded: 0, erased: 1 });
    expect((await db.user.findMany({ orderBy: { telegramId: "asc" } })).map((u) => u.telegramId)).toEqual([
      8102n,
      8103n,
    ]);
    expect(await db.intake.count()).toBe(1);
    expect(await db.delivery.count({ where: { kind: "retention-reminder" } })).toBe(1); // the one 8102 was sent
    expect(await db.erasureTombstone.count({ where: { wasRegistered: true } })).toBe(1);
  });
});
