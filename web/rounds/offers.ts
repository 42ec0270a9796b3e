import type { Municipality } from "../../core/matching/model";
import { householdRef } from "../../core/reference";
import { audit } from "../../shared/audit";
import type { OffersView } from "../../shared/console-api/rounds";
import { queueDeliveries } from "../../shared/delivery";
import { offerPayload, offerWithdrawnPayload } from "../../shared/messages/offers";
import { formatBerlin } from "../../shared/messages/time";
import { extendOffer, scheduleOfferJobs, withdrawOffer } from "../../shared/offers";
import type { ConsoleDeps } from "../deps";

/**
 * A round's offers after approval: pending, accepted, declined (with the reason), expired or
 * withdrawn; and what caseworkers do with an open one — extend its deadline, withdraw it, send
 * it again. Every message goes through the worker's delivery path, exactly once per change.
 */
export async function roundOffers(deps: ConsoleDeps, roundId: string): Promise<OffersView> {
  const offers = await deps.db.offer.findMany({
    where: { roundId },
    include: { municipality: { select: { name: true } } },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
  });
  const sent = await deps.db.delivery.findMany({
    where: { key: { in: offers.map((o) => `offer:${o.id}`) } },
    select: { key: true, status: true },
  });
  const delivery = new Map(sent.map((d) => [d.key, d.status]));
  const counts: Record<string, number> = {};
  for (const o of offers) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return {
    counts,
    rows: offers.map((o) => ({
      id: o.id,
      intakeId: o.intakeId,
      ref: householdRef(o.intakeId),
      municipality: o.municipality.name,
      status: o.status,
      reason: o.reason,
      deadline: o.deadline.toISOString(),
      answeredAt: o.answeredAt?.toISOString() ?? null,
      delivery: delivery.get(`offer:${o.id}`) ?? null,
    })),
  };
}

async function offerWithPeople(deps: ConsoleDeps, offerId: string) {
  return deps.db.offer.findUnique({
    where: { id: offerId },
    include: { municipality: true, intake: { include: { user: true } } },
  });
}

export async function extend(
  deps: ConsoleDeps,
  staffId: string,
  offerId: string,
  deadline: Date,
): Promise<boolean> {
  if (!(await extendOffer(deps.db, offerId, deadline, deps.config.OFFER_REMINDER_MINUTES))) return false;
  const offer = await offerWithPeople(deps, offerId);
  if (!offer) return false;
  // lost with Redis, these jobs come back from the offer's due times (worker/reconcile/)
  await scheduleOfferJobs(deps.events, [offer]);
  await queueDeliveries(deps.db, deps.deliveries, [
    {
      key: `offer-extended:${offer.id}:${deadline.getTime()}`,
      kind: "offer-extended",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: {
        parts: [
          {
            key: "console.notice.offer_extended",
            params: { city: offer.municipality.name, date: formatBerlin(deadline) },
          },
        ],
      },
    },
  ]);
  await audit(deps.db, staffId, "offer.extend", offerId, { deadline: deadline.toISOString() });
  return true;
}

export async function withdraw(deps: ConsoleDeps, staffId: string, offerId: string): Promise<boolean> {
  const offer = await offerWithPeople(deps, offerId);
  if (!offer || !(await withdrawOffer(deps.db, offerId))) return false;
  await queueDeliveries(deps.db, deps.deliveries, [
    {
      key: `offer-withdrawn:${offer.id}`,
      kind: "offer-withdrawn",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: offerWithdrawnPayload(offer.municipality.name),
    },
  ]);
  await audit(deps.db, staffId, "offer.withdraw", offerId);
  return true;
}

/** The same offer once more (its buttons still work; a second tap changes nothing twice). */
export async function resend(deps: ConsoleDeps, staffId: string, offerId: string): Promise<boolean> {
  const offer = await offerWithPeople(deps, offerId);
  if (offer?.status !== "pending") return false;
  const earlier = await deps.db.delivery.count({
    where: { key: { startsWith: `offer:${offer.id}:resend:` } },
  });
  const explanation = offer.explanation as { factors?: { factor: string }[] };
  await queueDeliveries(deps.db, deps.deliveries, [
    {
      key: `offer:${offer.id}:resend:${earlier + 1}`,
      kind: "offer",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: offerPayload(
        offer.id,
        offer.municipality.name,
        explanation.factors ?? [],
        offer.municipality.services as Municipality["services"],
        offer.deadline,
      ),
    },
  ]);
  await audit(deps.db, staffId, "offer.resend", offerId);
  return true;
}
