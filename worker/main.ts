import { Worker } from "bullmq";
import { Telegram } from "telegraf";
import { createDb } from "../shared/db";
import { createI18n } from "../shared/i18n";
import { createLogger } from "../shared/logger";
import { boot, onShutdown } from "../shared/process";
import { createDeliveriesQueue, type EventJob, eventJob, QUEUES } from "../shared/queues";
import { createRedis } from "../shared/redis";
import type { WorkerDeps } from "./deps";
import { intakeSubmitted } from "./jobs/intake-submitted";

const config = await boot();
const logger = createLogger("worker", config.LOG_LEVEL);
const connection = createRedis(config.REDIS_URL);
const deps: WorkerDeps = {
  config,
  db: createDb(config.DATABASE_URL, config.DB_POOL_SIZE),
  i18n: await createI18n(),
  telegram: new Telegram(
    config.BOT_TOKEN,
    config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {},
  ),
  deliveries: createDeliveriesQueue(connection, config.QUEUE_PREFIX),
  logger,
};

const events = new Worker<EventJob>(
  QUEUES.events,
  async (job) => {
    const data = eventJob.parse(job.data); // validate at the border: a bad payload fails loudly
    switch (data.kind) {
      case "intake-submitted":
        return intakeSubmitted(deps, data.intakeId);
    }
  },
  { connection, prefix: config.QUEUE_PREFIX, concurrency: 4 },
);
events.on("failed", (job, error) =>
  logger.warn({ jobId: job?.id, queue: QUEUES.events, message: error.message }, "job failed"),
);
events.on("error", (error) => logger.error({ message: error.message }, "worker error"));
logger.info("worker started");

onShutdown(async (signal) => {
  logger.info({ signal }, "worker stopping");
  await events.close(); // waits for the jobs in hand
  await deps.deliveries.close();
  await deps.db.$disconnect();
  connection.disconnect();
  logger.info("worker stopped");
});
