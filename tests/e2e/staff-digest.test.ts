import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveriesQueue, createEventsQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { storedDigests } from "../support/digest";
import { TEST_ADMIN_ID, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, queueOffers, seedMunicipalities, seedPeople } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * Notices to staff in their own language: a caseworker sets German with /language; 21 households
 * register; caseworker and admin each get one digest (the worker's job scheduler, a short interval
 * here), the caseworker in German, the admin in English, with the count in the right plural form.
 */
let h: Harness;
const CASEWORKER = 7401;
const FIRST = 7500;

beforeAll(async () => {
  h = await createHarness({ STAFF_DIGEST_MINUTES: "0.1" });
  await grantStaff(h.db, [{ telegramId: CASEWORKER, role: "caseworker", language: "en" }]);
  await h.processes.start("bot");
});

afterAll(async () => {
  await h?.close();
});

describe("staff digest", () => {
  it("a caseworker chooses German; 21 registrations come as one digest in each staff member's language", async () => {
    const de = h.i18n.t("de");
    const en = h.i18n.t("en");
    const caseworker = h.user(CASEWORKER, "Anna", "en");
    await caseworker.say("/language");
    const [changed] = await caseworker.tap(de("language.name"));
    expect(changed?.text).toBe(de("language.changed"));
    expect(
      (await h.db.staffMember.findUniqueOrThrow({ where: { telegramId: BigInt(CASEWORKER) } })).language,
    ).toBe("de");
    // staff screens follow: a staff command answers in German now
    const [round] = await caseworker.say("/round");
    expect(round?.text).toBe(de("rounds.nothing"));

    await h.processes.start("worker");
    await seedPeople(
      h.db,
      Array.from({ length: 21 }, (_, i) => ({
        telegramId: FIRST + i,
        language: "uk",
        intake: { status: "registered" as const },
      })),
    );
    const digest = await eventually(
      () =>
        h.emulator
          .messages(CASEWORKER)
          .find((m) => m.text.includes(de("staff.digest.registered", { count: 21 }))),
      { timeoutMs: 30_000 },
    );
    expect(digest.text).toContain(de("staff.digest.waiting", { count: 21 }));
    expect(digest.text).toContain("21 Haushalte angemeldet");
    const admin = await eventually(
      () =>
        h.emulator
          .messages(TEST_ADMIN_ID)
          .find((m) => m.text.includes(en("staff.digest.registered", { count: 21 }))),
      { timeoutMs: 30_000 },
    );
    expect(admin.text).toContain(en("staff.digest.declined", { count: 0 }));
    // one message per period, not one per household; later periods with nothing new send nothing
    await new Promise((r) => setTimeout(r, 8_000));
    const digests = (id: number) => h.emulator.messages(id).filter((m) => m.text.includes("21"));
    expect(digests(CASEWORKER)).toHaveLength(1);
    expect(digests(TEST_ADMIN_ID)).toHaveLength(1);
    expect(await h.db.staffDigest.count()).toBeGreaterThanOrEqual(2);
  });

  it("counts an offer declined in the bot and one that expired, once each, in the digests that follow", async () => {
    const de = h.i18n.t("de");
    const uk = h.i18n.t("uk");
    await seedMunicipalities(h.db, [{ id: "kiel", name: "Kiel" }]);
    const [declining, silent] = await Promise.all(
      [FIRST, FIRST + 1].map((id) =>
        h.db.intake.findFirstOrThrow({ where: { user: { telegramId: BigInt(id) } } }),
      ),
    );
    const redis = createRedis(TEST_REDIS_URL);
    const [events, deliveries] = [
      createEventsQueue(redis, TEST_QUEUE_PREFIX),
      createDeliveriesQueue(redis, TEST_QUEUE_PREFIX),
    ];
    try {
      const [open, due] = await queueOffers(h.db, deliveries, events, "kiel", [
        { intakeId: declining?.id as string, deadline: new Date(Date.now() + 86_400_000) },
        // its deadline has come: the worker's expiry runs at once
        { intakeId: silent?.id as string, deadline: new Date() },
      ]);
      // the first household declines in the bot, with a reason
      const person = h.user(FIRST, "Olena", "uk");
      const offer = await eventually(() =>
        h.emulator.messages(FIRST).find((m) => m.buttons.flat().some((b) => b.text === uk("offer.decline"))),
      );
      await person.tap(uk("offer.decline"), offer);
      await person.tap(uk("offer.reason_work"));
      expect(person.last()?.text).toBe(uk("offer.declined"));
      expect(await h.db.offer.findUniqueOrThrow({ where: { id: open?.id } })).toMatchObject({
        status: "declined",
      });
      await eventually(
        async () => (await h.db.offer.findUniqueOrThrow({ where: { id: due?.id } })).status === "expired",
        {
          what: "the offer expired",
        },
      );

      // the digests after them: one decline and one expiry in all, whichever periods they fell in
      const counted = async () => {
        const digests = await storedDigests(h.db, BigInt(CASEWORKER));
        const sum = (key: string) => digests.reduce((n, d) => n + (d[key] ?? 0), 0);
        return { declined: sum("declined"), expired: sum("expired") };
      };
      await eventually(
        async () => {
          const c = await counted();
          return c.declined > 0 && c.expired > 0;
        },
        { timeoutMs: 30_000, what: "digests with the decline and the expiry" },
      );
      expect(await counted()).toEqual({ declined: 1, expired: 1 });
      // and the caseworker reads them in German
      for (const key of ["declined", "expired"])
        await eventually(
          () =>
            h.emulator
              .messages(CASEWORKER)
              .some((m) => m.text.includes(de(`staff.digest.${key}`, { count: 1 }))),
          { timeoutMs: 30_000, what: `the ${key} offer in a digest` },
        );
    } finally {
      await Promise.all([events.close(), deliveries.close()]);
      await redis.quit();
    }
  });
});
