import type { MiddlewareFn } from "telegraf";
import { defaultLanguage, isLanguage } from "../../shared/i18n";
import type { BotContext } from "../context";

const ACTIVE_WRITE_MS = 60 * 60_000;

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
  // activity keeps the data (worker/jobs/retention.ts): written at most once an hour
  const user = ctx.user;
  if (user && (Date.now() - user.lastActiveAt.getTime() > ACTIVE_WRITE_MS || user.retentionRemindedAt)) {
    const now = new Date();
    await ctx.app.db.user.updateMany({
      where: { id: user.id },
      data: { lastActiveAt: now, retentionRemindedAt: null },
    });
    user.lastActiveAt = now;
    user.retentionRemindedAt = null;
  }
  const stored = ctx.user?.language;
  ctx.lang = isLanguage(stored) ? stored : defaultLanguage(from?.language_code);
  ctx.t = ctx.app.i18n.t(ctx.lang);
  return next();
};
