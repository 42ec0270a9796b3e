import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveriesQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { placedPeople, queueBroadcast, seedMunicipalities, seedPeople } from "../support/seed";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { eventually } from "../support/wait";

/**
 * PostgreSQL away for 20 s in the middle of a broadcast (the worker reaches it through a proxy
 * that the test cuts): sends answered meanwhile are recorded once it is back, the jobs that could
 * not read their rows look again, and no row is left pending, sending or in doubt. Each recipient
 * gets the message once.
 */
let h: Harness;
let proxy: TcpProxy;
const PEOPLE = 60;
/** as long as the outage: PostgreSQL stopped for 20 s */
const OUTAGE_MS = 20_000;
const FIRST = 9501;

beforeAll(async () => {
  const url = new URL(TEST_DATABASE_URL);
  proxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
  url.port = String(proxy.port);
  h = await createHarness({ SEND_RATE_PER_SECOND: "10", RECONCILE_INTERVAL_MS: "1000" });
  h.emulator.latencyMs = 50;
  // only the worker goes through the proxy
  h.processes.env.DATABASE_URL = url.toString();
  await seedMunicipalities(h.db, [{ id: "kiel", name: "Kiel" }]);
  await seedPeople(h.db, placedPeople("kiel", PEOPLE, FIRST));
  await h.processes.start("worker");
});

afterAll(async () => {
  await h?.close();
  await proxy?.close();
});

describe("a database outage mid-broadcast", () => {
  it("every message once, no row left in doubt", async () => {
    const connection = createRedis(TEST_REDIS_URL);
    const deliveries = createDeliveriesQueue(connection, h.processes.env.QUEUE_PREFIX ?? "");
    try {
      const broadcast = await queueBroadcast(h.db, deliveries, "kiel", "Зустріч у ратуші");
      const got = () => h.emulator.sent.filter((s) => s.chatId >= FIRST).length;
      await eventually(() => got() >= 10, { what: "the first sends" });
      proxy.cut();
      const cutAt = Date.now();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      proxy.restore();
      const restoredAt = Date.now();
      await eventually(
        async () =>
          (await h.db.delivery.count({ where: { broadcastId: broadcast.id, status: "sent" } })) === PEOPLE,
        {
          timeoutMs: 60_000,
          what: "every row sent",
          log: () => h.processes.output.get("worker")?.slice(-15),
        },
      );
      console.log(
        `outage ${((restoredAt - cutAt) / 1000).toFixed(1)} s; all ${PEOPLE} rows sent ${((Date.now() - restoredAt) / 1000).toFixed(1)} s after the database was back`,
      );
      const counts = Array.from(
        { length: PEOPLE },
        (_, i) => h.emulator.messages(FIRST + i).filter((m) => m.text === "Зустріч у ратуші").length,
      );
      expect(counts.filter((n) => n !== 1)).toEqual([]);
      expect(
        await h.db.delivery.count({
          where: { broadcastId: broadcast.id, status: { in: ["pending", "sending", "unknown", "failed"] } },
        }),
      ).toBe(0);
      // nothing else the worker sent meanwhile (the staff digest, say) is left in doubt either:
      // a row may still wait for its turn, but none stays "sending" or "outcome unknown"
      await eventually(
        async () => (await h.db.delivery.count({ where: { status: { in: ["sending", "unknown"] } } })) === 0,
        { timeoutMs: 30_000, what: "no row in doubt" },
      );
    } finally {
      await deliveries.close();
      connection.disconnect();
    }
  }, 150_000);
});
