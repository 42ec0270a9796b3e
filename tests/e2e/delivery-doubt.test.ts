import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../../shared/generated/prisma/client";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * Deliveries in doubt: the worker is killed while it sends a round's offers, with 100 ms of
 * Telegram latency (half before the message arrives, half before the answer), so some sends are
 * in flight — delivered or not, nobody can know. Offers in doubt are sent again (their buttons are
 * idempotent): no household is left without its offer. Counted per recipient in the emulator.
 */
let h: Harness;
const HOUSEHOLDS = 60;
const FIRST = 8201;

beforeAll(async () => {
  h = await createHarness({
    JOB_LOCK_MS: "1500",
    RECONCILE_INTERVAL_MS: "1000",
    LOG_LEVEL: process.env.DEBUG_DOUBT ? "debug" : "info",
  });
  h.emulator.latencyMs = 100;
  await seedMunicipalities(h.db, [
    { id: "kiel", name: "Kiel", capacity: { persons: 500 }, services: {} },
    { id: "goslar", name: "Goslar", capacity: { persons: 500 }, services: {} },
  ]);
  await grantStaff(h.db, [{ telegramId: 8200, role: "caseworker", language: "en" }]);
});

afterAll(async () => {
  await h?.close();
});

const report = {
  households: { total: HOUSEHOLDS, placed: HOUSEHOLDS },
  people: { total: HOUSEHOLDS, placed: HOUSEHOLDS },
  firstChoiceShare: 1,
  topThreeShare: 1,
  averageRank: 1,
  welfare: HOUSEHOLDS,
  gap: 0,
  seconds: 0,
  baselines: { fcfs: { people: 0, welfare: 0 }, deferredAcceptance: { people: 0, welfare: 0 } },
  capacity: [],
};

describe("offers in doubt", () => {
  it("a worker killed while it sends offers loses none of them", async () => {
    const users = await seedPeople(
      h.db,
      Array.from({ length: HOUSEHOLDS }, (_, i) => ({
        telegramId: FIRST + i,
        language: "uk",
        intake: { status: "registered" as const },
      })),
    );
    const intakes = await h.db.intake.findMany({ where: { userId: { in: users.map((u) => u.id) } } });
    // an approved round whose offers are not created yet: the worker's reconciler completes it
    await h.db.round.create({
      data: {
        status: "approved",
        intakeIds: intakes.map((i) => i.id),
        municipalityIds: ["kiel", "goslar"],
        createdBy: "test",
        approvedAt: new Date(),
        reportedAt: new Date(),
        result: {
          assignments: intakes.map((i, n) => ({
            intakeId: i.id,
            municipalityId: n % 2 ? "kiel" : "goslar",
            welfare: 1,
            rank: 1,
            factors: [],
            persons: 1,
          })),
          unplaced: [],
          report,
        } as Prisma.InputJsonValue,
      },
    });
    const offersSent = () => h.emulator.sent.filter((s) => s.chatId >= FIRST).length;
    await h.processes.start("worker");
    await eventually(() => offersSent() >= 15, { what: "the first offers" });
    await h.processes.stop("worker", "SIGKILL");
    const atKill = offersSent();
    expect(atKill).toBeLessThan(HOUSEHOLDS - 10);
    await h.processes.start("worker");

    // every offer row ends sent, none left pending, sending or unknown
    await eventually(
      async () =>
        (await h.db.delivery.count({ where: { kind: "offer" } })) === HOUSEHOLDS &&
        (await h.db.delivery.count({ where: { kind: "offer", status: { not: "sent" } } })) === 0,
      {
        timeoutMs: 60_000,
        what: "every offer sent",
        log: () => h.processes.output.get("worker")?.slice(-20),
      },
    );
    const received = Array.from(
      { length: HOUSEHOLDS },
      (_, i) => h.emulator.messages(FIRST + i).filter((m) => m.buttons.length > 0).length,
    );
    const lost = received.filter((n) => n === 0).length;
    const twice = received.filter((n) => n > 1).length;
    // a row sent again has been claimed twice
    const resent = await h.db.delivery.count({ where: { kind: "offer", attempts: { gt: 1 } } });
    console.log(
      `offers: ${HOUSEHOLDS}, sent before the kill: ${atKill}, lost: ${lost}, shown twice: ${twice}, sent again as in doubt: ${resent}`,
    );
    expect(lost).toBe(0);
    // only what was in flight at the kill can come twice
    expect(twice).toBeLessThanOrEqual(resent);
    expect(await h.db.delivery.count({ where: { status: { in: ["pending", "sending", "unknown"] } } })).toBe(
      0,
    );
  }, 120_000);
});
