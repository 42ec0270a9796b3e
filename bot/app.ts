import { Telegraf } from "telegraf";
import type { AppDeps, BotContext } from "./context";
import { account } from "./features/account";
import { arrival } from "./features/arrival";
import { assistant } from "./features/assistant";
import { buttons } from "./features/buttons";
import { capacity } from "./features/capacity";
import { city } from "./features/city";
import { fallback } from "./features/fallback";
import { intake } from "./features/intake";
import { rounds } from "./features/rounds";
import { staff } from "./features/staff";
import { start } from "./features/start";
import { support } from "./features/support";
import { errorBoundary, inFlightTracker, oneAtATimePerChat, privateOnly } from "./middleware/guards";
import { loadUser } from "./middleware/session";

/** The bot, top to bottom: transport, middlewares, then one composer per capability. */
export function createBot(deps: AppDeps): { bot: Telegraf<BotContext>; idle(): Promise<void> } {
  const bot = new Telegraf<BotContext>(deps.config.BOT_TOKEN, {
    telegram: deps.config.TELEGRAM_API_ROOT ? { apiRoot: deps.config.TELEGRAM_API_ROOT } : {},
    handlerTimeout: 30_000,
  });
  const inFlight = inFlightTracker();
  bot.use(inFlight.middleware);
  bot.use((ctx, next) => {
    ctx.app = deps;
    ctx.lang = "en";
    ctx.t = deps.i18n.t("en");
    ctx.user = null;
    return next();
  });
  bot.use(errorBoundary);
  bot.use(oneAtATimePerChat());
  bot.use(loadUser);
  bot.use(privateOnly);

  bot.use(start);
  bot.use(account);
  bot.use(staff);
  bot.use(support); // staff replying to a question (#q… reference): before any other free-text handler
  bot.use(rounds);
  bot.use(capacity);
  bot.use(city); // city staff: arrival details, events, broadcasts (draft text before the assistant)
  bot.use(arrival); // refugees: /info, /events
  bot.use(intake);
  bot.use(assistant); // free text outside the questionnaire is a question
  bot.use(buttons);
  bot.use(fallback);

  bot.catch((error, ctx) => {
    deps.logger.error(
      { updateId: ctx.update.update_id, message: (error as Error).message },
      "unhandled bot error",
    );
  });
  return { bot, idle: inFlight.idle };
}
