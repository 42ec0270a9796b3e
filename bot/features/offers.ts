import { Composer, Markup } from "telegraf";
import { DECLINE_REASONS, pack, routes } from "../../shared/callback";
import { acceptOffer, declineOffer, offerOf } from "../../shared/offers";
import { onButton } from "../buttons";
import type { BotContext } from "../context";
import { showWhere } from "../intake/flow";
import { beginPreArrival } from "./pre-arrival";

/**
 * A household answers its offer: the buttons the worker sent with it (shared/messages/offers.ts).
 * The state changes are the offer lifecycle's (shared/offers.ts); this only tells the person.
 */
export const offers = new Composer<BotContext>();

/** The offer, when it is this person's own; else they are told the button is stale. */
async function ownOffer(ctx: BotContext, offerId: string) {
  const intake = ctx.user?.intake;
  const offer = intake ? await offerOf(ctx.app.db, offerId, intake.id) : null;
  if (!offer || !intake) {
    await ctx.reply(ctx.t("fallback.stale_button"));
    await showWhere(ctx);
  }
  return offer && intake ? { offer, intake } : null;
}

onButton(offers, routes.offer, async (ctx, { offerId, answer }) => {
  const own = await ownOffer(ctx, offerId);
  if (!own) return;
  const { offer, intake } = own;
  if (offer.status !== "pending") return ctx.reply(ctx.t("offer.already_answered"));
  if (answer === "decline") {
    // declining first asks for an optional reason; the answer is stored with the reason tap
    return ctx.reply(
      ctx.t("offer.decline_reason"),
      Markup.inlineKeyboard(
        DECLINE_REASONS.map((reason) => [
          Markup.button.callback(
            ctx.t(`offer.reason_${reason}`),
            pack(routes.declineReason, { offerId, reason }),
          ),
        ]),
      ),
    );
  }
  const outcome = await acceptOffer(ctx.app.db, offerId, intake.id);
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (outcome === "accepted") {
    await ctx.app.events.add(
      "offer-accepted",
      { kind: "offer-accepted", offerId },
      { jobId: `offer-accepted-${offerId}` },
    );
  }
  await ctx.reply(ctx.t(`offer.${outcome}`, { city: offer.municipality.name }));
  if (outcome !== "accepted") return;
  // the city needs names, dates of birth and a phone before the household arrives
  const placed = await ctx.app.db.intake.findUnique({ where: { id: intake.id } });
  if (placed && ctx.user) {
    ctx.user.intake = placed;
    await beginPreArrival(ctx, placed);
  }
});

onButton(offers, routes.declineReason, async (ctx, { offerId, reason }) => {
  const own = await ownOffer(ctx, offerId);
  if (!own) return;
  const declined = await declineOffer(ctx.app.db, offerId, own.intake.id, reason === "skip" ? null : reason);
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await ctx.reply(ctx.t(declined ? "offer.declined" : "offer.already_answered"));
});
