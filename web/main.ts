import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { consoleUrl } from "../shared/config";
import { createDb } from "../shared/db";
import { createI18n } from "../shared/i18n";
import { createLogger } from "../shared/logger";
import { boot, onShutdown } from "../shared/process";
import { createDeliveriesQueue, createEventsQueue } from "../shared/queues";
import { createRedis } from "../shared/redis";
import type { ConsoleDeps } from "./deps";
import { buildServer } from "./server";

const config = await boot("console");
const logger = createLogger("console", config.LOG_LEVEL);
const redis = createRedis(config.REDIS_URL);
const deps: ConsoleDeps = {
  config,
  db: createDb(config.DATABASE_URL, config.DB_POOL_SIZE),
  i18n: await createI18n(),
  questionnaire: new Questionnaire(intakeDefinition),
  events: createEventsQueue(redis, config.QUEUE_PREFIX),
  deliveries: createDeliveriesQueue(redis, config.QUEUE_PREFIX),
  redis,
  logger,
};
const app = await buildServer(deps);
const address = await app.listen({ port: config.CONSOLE_PORT, host: config.CONSOLE_HOST });
logger.info({ address, url: consoleUrl(config) }, "console started");

onShutdown(async (signal) => {
  logger.info({ signal }, "console stopping");
  await app.close(); // requests in hand are finished first
  await Promise.all([deps.events.close(), deps.deliveries.close()]);
  await deps.db.$disconnect();
  redis.disconnect();
  logger.info("console stopped");
});
