import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessRunner } from "../../scripts/lib/processes";
import type { Prisma } from "../../shared/generated/prisma/client";
import { createDeliveriesQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, placedPeople, queueBroadcast, seedMunicipalities, seedPeople } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * Deliveries in doubt: the worker is killed while it sends a round's offers, with 100 ms of
 * Telegram latency (half before the message arrives, half before the answer), so some sends are
 * in flight — delivered or not, nobody can know. Offers in doubt are sent again (their buttons are
 * idempotent): no household is left without its offer. Counted per recipient in the emulator.
 * Then: a send whose answer is lost, and a second worker starting while the first sends.
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

/** An approved round whose offers are not created yet, for these users: the worker's reconciler completes it. */
async function approvedRound(userIds: string[]) {
  const intakes = await h.db.intake.findMany({ where: { userId: { in: userIds } } });
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
}

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
    await approvedRound(users.map((u) => u.id));
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

  it("a send whose answer is lost is in doubt: an offer comes again, a broadcast is not sent twice", async () => {
    const first = FIRST + 100;
    const users = await seedPeople(h.db, [
      { telegramId: first, language: "uk", intake: { status: "registered" as const } },
      {
        telegramId: first + 1,
        language: "uk",
        intake: { status: "placed" as const, municipalityId: "kiel" },
      },
      {
        telegramId: first + 2,
        language: "uk",
        intake: { status: "placed" as const, municipalityId: "kiel" },
      },
    ]);
    const [offered, lost, fine] = [first, first + 1, first + 2];
    for (const chat of [offered, lost]) h.emulator.failFor(chat, { kind: "lost", times: 1 });
    await approvedRound([users[0]?.id ?? ""]);
    await h.processes.stop("worker"); // a fresh worker, whether or not the case above ran
    await h.processes.start("worker");
    const connection = createRedis(TEST_REDIS_URL);
    const deliveries = createDeliveriesQueue(connection, h.processes.env.QUEUE_PREFIX ?? "");
    try {
      const broadcast = await queueBroadcast(h.db, deliveries, "kiel", "Зустріч у ратуші");
      const chats = [offered, lost, fine].map(BigInt);
      const settled = await eventually(
        async () => {
          const all = await h.db.delivery.findMany({ where: { chatId: { in: chats } } });
          return all.length === 3 && all.every((r) => r.status === "sent" || r.status === "unknown") && all;
        },
        {
          timeoutMs: 30_000,
          what: "the three sends settled",
          log: () => h.processes.output.get("worker")?.slice(-20),
        },
      );
      const byChat = (chat: number) => settled.find((r) => r.chatId === BigInt(chat));
      // the offer: shown, its answer lost, sent again (harmless: its buttons are idempotent)
      expect(byChat(offered)).toMatchObject({ kind: "offer", status: "sent", attempts: 2 });
      expect(h.emulator.messages(offered).filter((m) => m.buttons.length > 0)).toHaveLength(2);
      // the broadcast: shown once, and the staff see "outcome unknown" (they decide to send again)
      expect(byChat(lost)).toMatchObject({ broadcastId: broadcast.id, status: "unknown", attempts: 1 });
      expect(byChat(lost)?.error).toMatch(/^no answer \(.+\): outcome unknown$/);
      expect(h.emulator.messages(lost)).toHaveLength(1);
      expect(byChat(fine)).toMatchObject({ status: "sent", attempts: 1 });
      expect(h.emulator.messages(fine)).toHaveLength(1);
    } finally {
      await deliveries.close();
      connection.disconnect();
    }
  }, 60_000);

  it("a second worker that starts while the first sends takes none of the first's sends for in doubt", async () => {
    const first = FIRST + 200;
    const PEOPLE = 150;
    await seedPeople(h.db, placedPeople("goslar", PEOPLE, first));
    await h.processes.stop("worker");
    await h.processes.start("worker");
    const second = new ProcessRunner({ ...h.processes.env }, h.emulator);
    const connection = createRedis(TEST_REDIS_URL);
    const deliveries = createDeliveriesQueue(connection, h.processes.env.QUEUE_PREFIX ?? "");
    try {
      const broadcast = await queueBroadcast(h.db, deliveries, "goslar", "Зустріч у ратуші");
      const got = () => h.emulator.sent.filter((s) => s.chatId >= first && s.chatId < first + PEOPLE).length;
      await eventually(() => got() >= 5, { what: "the first sends" });
      // the second worker's start-up recovery runs while the first has sends in flight
      const firstLines = h.processes.output.get("worker")?.length ?? 0;
      await second.start("worker");
      // the first was still sending when the second was up
      expect(got()).toBeLessThan(PEOPLE);
      await eventually(
        async () =>
          (await h.db.delivery.count({ where: { broadcastId: broadcast.id, status: "sent" } })) === PEOPLE,
        { timeoutMs: 60_000, what: "every row sent", log: () => second.output.get("worker")?.slice(-15) },
      );
      const received = Array.from({ length: PEOPLE }, (_, i) => h.emulator.messages(first + i).length);
      expect(received.filter((n) => n !== 1)).toEqual([]);
      const rows = await h.db.delivery.findMany({ where: { broadcastId: broadcast.id } });
      expect(rows.filter((r) => r.attempts !== 1 || r.error !== null)).toEqual([]);
      // what either worker logged from then on (the first's earlier lines are of the cases above)
      const since = [
        ...(second.output.get("worker") ?? []),
        ...(h.processes.output.get("worker") ?? []).slice(firstLines),
      ];
      const recovered = since
        .filter((line) => line.includes("deliveries recovered"))
        .filter((line) => !/"inDoubt":0/.test(line));
      expect(recovered).toEqual([]);
    } finally {
      await second.stopAll();
      await deliveries.close();
      connection.disconnect();
    }
  }, 90_000);
});
