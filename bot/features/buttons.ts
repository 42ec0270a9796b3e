import { Composer } from "telegraf";
import { parseCallback } from "../callback-data";
import type { BotContext } from "../context";
import { showCurrent } from "../intake/flow";
import { onDeleteButton } from "./account";
import { onIntakeButton } from "./intake";
import { onConsentButton, onLanguageButton } from "./start";

/** One entry for every inline button: validate the data, then hand it to its feature. */
export const buttons = new Composer<BotContext>();

buttons.on("callback_query", async (ctx) => {
  const raw = "data" in ctx.callbackQuery ? ctx.callbackQuery.data : "";
  // Telegram wants every tap acknowledged; it needs no answer of ours, so it runs alongside
  const acknowledged = ctx.answerCbQuery().catch(() => undefined);
  try {
    await route(ctx, raw);
  } finally {
    await acknowledged;
  }
});

async function route(ctx: BotContext, raw: string): Promise<void> {
  const data = parseCallback(raw);
  if (!data) {
    await ctx.reply(ctx.t("fallback.stale_button"));
    if (ctx.user?.intake) await showCurrent(ctx, ctx.user.intake);
    return;
  }
  switch (data[0]) {
    case "lang":
      return onLanguageButton(ctx, data[1]);
    case "consent":
      return onConsentButton(ctx, data);
    case "del":
      return onDeleteButton(ctx, data[1]);
    default:
      return onIntakeButton(ctx, data);
  }
}
