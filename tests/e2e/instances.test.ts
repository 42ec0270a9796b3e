import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_HEADER } from "../../bot/webhook";
import { ProcessRunner } from "../../scripts/lib/processes";
import { createEventsQueue } from "../../shared/queues";
import { createRedis } from "../../shared/redis";
import { TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { eventually } from "../support/wait";
import { HOOK_PATH, webhookSettings } from "../support/webhook";

/**
 * Two bot processes in webhook mode and two workers at once: updates of one chat, posted to both
 * bots at the same moment, are handled one at a time (the chat's lock across processes, measured
 * in each bot's /metrics); the reconciler's sweep is one job scheduler, not one per worker.
 */
const HOOK = webhookSettings();
const SECRET = HOOK.secret;
const PATH = HOOK_PATH;
let h: Harness;
let second: ProcessRunner;

beforeAll(async () => {
  h = await createHarness({
    ...HOOK.env,
    RECONCILE_INTERVAL_MS: "500",
  });
  second = new ProcessRunner({ ...h.processes.env }, h.emulator);
  await Promise.all([h.processes.start("bot"), second.start("bot")]);
  await Promise.all([h.processes.start("worker"), second.start("worker")]);
}, 120_000);

afterAll(async () => {
  await second?.stopAll();
  await h?.close();
});

const PERSON = 9301;
function textUpdate(updateId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: PERSON, type: "private", first_name: "Oksana" },
      from: { id: PERSON, is_bot: false, first_name: "Oksana", language_code: "uk" },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.length }] }
        : {}),
    },
  };
}

/** the chat-lock histogram of one bot: how many updates had to wait, and for how long in all */
async function lockFigures(runner: ProcessRunner) {
  const text = await (await fetch(`${runner.url("bot")}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}\\{waited="yes"\\} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return {
    waited: value("rematch_bot_chat_lock_wait_seconds_count"),
    seconds: value("rematch_bot_chat_lock_wait_seconds_sum"),
  };
}

describe("several instances", () => {
  it("two bots handle one chat's updates one at a time; two workers share each sweep", async () => {
    const hooks = [`${h.processes.url("bot", "webhook")}${PATH}`, `${second.url("bot", "webhook")}${PATH}`];
    const UPDATES = 16;
    const answers = await Promise.all(
      Array.from({ length: UPDATES }, (_, i) =>
        fetch(hooks[i % 2] ?? "", {
          method: "POST",
          headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
          body: JSON.stringify(textUpdate(100 + i, "/start")),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(UPDATES).fill(200));
    // every update answered, however the updates were spread
    await eventually(() => h.emulator.messages(PERSON).length >= UPDATES);
    // each bot had updates of this chat wait for the other one's
    const [a, b] = await Promise.all([lockFigures(h.processes), lockFigures(second)]);
    console.log(
      `chat lock across 2 bots, ${UPDATES} concurrent updates of one chat: bot A waited ${a.waited}× (${a.seconds.toFixed(3)} s), bot B ${b.waited}× (${b.seconds.toFixed(3)} s)`,
    );
    expect(a.waited + b.waited).toBeGreaterThan(0);

    // the sweep: one scheduler for both workers, and it keeps running
    const connection = createRedis(TEST_REDIS_URL);
    const events = createEventsQueue(connection, h.processes.env.QUEUE_PREFIX ?? TEST_QUEUE_PREFIX);
    try {
      const schedulers = await events.getJobSchedulers();
      // one of each sweep (worker/reconcile/schedulers.ts), not one per worker
      expect(schedulers.map((s) => s.key).sort()).toEqual(["reconcile", "retention-sweep", "staff-digest"]);
    } finally {
      await events.close();
      connection.disconnect();
    }
  }, 120_000);
});
