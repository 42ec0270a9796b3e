import type { MiddlewareFn } from "telegraf";
import type { BotContext } from "../context";

/**
 * Private chats only: answers in a group would expose a person's data to everyone there.
 * In groups the bot answers commands with a pointer to the private chat and ignores the rest.
 */
export const privateOnly: MiddlewareFn<BotContext> = async (ctx, next) => {
  const type = ctx.chat?.type;
  if (type === undefined || type === "private") return next();
  const text = ctx.message && "text" in ctx.message ? ctx.message.text : "";
  if (text.startsWith("/")) await ctx.reply(ctx.t("fallback.group"));
};

/**
 * Updates of one chat are handled one after another, in the order they arrived: a quick double
 * tap or two fast messages must not race on the same questionnaire. Different chats run in parallel.
 */
export function oneAtATimePerChat(): MiddlewareFn<BotContext> {
  const tails = new Map<number, Promise<unknown>>();
  return async (ctx, next) => {
    const id = ctx.chat?.id ?? ctx.from?.id;
    if (id === undefined) return next();
    const previous = tails.get(id) ?? Promise.resolve();
    const run = previous.then(() => next());
    const tail = run.catch(() => undefined);
    tails.set(id, tail);
    try {
      await run;
    } finally {
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
}

/** Handler errors end here: logged without personal data, and the person gets a kind reply. */
export const errorBoundary: MiddlewareFn<BotContext> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const err = error as Error;
    ctx.app.logger.error(
      {
        updateId: ctx.update.update_id,
        updateType: ctx.updateType,
        error: err.name,
        message: err.message,
        stack: err.stack,
      },
      "update failed",
    );
    await ctx.reply(ctx.app.i18n.t(ctx.lang ?? "en")("fallback.error")).catch(() => undefined);
  }
};

/** Counts updates in hand, so a shutdown can wait until they are finished. */
export function inFlightTracker(): { middleware: MiddlewareFn<BotContext>; idle(): Promise<void> } {
  let count = 0;
  return {
    middleware: async (_ctx, next) => {
      count++;
      try {
        await next();
      } finally {
        count--;
      }
    },
    idle: async () => {
      while (count > 0) await new Promise((r) => setTimeout(r, 25));
    },
  };
}

/**
 * Telegram wants every button tap acknowledged (else the client shows a spinner). It needs no
 * answer of ours, so it runs alongside whatever the tap does.
 */
export const acknowledgeButtons: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  const acknowledged = ctx.answerCbQuery().catch(() => undefined);
  try {
    await next();
  } finally {
    await acknowledged;
  }
};
