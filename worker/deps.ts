import type { Telegram } from "telegraf";
import type { Config } from "../shared/config";
import type { Db } from "../shared/db";
import type { I18n } from "../shared/i18n";
import type { Logger } from "../shared/logger";

/** What job processors need, built once in main.ts (and in tests). */
export interface WorkerDeps {
  config: Config;
  db: Db;
  i18n: I18n;
  telegram: Telegram;
  logger: Logger;
}
