import { KnowledgeBaseError } from "../core/assistant";
import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { createDb } from "../shared/db";
import { createI18n } from "../shared/i18n";
import { createLogger } from "../shared/logger";
import { opsRoute } from "../shared/ops-http";
import { boot, onShutdown, orExit } from "../shared/process";
import { createDeliveriesQueue, createEventsQueue } from "../shared/queues";
import { createRedis } from "../shared/redis";
import { createBot } from "./app";
import { loadAssistant } from "./assistant/load";
import { MunicipalityDirectory } from "./intake/municipalities";
import { launch } from "./launch";
import { setPeopleMenus } from "./staff/menus";

const config = await boot("bot");
const logger = createLogger("bot", config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL, config.DB_POOL_SIZE);
// knowledge/ files plus staff-added entries; a broken entry stops the start naming its file and field
const { assistant, sync } = await loadAssistant(db).catch((error: unknown) => {
  if (!(error instanceof KnowledgeBaseError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
});
// entries added or changed by staff on any bot process reach this one within seconds
sync.start(config.KNOWLEDGE_POLL_MS, logger);
const redis = createRedis(config.REDIS_URL);
const events = createEventsQueue(redis, config.QUEUE_PREFIX);
const deliveries = createDeliveriesQueue(redis, config.QUEUE_PREFIX);
const deps = {
  config,
  db,
  i18n: await createI18n(),
  questionnaire: new Questionnaire(intakeDefinition),
  events,
  deliveries,
  municipalities: new MunicipalityDirectory(db),
  logger,
  assistant,
};
const { bot, idle } = createBot(deps);

const running = await orExit(launch(bot, config, opsRoute({ db, redis }), logger));
running.done.catch((error: Error) => {
  logger.fatal({ message: error.message }, "bot stopped with an error");
  process.exit(1);
});
logger.info({ mode: running.mode }, "bot started");
// the refugees' command menu in their languages (staff get theirs with /console and when they join)
setPeopleMenus(bot.telegram, deps.i18n).catch((error: Error) =>
  logger.warn({ event: "people-menu", message: error.message }, "command menu not set"),
);

onShutdown(async (signal) => {
  logger.info({ signal }, "bot stopping");
  await running.stop();
  await idle(); // updates in hand are finished before the process ends
  await sync.stop();
  await Promise.all([events.close(), deliveries.close()]);
  await db.$disconnect();
  redis.disconnect();
  logger.info("bot stopped");
});
