import type { Composer } from "telegraf";
import { type FieldsOf, matcher, type Route, unpack } from "../shared/callback";
import type { BotContext } from "./context";

/**
 * Registers a feature's button: taps whose data has this route's prefix come here with the
 * fields read by the one codec (shared/callback.ts). Data that has the prefix but not valid
 * fields goes on, to the stale-button answer at the end of the chain (features/fallback.ts).
 */
export function onButton<R extends Route>(
  composer: Composer<BotContext>,
  route: R,
  handler: (ctx: BotContext, fields: FieldsOf<R>) => Promise<unknown>,
): void {
  composer.action(matcher(route), async (ctx, next) => {
    const data = ctx.callbackQuery && "data" in ctx.callbackQuery ? ctx.callbackQuery.data : "";
    const fields = unpack(route, data);
    if (!fields) return next();
    await handler(ctx, fields);
  });
}
