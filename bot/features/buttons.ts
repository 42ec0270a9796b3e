import { Composer } from "telegraf";
import { parseCallback } from "../callback-data";
import type { BotContext } from "../context";
import { showCurrent } from "../intake/flow";
import { onDeleteButton } from "./account";
import { onEventAnswer } from "./arrival";
import { onAssistantButton } from "./assistant";
import { onCityButton } from "./city";
import { onIntakeButton } from "./intake";
import { onDeclineReason, onOfferButton } from "./offers";
import { onRoundDecision, onStartRound } from "./rounds";
import { onConsentButton, onLanguageButton } from "./start";
import { onSupportButton } from "./support";

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
    case "rn":
      return onStartRound(ctx, data[1], data[2], data[3]);
    case "rd":
      return onRoundDecision(ctx, data[1], data[2]);
    case "of":
      return onOfferButton(ctx, data[1], data[2]);
    case "ofr":
      return onDeclineReason(ctx, data[1], data[2]);
    case "del":
      return onDeleteButton(ctx, data[1]);
    case "as":
      return onAssistantButton(ctx, data);
    case "sp":
      return onSupportButton(ctx, data);
    case "cm":
    case "hh":
    case "ev":
    case "bc":
    case "bcp":
    case "bce":
      return onCityButton(ctx, data);
    case "rg":
      return onEventAnswer(ctx, data[1], data[2]);
    default:
      return onIntakeButton(ctx, data);
  }
}
