import type { MiddlewareFn } from "telegraf";
import { defaultLanguage, isLanguage } from "../../shared/i18n";
import type { BotContext } from "../context";

/** Loads the person (with their questionnaire) in one query and fixes the language of the reply. */
export const loadUser: MiddlewareFn<BotContext> = async (ctx, next) => {
  const from = ctx.from;
  ctx.user = from
    ? await ctx.app.db.user.findUnique({
        where: { telegramId: BigInt(from.id) },
        include: { intake: true },
        relationLoadStrategy: "join", // one round trip instead of two
      })
    : null;
  const stored = ctx.user?.language;
  ctx.lang = isLanguage(stored) ? stored : defaultLanguage(from?.language_code);
  ctx.t = ctx.app.i18n.t(ctx.lang);
  return next();
};
