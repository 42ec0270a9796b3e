import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Questionnaire } from "../core/questionnaire";
import type { Config } from "../shared/config";
import type { Db } from "../shared/db";
import type { DeliveryJob } from "../shared/delivery";
import type { I18n } from "../shared/i18n";
import type { Logger } from "../shared/logger";
import type { EventJob } from "../shared/queues";

/** What the console's routes need, built once in main.ts (and in tests). */
export interface ConsoleDeps {
  config: Config;
  db: Db;
  i18n: I18n;
  questionnaire: Questionnaire;
  /** jobs for the worker (rounds to compute, approvals) */
  events: Queue<EventJob>;
  /** the one delivery path: every message to people goes through the worker */
  deliveries: Queue<DeliveryJob>;
  redis: Redis;
  logger: Logger;
}
