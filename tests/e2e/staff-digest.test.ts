import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN_ID } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, seedPeople } from "../support/seed";
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
});
