import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_HEADER } from "../../bot/webhook";
import { TEST_ADMIN_ID, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";

/**
 * Operating the real processes: webhook mode as Telegram (through the TLS proxy) and a forger
 * see it, polling mode next to a webhook, and the health and metrics endpoints of bot and worker.
 */
const SECRET = randomBytes(32).toString("hex");
const PATH = "/telegram/rematch-hook";
const WEBHOOK_URL = `https://bot.example.org${PATH}`;
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

afterAll(async () => {
  await h?.close();
});

/** An update from the admin asking to make someone caseworker: what a forger would send. */
function grantUpdate(updateId: number, target: number) {
  const admin = { id: TEST_ADMIN_ID, is_bot: false, first_name: "Admin", language_code: "en" };
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: TEST_ADMIN_ID, type: "private", first_name: "Admin" },
      from: admin,
      text: `/grant ${target} caseworker`,
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    },
  };
}

const post = (url: string, body: unknown, secret?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { [SECRET_HEADER]: secret } : {}) },
    body: JSON.stringify(body),
  });

describe("webhook mode", () => {
  it("serves the configured path, registers it with its secret, and refuses forged updates", async () => {
    Object.assign(h.processes.env, {
      WEBHOOK_URL,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: "0",
      WEBHOOK_HOST: "127.0.0.1",
    });
    await h.processes.start("bot");
    expect(h.emulator.webhook).toEqual({ url: WEBHOOK_URL, secretToken: SECRET });
    const hook = `${h.processes.url("bot", "webhook")}${PATH}`;

    // forged: no secret, a wrong one, the right one on another path (telegraf's default, the root)
    expect((await post(hook, grantUpdate(901, 6666))).status).toBe(403);
    expect((await post(hook, grantUpdate(902, 6666), "x".repeat(64))).status).toBe(403);
    expect((await post(hook, grantUpdate(903, 6666), SECRET.slice(0, -1))).status).toBe(403);
    const base = h.processes.url("bot", "webhook");
    expect((await post(`${base}/telegraf/abc`, grantUpdate(904, 6666), SECRET)).status).toBe(404);
    expect((await post(`${base}/`, grantUpdate(905, 6666), SECRET)).status).toBe(404);
    expect((await fetch(hook)).status).toBe(405);
    expect(await h.db.staffMember.count()).toBe(0);
    expect(h.emulator.messages(TEST_ADMIN_ID)).toHaveLength(0);

    // Telegram, with the secret: handled before the answer
    const answer = await post(hook, grantUpdate(906, 6667), SECRET);
    expect(answer.status).toBe(200);
    expect(await h.db.staffMember.findUnique({ where: { telegramId: 6667n } })).toMatchObject({
      role: "caseworker",
    });
    const en = h.i18n.t("en");
    expect(h.emulator.messages(TEST_ADMIN_ID).map((m) => m.text)).toEqual([
      en("staff.granted", { id: "6667", role: en("staff.role_caseworker") }),
    ]);
    expect(await h.db.staffMember.count({ where: { telegramId: 6666n } })).toBe(0);
    await h.processes.stop("bot");
    for (const key of ["WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_PORT", "WEBHOOK_HOST"])
      delete h.processes.env[key];
  });

  it("refuses an http:// URL and a missing or short secret", async () => {
    const fails = async (env: Record<string, string>, message: RegExp) => {
      Object.assign(h.processes.env, env);
      await expect(h.processes.start("bot")).rejects.toThrow(message);
      for (const key of Object.keys(env)) delete h.processes.env[key];
    };
    await fails(
      { WEBHOOK_URL: `http://bot.example.org${PATH}`, WEBHOOK_SECRET: SECRET },
      /WEBHOOK_URL is invalid/,
    );
    await fails({ WEBHOOK_URL }, /WEBHOOK_SECRET is missing: expected required in webhook mode/);
    await fails({ WEBHOOK_URL, WEBHOOK_SECRET: "short-secret" }, /WEBHOOK_SECRET is invalid/);
  });
});

