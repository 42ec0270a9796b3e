import type { Queue } from "bullmq";
import type { Telegram } from "telegraf";
import type { Config } from "../shared/config";
import type { Db } from "../shared/db";
import type { DeliveryJob } from "../shared/delivery";
import type { I18n } from "../shared/i18n";
import type { Logger } from "../shared/logger";

/** What job processors need, built once in main.ts (and in tests). */
export interface WorkerDeps {
  config: Config;
  db: Db;
  i18n: I18n;
  telegram: Telegram;
  /** the single delivery path: every message to people goes through it */
  deliveries: Queue<DeliveryJob>;
  logger: Logger;
}
