import type { MiddlewareFn } from "telegraf";
import { cleanText } from "../../core/text";
import type { BotContext } from "../context";

/**
 * Every incoming text and caption is cleaned (core/text.ts) before any feature reads it: a NUL or
 * an escape sequence never reaches the database or a staff member's chat.
 */
export const cleanIncoming: MiddlewareFn<BotContext> = (ctx, next) => {
  const update = ctx.update as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const kind of ["message", "edited_message"]) {
    const message = update[kind];
    if (!message) continue;
    for (const field of ["text", "caption"]) {
      const value = message[field];
      if (typeof value === "string") message[field] = cleanText(value);
    }
  }
  return next();
};

/** `/mydata@OtherBot`: a command for another bot (in a chat with several) is none of ours. */
export const otherBotsCommands: MiddlewareFn<BotContext> = (ctx, next) => {
  const text = ctx.message && "text" in ctx.message ? ctx.message.text : "";
  const to = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/.exec(text)?.[1];
  if (to && to.toLowerCase() !== ctx.me?.toLowerCase()) return;
  return next();
};
