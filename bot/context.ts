import type { Queue } from "bullmq";
import type { Context } from "telegraf";
import type { Assistant } from "../core/assistant";
import type { Questionnaire } from "../core/questionnaire";
import type { Config } from "../shared/config";
import type { Db } from "../shared/db";
import type { DeliveryJob } from "../shared/delivery";
import type { Intake, User } from "../shared/generated/prisma/client";
import type { I18n, Language, Translate } from "../shared/i18n";
import type { Logger } from "../shared/logger";
import type { EventJob } from "../shared/queues";
import type { Staff } from "../shared/staff";
import type { MunicipalityDirectory } from "./intake/municipalities";

/** Everything the handlers need, built once in main.ts (and in tests). */
export interface AppDeps {
  config: Config;
  db: Db;
  i18n: I18n;
  questionnaire: Questionnaire;
  events: Queue<EventJob>;
  deliveries: Queue<DeliveryJob>;
  municipalities: MunicipalityDirectory;
  logger: Logger;
  /** the knowledge-base search, built once at start; staff-added entries join it at run time */
  assistant: Assistant;
}

export type UserWithIntake = User & { intake: Intake | null };

/** Telegraf's context plus what the middlewares add before any feature runs. */
export interface BotContext extends Context {
  app: AppDeps;
  /** the person's language: stored choice, else their Telegram language */
  lang: Language;
  t: Translate;
  /** null until the person has given consent: nobody is stored before that */
  user: UserWithIntake | null;
  /** the sender's staff role once looked up by `staffOf` (undefined: not yet asked) */
  staff?: Staff | null;
}
