import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../shared/db";
import { createDeliveriesQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { settleMs, staffDigest } from "../../worker/jobs/staff-digest";
import { storedDigests } from "../support/digest";
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { resetData } from "../support/harness";
import { grantStaff, seedPeople } from "../support/seed";

/**
 * The staff digest on a controlled clock (worker/jobs/staff-digest.ts): a registration is stamped
 * before its transaction commits, so one stamped just before a run and committed just after it
 * must come in the next digest, not fall between two; every registration is told exactly once.
 */
const db = createDb(TEST_DATABASE_URL, 2);
const redis = createRedis(TEST_REDIS_URL);
const deliveries = createDeliveriesQueue(redis, TEST_QUEUE_PREFIX);
const INTERVAL_MINUTES = 60;
const deps = {
  db,
  deliveries,
  config: { STAFF_DIGEST_MINUTES: INTERVAL_MINUTES, ADMIN_TELEGRAM_IDS: [] as bigint[] },
};
const CASEWORKER = 8201;
const HOUR = INTERVAL_MINUTES * 60_000;

/** Registrations counted in the caseworker's digests so far, one number per digest. */
const told = async () => (await storedDigests(db, BigInt(CASEWORKER))).map((d) => d.registered);

beforeAll(async () => {
  await resetData(db);
  await grantStaff(db, [{ telegramId: CASEWORKER, role: "caseworker" }]);
});

afterAll(async () => {
  await resetData(db);
  await deliveries.close();
  await db.$disconnect();
  redis.disconnect();
});

describe("staff digest periods", () => {
  it("a registration stamped just before a run but committed after it comes in the next digest, once", async () => {
    const start = new Date("2026-06-01T08:00:00Z");
    // the first run: nothing has happened, no message
    await staffDigest(deps, start);
    expect(await told()).toEqual([]);

    // the next run, an hour later, reads the database before a slow registration commits
    const run = new Date(start.getTime() + HOUR);
    await staffDigest(deps, run);
    const [late] = await seedPeople(db, [
      { telegramId: 8301, language: "uk", intake: { status: "registered" } },
    ]);
    // … stamped a moment before that run (its transaction began then)
    await db.intake.updateMany({
      where: { userId: late?.id },
      data: { submittedAt: new Date(run.getTime() - 200) },
    });
    expect(await told()).toEqual([]);

    // the run after it tells the caseworker; a retried run and the ones after tell nobody again
    const next = new Date(run.getTime() + HOUR);
    await staffDigest(deps, next);
    await staffDigest(deps, new Date(next.getTime() + 1_000));
    await staffDigest(deps, new Date(next.getTime() + HOUR));
    expect(await told()).toEqual([1]);

    // the periods follow each other without a gap or an overlap, each ending before its run
    const periods = await db.staffDigest.findMany({ orderBy: { periodEnd: "asc" } });
    for (const [i, p] of periods.entries()) {
      if (i > 0) expect(p.periodStart).toEqual(periods[i - 1]?.periodEnd);
      expect(p.periodEnd.getTime() - p.periodStart.getTime()).toBeGreaterThan(0);
    }
    expect(periods.at(-1)?.periodEnd).toEqual(new Date(next.getTime() + HOUR - settleMs(HOUR)));
  });
});
