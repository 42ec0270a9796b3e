import type { LightMyRequestResponse } from "fastify";
import type { Redis } from "ioredis";
import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { initData } from "../../scripts/lib/browser";
import { loadConfig } from "../../shared/config";
import type { Db } from "../../shared/db";
import { createI18n } from "../../shared/i18n";
import { createLogger } from "../../shared/logger";
import { createDeliveriesQueue, createEventsQueue } from "../../shared/queues";
import type { ConsoleDeps } from "../../web/deps";
import { buildServer, type ConsoleApp } from "../../web/server";
import { TEST_BOT_TOKEN, TEST_DATABASE_URL } from "./env";

type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * The console's server built in the test's own process on the real PostgreSQL and Redis, with
 * requests injected as a staff member's Mini App would send them (signed init data).
 */
export interface ConsoleUnderTest {
  app: ConsoleApp;
  deps: ConsoleDeps;
  /** a request as the Telegram user `who` (staff or not) */
  call(who: number, method: Method, url: string, payload?: object): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function consoleUnderTest(db: Db, redis: Redis, prefix: string): Promise<ConsoleUnderTest> {
  const deps: ConsoleDeps = {
    config: loadConfig({ BOT_TOKEN: TEST_BOT_TOKEN, DATABASE_URL: TEST_DATABASE_URL, QUEUE_PREFIX: prefix }),
    db,
    i18n: await createI18n(),
    questionnaire: new Questionnaire(intakeDefinition),
    events: createEventsQueue(redis, prefix),
    deliveries: createDeliveriesQueue(redis, prefix),
    redis,
    logger: createLogger("test", "silent"),
  };
  const app = await buildServer(deps);
  return {
    app,
    deps,
    call: (who, method, url, payload) =>
      app.inject({
        method,
        url,
        headers: { authorization: `tma ${initData(TEST_BOT_TOKEN, { id: who })}` },
        ...(payload ? { payload } : {}),
      }),
    close: async () => {
      await app.close();
      await Promise.all([deps.events.close(), deps.deliveries.close()]);
    },
  };
}
