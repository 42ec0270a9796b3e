import { Markup } from "telegraf";
import { householdFromIntake } from "../../core/household";
import { demandOf } from "../../core/matching/welfare";
import type { IntakeState } from "../../core/questionnaire";
import { take } from "../../shared/capacity";
import type { Prisma } from "../../shared/generated/prisma/client";
import { encodeCallback } from "../callback-data";
import type { BotContext } from "../context";

/**
 * A household answers its offer. Every change is one conditional statement inside a transaction,
 * so a second tap, a tap after the deadline or a tap on another household's offer changes nothing.
 */
type Outcome = "accepted" | "already_answered" | "too_late" | "full";

async function ownOffer(ctx: BotContext, offerId: string) {
  const intake = ctx.user?.intake;
  if (!intake) return null;
  const offer = await ctx.app.db.offer.findUnique({
    where: { id: offerId },
    include: { municipality: true },
  });
  return offer && offer.intakeId === intake.id ? { offer, intake } : null;
}

export async function onOfferButton(ctx: BotContext, offerId: string, op: "a" | "d"): Promise<void> {
  const own = await ownOffer(ctx, offerId);
  if (!own) {
    await ctx.reply(ctx.t("fallback.stale_button"));
    return;
  }
  const { offer, intake } = own;
  const city = offer.municipality.name;
  if (offer.status !== "pending") {
    await ctx.reply(ctx.t("offer.already_answered"));
    return;
  }
  if (op === "d") {
    // declining first asks for an optional reason; the answer is stored with the reason tap
    await ctx.reply(
      ctx.t("offer.decline_reason"),
      Markup.inlineKeyboard(
        (["relatives", "work", "size", "medical", "other", "skip"] as const).map((r) => [
          Markup.button.callback(ctx.t(`offer.reason_${r}`), encodeCallback(["ofr", offerId, r])),
        ]),
      ),
    );
    return;
  }
  const { db } = ctx.app;
  const names = [{ id: offer.municipality.id, name: offer.municipality.name }];
  const household = householdFromIntake(
    intake.id,
    intake.submittedAt ?? intake.createdAt,
    intake.state as unknown as IntakeState,
    names,
  );
  const demand = demandOf(household);
  const outcome = await db
    .$transaction(async (tx): Promise<Outcome> => {
      const claimed = await tx.offer.updateMany({
        where: { id: offerId, status: "pending", deadline: { gt: new Date() } },
        data: { status: "accepted", answeredAt: new Date() },
      });
      if (claimed.count === 0) {
        const now = await tx.offer.findUniqueOrThrow({ where: { id: offerId } });
        return now.status === "pending" ? "too_late" : "already_answered";
      }
      // lock the municipality row: two households accepting the last place cannot both get it
      const [row] = await tx.$queryRaw<{ capacity: unknown; taken: unknown }[]>`
        SELECT capacity, taken FROM "Municipality" WHERE id = ${offer.municipalityId} FOR UPDATE`;
      const taken = row ? take(row, demand) : null;
      if (!taken) throw new Full();
      await tx.municipality.update({
        where: { id: offer.municipalityId },
        data: { taken: taken as unknown as Prisma.InputJsonValue },
      });
      await tx.intake.update({
        where: { id: intake.id },
        data: { status: "placed", municipalityId: offer.municipalityId, placedAt: new Date() },
      });
      return "accepted";
    })
    .catch((error: unknown) => {
      if (error instanceof Full) return "full" as const;
      throw error;
    });
  if (outcome === "full") {
    // the place went meanwhile (capacity lowered by the city): back to the pool for the next round
    await db.$transaction([
      db.offer.updateMany({
        where: { id: offerId, status: "pending" },
        data: { status: "cancelled", answeredAt: new Date() },
      }),
      db.intake.updateMany({ where: { id: intake.id, status: "offered" }, data: { status: "registered" } }),
    ]);
  }
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (outcome === "accepted") {
    await ctx.app.events.add(
      "offer-accepted",
      { kind: "offer-accepted", offerId },
      { jobId: `offer-accepted-${offerId}` },
    );
  }
  await ctx.reply(ctx.t(`offer.${outcome}`, { city }));
}

class Full extends Error {}

export async function onDeclineReason(
  ctx: BotContext,
  offerId: string,
  reason: "relatives" | "work" | "size" | "medical" | "other" | "skip",
): Promise<void> {
  const own = await ownOffer(ctx, offerId);
  if (!own) {
    await ctx.reply(ctx.t("fallback.stale_button"));
    return;
  }
  const { offer, intake } = own;
  const declined = await ctx.app.db.$transaction(async (tx) => {
    const changed = await tx.offer.updateMany({
      where: { id: offerId, status: "pending" },
      data: { status: "declined", answeredAt: new Date(), reason: reason === "skip" ? null : reason },
    });
    if (changed.count === 0) return false;
    // back to the pool, and this municipality is not offered to them again
    await tx.intake.update({
      where: { id: intake.id },
      data: { status: "registered", declined: { push: offer.municipalityId } },
    });
    return true;
  });
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await ctx.reply(ctx.t(declined ? "offer.declined" : "offer.already_answered"));
}
