import { Telegraf } from "telegraf";
import type { AppDeps, BotContext } from "./context";
import { account } from "./features/account";
import { arrival } from "./features/arrival";
import { assistant } from "./features/assistant";
import { city } from "./features/city";
import { consoleEntry } from "./features/console";
import { blankText, fallback } from "./features/fallback";
import { household } from "./features/household";
import { intake } from "./features/intake";
import { knowledge } from "./features/knowledge";
import { offers } from "./features/offers";
import { preArrival } from "./features/pre-arrival";
import { rounds } from "./features/rounds";
import { staff } from "./features/staff";
import { start } from "./features/start";
import { support } from "./features/support";
import { oneAtATimeAcrossInstances } from "./middleware/chat-lock";
import {
  acknowledgeButtons,
  errorBoundary,
  inFlightTracker,
  oneAtATimePerChat,
  privateOnly,
} from "./middleware/guards";
import { measureUpdates } from "./middleware/metrics";
import { cleanIncoming, otherBotsCommands } from "./middleware/text";
import { paceReplies, throttlePerPerson } from "./middleware/throttle";
import { loadUser } from "./middleware/user";

/**
 * The bot, top to bottom: transport, middlewares, then one composer per capability; each feature
 * routes its own commands and buttons (bot/buttons.ts).
 */
export function createBot(deps: AppDeps): { bot: Telegraf<BotContext>; idle(): Promise<void> } {
  const bot = new Telegraf<BotContext>(deps.config.BOT_TOKEN, {
    telegram: deps.config.TELEGRAM_API_ROOT ? { apiRoot: deps.config.TELEGRAM_API_ROOT } : {},
    handlerTimeout: deps.config.BOT_HANDLER_TIMEOUT_MS,
  });
  const { config } = deps;
  const inFlight = inFlightTracker();
  bot.use(inFlight.middleware);
  bot.use(paceReplies(bot.telegram, config.BOT_CHAT_BURST, config.BOT_CHAT_INTERVAL_MS));
  bot.use((ctx, next) => {
    ctx.app = deps;
    ctx.lang = "en";
    ctx.t = deps.i18n.t("en");
    ctx.user = null;
    return next();
  });
  bot.use(errorBoundary);
  bot.use(measureUpdates);
  bot.use(cleanIncoming); // before anything reads or stores a text
  bot.use(otherBotsCommands);
  bot.use(throttlePerPerson(config.PERSON_BURST, config.PERSON_INTERVAL_MS)); // before the per-chat queue
  bot.use(oneAtATimePerChat());
  bot.use(oneAtATimeAcrossInstances()); // the same across bot processes

  bot.use(loadUser);
  bot.use(privateOnly);
  bot.use(acknowledgeButtons);
  bot.use(blankText); // nothing visible: no answer, no question

  bot.use(start);
  bot.use(consoleEntry); // staff: /console, their own /help (before the refugees' /help)
  bot.use(account);
  bot.use(staff);
  bot.use(support); // staff replying to a question (#q… reference): before any other free-text handler
  bot.use(knowledge); // staff replying to an entry (kb:… reference) with a translation
  bot.use(rounds);
  bot.use(household); // caseworkers: one household by its reference, with its pre-arrival data
  bot.use(offers);
  bot.use(city); // city staff: capacity, arrivals, events, broadcasts (draft text before the assistant)
  bot.use(preArrival); // a placed household: names, dates of birth, phone for its city (typed answers)
  bot.use(arrival); // refugees: /info, /events
  bot.use(intake);
  bot.use(assistant); // free text outside the questionnaire is a question
  bot.use(fallback); // whatever nobody handled, old or forged buttons included

  bot.catch((error, ctx) => {
    deps.logger.error(
      { updateId: ctx.update.update_id, message: (error as Error).message },
      "unhandled bot error",
    );
  });
  return { bot, idle: inFlight.idle };
}
