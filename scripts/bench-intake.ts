// npm run bench:intake [-- --people 500]
// Many simulated people complete the questionnaire at once: the bot runs in this process
// (real telegraf polling, real PostgreSQL and Redis) against the Telegram emulator on localhost.
// Prints answers handled per second, handling time per update (p50/p95/p99), database round
// trips per update, and checks that no answer was lost or applied twice.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { createBot } from "../bot/app";
import { loadAssistant } from "../bot/assistant/load";
import { MunicipalityDirectory } from "../bot/intake/municipalities";
import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { typescriptThread } from "../core/thread";
import { loadConfig } from "../shared/config";
import { createDb } from "../shared/db";
import { createI18n, type Language } from "../shared/i18n";
import { createLogger } from "../shared/logger";
import { createDeliveriesQueue, createEventsQueue } from "../shared/queues";
import { createRedis } from "../shared/redis";
import { FIRST_ID, PERSONAS } from "./lib/bench-intake-people";
import type { Script } from "./lib/intake-driver";
import { removeQueueKeys, resetData } from "./lib/reset";
import { prepare } from "./lib/setup";

const { values } = parseArgs({
  options: { people: { type: "string", default: "500" }, "think-ms": { type: "string", default: "3000" } },
});
const PEOPLE = Number(values.people);
const THINK_MS = Number(values["think-ms"]);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rematch_bench";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = process.env.BENCH_QUEUE_PREFIX ?? "rematch-bench";
const TOKEN = "515151:BENCH-token";

await prepare(DATABASE_URL, REDIS_URL);
const helperDb = createDb(DATABASE_URL, 4);
await resetData(helperDb, REDIS_URL, PREFIX);

// the emulator and the simulated people run in a worker thread (see lib/bench-intake-people.ts)
const people = typescriptThread(new URL("./lib/bench-intake-people.ts", import.meta.url), {
  token: TOKEN,
  people: PEOPLE,
  databaseUrl: DATABASE_URL,
  thinkMs: THINK_MS,
});
const next = <T>(key: string) =>
  new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, T>) => {
      if (key in m) {
        people.off("message", onMessage);
        resolve(m[key] as T);
      }
    };
    people.on("message", onMessage);
    people.once("error", reject);
  });
const apiRoot = await next<string>("apiRoot");
let queries = 0;
const config = loadConfig({
  BOT_TOKEN: TOKEN,
  DATABASE_URL,
  REDIS_URL,
  QUEUE_PREFIX: PREFIX,
  TELEGRAM_API_ROOT: apiRoot,
  LOG_LEVEL: "warn",
  DB_POOL_SIZE: "20",
});
// every statement the bot sends to PostgreSQL (this thread only: the people have their own)
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;
const db = createDb(DATABASE_URL, config.DB_POOL_SIZE);
const redis = createRedis(REDIS_URL);
const i18n = await createI18n();
const questionnaire = new Questionnaire(intakeDefinition);
const { bot } = createBot({
  config,
  db,
  i18n,
  questionnaire,
  events: createEventsQueue(redis, PREFIX),
  deliveries: createDeliveriesQueue(redis, PREFIX),
  municipalities: new MunicipalityDirectory(db),
  logger: createLogger("bench", "warn"),
  assistant: (await loadAssistant(db)).assistant,
});

// time every update from arrival to the last reply sent
const durations: number[] = [];
const handle = bot.handleUpdate.bind(bot);
bot.handleUpdate = async (update, response) => {
  const start = performance.now();
  await handle(update, response);
  durations.push(performance.now() - start);
};
const running = bot.launch();

const queriesBefore = queries;
people.postMessage("go");
const seconds = await next<number>("done");

// no answer lost or applied twice: every stored intake equals its script exactly
let mismatches = 0;
const intakes = await helperDb.intake.findMany({ include: { user: true } });
for (const intake of intakes) {
  const n = Number(intake.user.telegramId) - FIRST_ID;
  const [script] = PERSONAS[n % PERSONAS.length] as [Script, Language];
  const state = intake.state as {
    answers: Record<string, unknown>;
    groups: { members?: Record<string, unknown>[] };
  };
  const stored: Record<string, unknown> = { ...state.answers };
  (state.groups.members ?? []).forEach((m, i) => {
    for (const [k, v] of Object.entries(m)) stored[`members.${i}.${k}`] = v;
  });
  const expected = Object.fromEntries(Object.entries(script).filter(([k]) => k !== "ranking" && k in stored));
  const missing = Object.keys(script).filter((k) => k !== "ranking" && !(k in stored));
  if (
    JSON.stringify(Object.entries(expected).sort()) !== JSON.stringify(Object.entries(stored).sort()) ||
    missing.length > 0 ||
    intake.status !== "registered"
  ) {
    mismatches++;
  }
}

const sorted = [...durations].sort((a, b) => a - b);
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]?.toFixed(1);
const updates = durations.length;
console.log(
  `bench:intake — ${PEOPLE} people at once, ~${THINK_MS} ms to read and answer each question; bot in its own thread, PostgreSQL, emulator on localhost`,
);
console.log(
  `updates handled:            ${updates} in ${seconds.toFixed(1)} s → ${(updates / seconds).toFixed(0)} per second`,
);
console.log(
  `handling time per update:   p50 ${pct(50)} ms · p95 ${pct(95)} ms · p99 ${pct(99)} ms · max ${sorted.at(-1)?.toFixed(1)} ms`,
);
console.log(`database round trips:       ${((queries - queriesBefore) / updates).toFixed(2)} per update`);
console.log(
  `households registered:      ${intakes.filter((i) => i.status === "registered").length} of ${PEOPLE}`,
);
console.log(`lost or duplicated answers: ${mismatches}`);

bot.stop("bench done");
await running;
people.postMessage("stop");
await next("stopped");
await people.terminate();
await db.$disconnect();
await helperDb.$disconnect();
redis.disconnect();
await removeQueueKeys(REDIS_URL, PREFIX);
process.exit(mismatches === 0 && intakes.length === PEOPLE ? 0 : 1);