describe("polling mode", () => {
  it("refuses to start while the bot has a webhook set, unless FORCE_POLLING", async () => {
    h.emulator.webhook = { url: WEBHOOK_URL, secretToken: SECRET };
    await expect(h.processes.start("bot")).rejects.toThrow(
      /exited with 1[\s\S]*Cannot start: the bot has a webhook set \(https:\/\/bot\.example\.org\/telegram\/rematch-hook\)/,
    );
    expect(h.emulator.webhook).not.toBeNull();
    h.processes.env.FORCE_POLLING = "true";
    await h.processes.start("bot"); // ready = it polls
    expect(h.emulator.webhook).toBeNull();
    await h.processes.stop("bot");
    delete h.processes.env.FORCE_POLLING;
  });
});

describe("health and metrics", () => {
  it("bot, worker and console answer /healthz, /readyz and /metrics", async () => {
    await Promise.all((["bot", "worker", "console"] as const).map((p) => h.processes.start(p)));
    const person = h.user(6701, "Anna", "en");
    await person.say("/start");
    for (const which of ["bot", "worker", "console"] as const) {
      const base = which === "console" ? h.consoleUrl : h.processes.url(which);
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: "ready",
        checks: { postgres: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
      });
      // the console answers every other page path with its front end
      if (which !== "console") expect((await fetch(`${base}/nothing`)).status).toBe(404);
    }
    const bot = await (await fetch(`${h.processes.url("bot")}/metrics`)).text();
    expect(bot).toMatch(/^rematch_bot_updates_total\{type="message",outcome="ok"\} [1-9]/m);
    expect(bot).toMatch(/^rematch_bot_update_duration_seconds_count\{type="message"\} [1-9]/m);
    const worker = await (await fetch(`${h.processes.url("worker")}/metrics`)).text();
    expect(worker).toMatch(/^rematch_queue_jobs\{queue="deliveries",state="waiting"\} \d+/m);
    expect(worker).toMatch(/^rematch_queue_jobs\{queue="events",state="failed"\} \d+/m);
    expect(worker).toContain("# TYPE rematch_round_duration_seconds histogram");
    expect(worker).toContain("process_cpu_seconds_total");
    expect(await (await fetch(`${h.consoleUrl}/metrics`)).text()).toContain("nodejs_eventloop_lag_seconds");
  });

  it("/readyz says 503 and which check failed when a migration is missing", async () => {
    const [last] = await h.db.$queryRawUnsafe<{ name: string; checksum: string }[]>(
      `SELECT name, checksum FROM "_rematch_migrations" ORDER BY name DESC LIMIT 1`,
    );
    if (!last) throw new Error("no migrations applied");
    await h.db.$executeRawUnsafe(`DELETE FROM "_rematch_migrations" WHERE name = $1`, last.name);
    try {
      const ready = await fetch(`${h.processes.url("worker")}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "not ready",
        checks: { migrations: { ok: false, detail: `pending: ${last.name}` }, postgres: { ok: true } },
      });
    } finally {
      await h.db.$executeRawUnsafe(
        `INSERT INTO "_rematch_migrations" (name, checksum) VALUES ($1, $2)`,
        last.name,
        last.checksum,
      );
    }
    expect((await fetch(`${h.processes.url("worker")}/readyz`)).status).toBe(200);
  });
});

describe("runs that do not collide", () => {
  it("a run's processes use its own queue prefix, and closing the run removes every key under it", async () => {
    const prefix = `${TEST_QUEUE_PREFIX}-keys`;
    const redis = new Redis(TEST_REDIS_URL);
    const keys = () => redis.keys(`${prefix}:*`);
    const other = await createHarness({ QUEUE_PREFIX: prefix });
    try {
      await other.processes.start("worker");
      await other.processes.start("bot");
      await other.user(6801, "Lena", "en").say("/start");
      expect((await keys()).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
    expect(await keys()).toEqual([]);
    redis.disconnect();
  });
});
