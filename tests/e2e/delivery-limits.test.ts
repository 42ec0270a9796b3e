import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetData } from "../../scripts/lib/reset";
import { queueDeliveries } from "../../shared/delivery";
import { createDeliveriesQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { busiestSecond } from "../support/limits";
import { seedPeople } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * The worker's delivery path against the emulator: Telegram's limits as the emulator saw them
 * (its `sent` timestamps), a 429 with retry_after, a 403, and staff texts in the reader's language.
 */
const RATE = 20;
// its own queue prefix: the delivery queue and limiter keys of this file are its alone
const PREFIX = `${TEST_QUEUE_PREFIX}-limits`;
let h: Harness;
const redis = createRedis(TEST_REDIS_URL);
const queue = createDeliveriesQueue(redis, PREFIX);

beforeAll(async () => {
  h = await createHarness({
    SEND_RATE_PER_SECOND: String(RATE),
    SEND_CHAT_INTERVAL_MS: "1000",
    QUEUE_PREFIX: PREFIX,
  });
  await resetData(h.db, TEST_REDIS_URL, PREFIX);
  await h.processes.start("worker");
});

afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await h?.close();
});

async function user(telegramId: number, language: string) {
  const [person] = await seedPeople(h.db, [{ telegramId, language }]);
  if (!person) throw new Error("not created");
  return person;
}

/** Every delivery under this key prefix is final (sent, failed or blocked). */
const settled = (keyPrefix: string) =>
  eventually(
    async () =>
      (await h.db.delivery.count({
        where: { key: { startsWith: keyPrefix }, status: { in: ["pending", "sending"] } },
      })) === 0,
    {
      timeoutMs: 30_000,
      what: "deliveries to settle",
      log: () => h.processes.output.get("worker")?.slice(-15),
    },
  );

describe("delivery within Telegram's limits", () => {
  it("keeps the overall rate and one message per chat per second; waits out a 429; stops at a 403", async () => {
    const people = [];
    for (let i = 0; i < 60; i++) people.push(await user(7000 + i, ["uk", "ru", "en"][i % 3] ?? "uk"));
    const limited = people[5];
    const blocked = people[6];
    if (!limited || !blocked) throw new Error("setup");
    h.emulator.failFor(7005, { kind: "rate", retryAfter: 2, times: 1 });
    h.emulator.failFor(7006, { kind: "blocked" });
    const started = Date.now();
    const items = people.map((p) => ({
      key: `t1:${p.id}`,
      kind: "test",
      userId: p.id,
      chatId: p.chatId,
      payload: { parts: [{ texts: { en: "Hello", uk: "Привіт" } }] },
    }));
    // one chat gets four messages at once: they must come a second apart
    for (let k = 0; k < 4; k++) {
      items.push({ ...items[0], key: `t1:burst:${k}` } as (typeof items)[number]);
    }
    await queueDeliveries(h.db, queue, items);
    await settled("t1:");

    // every row final as it should be: sent, the blocked person's blocked (none failed or in doubt)
    const statuses = await h.db.delivery.groupBy({
      by: ["status"],
      where: { key: { startsWith: "t1:" } },
      _count: true,
    });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual({ sent: 63, blocked: 1 });
    const sent = h.emulator.sent.filter((s) => s.at >= started);
    // every message once, the blocked person none
    expect(sent.length).toBe(60 - 1 + 4);
    expect(busiestSecond(sent.map((s) => s.at))).toBeLessThanOrEqual(RATE);
    const byChat = new Map<number, number[]>();
    for (const s of sent) byChat.set(s.chatId, [...(byChat.get(s.chatId) ?? []), s.at]);
    for (const times of byChat.values()) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++)
        expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    expect(byChat.get(7000)?.length).toBe(5);

    // the 429: tried again after retry_after, delivered once
    const row = await h.db.delivery.findUniqueOrThrow({ where: { key: `t1:${limited.id}` } });
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    const firstWave = Math.min(...sent.map((s) => s.at));
    expect(byChat.get(7005)?.[0] ?? 0).toBeGreaterThanOrEqual(firstWave + 1900);
    expect(byChat.get(7005)?.length).toBe(1);

    // the 403: blocked, no retry, the person marked unreachable
    expect(await h.db.delivery.findUniqueOrThrow({ where: { key: `t1:${blocked.id}` } })).toMatchObject({
      status: "blocked",
      attempts: 1,
    });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: blocked.id } })).unreachable).toBe(true);

    // rendered in each reader's language at send time; a missing one falls back with a note
    const ru = h.i18n.t("ru");
    expect(h.emulator.messages(7000).at(-1)?.text).toBe("Привіт");
    expect(h.emulator.messages(7001).at(-1)?.text).toBe(
      `${ru("arrival.untranslated", { language: h.i18n.t("en")("language.name") })}\n\nHello`,
    );
    expect(h.emulator.messages(7002).at(-1)?.text).toBe("Hello");
  });

  it("sends a scheduled message at its time, even when the worker restarts in between", async () => {
    const p = await user(7100, "de");
    const at = new Date(Date.now() + 2500);
    await queueDeliveries(h.db, queue, [
      {
        key: "t2:later",
        kind: "test",
        userId: p.id,
        chatId: p.chatId,
        payload: { parts: [{ key: "arrival.notice.reminder_soon" }] },
        sendAfter: at,
      },
    ]);
    await h.processes.stop("worker", "SIGKILL");
    await h.processes.start("worker");
    await settled("t2:");
    const got = h.emulator.sent.filter((s) => s.chatId === 7100);
    expect(got).toHaveLength(1);
    expect(got[0]?.at ?? 0).toBeGreaterThanOrEqual(at.getTime());
    expect(h.emulator.messages(7100)[0]?.text).toBe(h.i18n.t("de")("arrival.notice.reminder_soon"));
  });
});
