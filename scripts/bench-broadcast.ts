// npm run bench:broadcast [-- --people 10000 --limited-seconds 90]
// The delivery path end to end: the real worker process (BullMQ, PostgreSQL, Redis, the limiter)
// sends a broadcast to 10,000 people against a light local stub of the Bot API. Prints
// (a) the pipeline's own ceiling with Telegram's limit lifted, (b) the rate achieved under the
// production limit of 30 per second as a share of it, (c) duplicates and losses (both must be 0).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createDb } from "../shared/db";
import { queueDeliveries } from "../shared/delivery";
import { LANGUAGES } from "../shared/i18n";
import { createDeliveriesQueue } from "../shared/queues";
import { createRedis } from "../shared/redis";
import { ProcessRunner } from "./lib/processes";
import { removeQueueKeys, resetData } from "./lib/reset";
import { prepare } from "./lib/setup";
import type { TelegramEmulator } from "./lib/telegram-emulator";

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "10000" },
    "limited-seconds": { type: "string", default: "90" },
    rate: { type: "string", default: "30" },
  },
});
const PEOPLE = Number(values.people);
const RATE = Number(values.rate);
const LIMITED = Math.min(PEOPLE, Math.round(RATE * Number(values["limited-seconds"])));
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rematch_bench";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = process.env.BENCH_QUEUE_PREFIX ?? "rematch-bench";
const TOKEN = "555555:BENCH-stub-token";

/** The Bot API as far as sendMessage goes: answers at once and records who got what, when. */
class Stub {
  readonly sent: { chatId: number; at: number }[] = [];
  private nextId = 1;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      if (!req.url?.endsWith("/sendMessage")) return res.end('{"ok":true,"result":true}');
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as { chat_id: string };
      const chatId = Number(body.chat_id);
      this.sent.push({ chatId, at: Date.now() });
      const message_id = this.nextId++;
      res.end(
        JSON.stringify({ ok: true, result: { message_id, date: 0, chat: { id: chatId, type: "private" } } }),
      );
    });
  });
  async start(): Promise<string> {
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

await prepare(DATABASE_URL, REDIS_URL);
const db = createDb(DATABASE_URL, 4);
await resetData(db, REDIS_URL, PREFIX);
const redis = createRedis(REDIS_URL);
const queue = createDeliveriesQueue(redis, PREFIX);
const stub = new Stub();
const apiRoot = await stub.start();

const users = await db.user.createManyAndReturn({
  data: Array.from({ length: PEOPLE }, (_, i) => ({
    telegramId: BigInt(1_000_000 + i),
    chatId: BigInt(1_000_000 + i),
    language: LANGUAGES[i % LANGUAGES.length] ?? "uk",
    consentVersion: "bench",
    consentAt: new Date(),
  })),
  select: { id: true, chatId: true },
});

function worker(rate: number) {
  return new ProcessRunner(
    {
      BOT_TOKEN: TOKEN,
      DATABASE_URL,
      REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      TELEGRAM_API_ROOT: apiRoot,
      SEND_RATE_PER_SECOND: String(rate),
      SEND_CHAT_INTERVAL_MS: "1000",
      LOG_LEVEL: "info", // the runner waits for "worker started"
    },
    {} as TelegramEmulator, // only the bot waits on the emulator
  );
}

async function run(label: string, recipients: typeof users, rate: number) {
  const runner = worker(rate);
  try {
    return await measure(label, recipients, runner);
  } finally {
    await runner.stopAll(); // never leave a worker behind that would take the next run's jobs
  }
}

async function measure(label: string, recipients: typeof users, runner: ProcessRunner) {
  await runner.start("worker", 60_000);
  const from = stub.sent.length;
  const enqueueStart = Date.now();
  await queueDeliveries(
    db,
    queue,
    recipients.map((u) => ({
      key: `bench:${label}:${u.id}`,
      kind: "broadcast",
      userId: u.id,
      chatId: u.chatId,
      payload: { parts: [{ texts: { en: "Welcome to Kiel!", uk: "Ласкаво просимо до Кіля!" } }] },
    })),
  );
  const enqueueMs = Date.now() - enqueueStart;
  const open = () =>
    db.delivery.count({
      where: { key: { startsWith: `bench:${label}:` }, status: { in: ["pending", "sending"] } },
    });
  while ((await open()) > 0) await new Promise((r) => setTimeout(r, 250));
  const sends = stub.sent.slice(from);
  const times = sends.map((s) => s.at).sort((a, b) => a - b);
  const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  const perChat = new Map<number, number>();
  for (const s of sends) perChat.set(s.chatId, (perChat.get(s.chatId) ?? 0) + 1);
  const duplicates = [...perChat.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const losses = recipients.filter((u) => !perChat.has(Number(u.chatId))).length;
  const notSent = await db.delivery.count({
    where: { key: { startsWith: `bench:${label}:` }, status: { not: "sent" } },
  });
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return {
    sends: sends.length,
    seconds,
    rate: (sends.length - 1) / seconds,
    duplicates,
    losses,
    notSent,
    busiest,
    enqueueMs,
  };
}

try {
  console.log(`bench:broadcast — ${PEOPLE} recipients, real worker process, local Bot API stub (${apiRoot})`);
  const a = await run("ceiling", users, 10_000);
  console.log(
    `(a) ceiling, limit lifted:   ${a.sends} messages in ${a.seconds.toFixed(1)} s → ${a.rate.toFixed(0)} per second` +
      ` (${(a.rate / 30).toFixed(1)}× Telegram's 30/s; enqueueing took ${(a.enqueueMs / 1000).toFixed(1)} s)`,
  );
  const b = await run("limited", users.slice(0, LIMITED), RATE);
  console.log(
    `(b) limit ${RATE}/s:              ${b.sends} messages in ${b.seconds.toFixed(1)} s → ${b.rate.toFixed(2)} per second` +
      ` = ${((100 * b.rate) / RATE).toFixed(1)} % of the limit; busiest second: ${b.busiest}`,
  );
  console.log(
    `(c) duplicates: ${a.duplicates + b.duplicates}, losses: ${a.losses + b.losses}` +
      ` (rows not sent: ${a.notSent + b.notSent})`,
  );
  if (a.duplicates + b.duplicates + a.losses + b.losses > 0) process.exitCode = 1;
} finally {
  await queue.close();
  redis.disconnect();
  await stub.stop();
  await db.$disconnect();
  await removeQueueKeys(REDIS_URL, PREFIX);
}
