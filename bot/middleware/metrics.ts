import { type MiddlewareFn, TelegramError } from "telegraf";
import { metrics } from "../../shared/metrics";
import type { BotContext } from "../context";

/**
 * Counts every update and times it from its arrival to the end of its handling (waiting behind
 * the same chat's earlier updates included: the latency a person sees). Sits inside the error
 * boundary, so it also sees failed handlers and the 429s Telegram answered them.
 */
export const measureUpdates: MiddlewareFn<BotContext> = async (ctx, next) => {
  const type = ctx.updateType;
  const stop = metrics.updateSeconds.startTimer({ type });
  try {
    await next();
    metrics.updates.inc({ type, outcome: "ok" });
  } catch (error) {
    metrics.updates.inc({ type, outcome: "error" });
    if (error instanceof TelegramError && error.code === 429) metrics.rateLimited.inc({ process: "bot" });
    throw error;
  } finally {
    stop();
  }
};
