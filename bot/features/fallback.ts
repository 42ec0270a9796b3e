import { Composer } from "telegraf";
import { isBlank } from "../../core/text";
import type { BotContext } from "../context";
import { showWhere } from "../intake/flow";

/** The longest free text the bot reads; Telegram itself allows 4096 characters. */
export const MAX_TEXT = 1000;

/**
 * A message with nothing visible in it (spaces, zero-width or control characters only) is no
 * answer and no question: nothing is stored, nobody is asked; the person sees where they are.
 */
export const blankText = new Composer<BotContext>();
blankText.on("text", async (ctx, next) => {
  if (!isBlank(ctx.message.text)) return next();
  await ctx.reply(ctx.t("fallback.blank"));
  await showWhere(ctx);
});

/** Whatever no feature handled gets a short, kind answer in the person's language. */
export const fallback = new Composer<BotContext>();

fallback.on("edited_message", (ctx) => ctx.reply(ctx.t("fallback.edited")));
fallback.on("sticker", (ctx) => ctx.reply(ctx.t("fallback.sticker")));
fallback.on(
  ["photo", "voice", "video", "video_note", "audio", "document", "animation", "location", "contact", "poll"],
  (ctx) => ctx.reply(ctx.t("fallback.media")),
);
fallback.on("text", async (ctx) => {
  const text = ctx.message.text;
  if (text.startsWith("/")) return ctx.reply(ctx.t("fallback.unknown_command"));
  if (text.length > MAX_TEXT) return ctx.reply(ctx.t("fallback.too_long", { max: MAX_TEXT }));
  if (!ctx.user) return ctx.reply(ctx.t("welcome.not_started"));
  return ctx.reply(ctx.t("help.text"));
});
fallback.on("message", (ctx) => ctx.reply(ctx.t("fallback.media")));
/** A button no feature took: drawn for an older state, from an old message, or forged. */
fallback.on("callback_query", async (ctx) => {
  await ctx.reply(ctx.t("fallback.stale_button"));
  await showWhere(ctx);
});
