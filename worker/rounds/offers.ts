import type { Queue } from "bullmq";
import { HouseholdAnswers } from "../../core/answers";
import type { Municipality } from "../../core/matching/model";
import { householdRef } from "../../core/reference";
import type { Db } from "../../shared/db";
import { type DeliveryJob, queueDeliveries } from "../../shared/delivery";
import { offerExpiredPayload, offerPayload, offerReminderPayload } from "../../shared/messages/offers";
import { createOffers, expireOffer, scheduleOfferJobs } from "../../shared/offers";
import type { EventJob } from "../../shared/queues";
import { storedResultSchema } from "../../shared/rounds/result";
import type { WorkerDeps } from "../deps";

/**
 * A caseworker approved the round: the offers are created (shared/offers.ts), each sent through
 * the delivery path, and its reminder and expiry scheduled as delayed jobs; then the round records
 * that all of this happened (`offersSentAt`). A job that runs twice creates and sends nothing twice;
 * an approved round without `offersSentAt` is completed by the reconciler (worker/reconcile/).
 */
/**
 * New offers reach their households: each offer's message on the delivery path (keyed by the
 * offer, so once), then its reminder and expiry jobs.
 */
export async function sendOfferMessages(
  db: Db,
  deliveries: Queue<DeliveryJob>,
  events: Queue<EventJob>,
  offers: Awaited<ReturnType<typeof createOffers>>,
): Promise<void> {
  await queueDeliveries(
    db,
    deliveries,
    offers.map((o) => {
      const explanation = o.explanation as { factors?: { factor: string }[] };
      return {
        key: `offer:${o.id}`,
        kind: "offer",
        userId: o.intake.userId,
        chatId: o.intake.user.chatId,
        payload: offerPayload(
          o.id,
          o.municipality.name,
          explanation.factors ?? [],
          o.municipality.services as Municipality["services"],
          o.deadline,
        ),
      };
    }),
  );
  await scheduleOfferJobs(events, offers);
}

export async function sendOffers(deps: WorkerDeps, events: Queue<EventJob>, roundId: string): Promise<void> {
  const { db, config } = deps;
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (round?.status !== "approved" || !round.result || !round.approvedAt || round.offersSentAt) return;
  const result = storedResultSchema.parse(round.result);
  // the deadline comes from the approval time, so a retried job computes the same one
  const deadline = new Date(round.approvedAt.getTime() + config.OFFER_DEADLINE_MINUTES * 60_000);
  const offers = await createOffers(db, roundId, result, deadline, config.OFFER_REMINDER_MINUTES);
  await sendOfferMessages(db, deps.deliveries, events, offers);
  await db.round.updateMany({
    where: { id: roundId, offersSentAt: null },
    data: { offersSentAt: new Date() },
  });
}

async function offerWithPeople(deps: WorkerDeps, offerId: string) {
  return deps.db.offer.findUnique({
    where: { id: offerId },
    include: { municipality: true, intake: { include: { user: true } } },
  });
}

/** Before the deadline: remind a household whose offer is still open (once per deadline). */
export async function remindOffer(deps: WorkerDeps, offerId: string): Promise<void> {
  const offer = await offerWithPeople(deps, offerId);
  if (offer?.status !== "pending" || offer.remindedAt || offer.deadline.getTime() <= Date.now()) return;
  await queueDeliveries(deps.db, deps.deliveries, [
    {
      key: `offer-reminder:${offer.id}:${offer.deadline.getTime()}`,
      kind: "offer-reminder",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: offerReminderPayload(offer.id, offer.municipality.name, offer.deadline),
    },
  ]);
  // conditional on the deadline it was for: an extension meanwhile wants a reminder of its own
  await deps.db.offer.updateMany({
    where: { id: offer.id, deadline: offer.deadline, remindedAt: null },
    data: { remindedAt: new Date() },
  });
}

/** At the deadline: an unanswered offer expires (shared/offers.ts) and the household is told. */
export async function expireOfferJob(deps: WorkerDeps, offerId: string): Promise<void> {
  const offer = await offerWithPeople(deps, offerId);
  if (!offer || !(await expireOffer(deps.db, offerId))) return;
  await queueDeliveries(deps.db, deps.deliveries, [
    {
      key: `offer-expired:${offer.id}`,
      kind: "offer-expired",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: offerExpiredPayload(offer.municipality.name),
    },
  ]);
}

/** A household accepted: the city staff of that municipality hear of it (no names, a reference). */
export async function announceAcceptance(deps: WorkerDeps, offerId: string): Promise<void> {
  const { db } = deps;
  const offer = await db.offer.findUnique({
    where: { id: offerId },
    include: { municipality: true, intake: true },
  });
  if (offer?.status !== "accepted" || offer.announcedAt) return;
  const staff = await db.staffMember.findMany({
    where: { municipalityId: offer.municipalityId, role: "city_staff" },
  });
  const household = HouseholdAnswers.of(offer.intake.state);
  const travel = household.travelDate?.split("-").reverse().join(".") ?? "—";
  await queueDeliveries(
    db,
    deps.deliveries,
    staff.map((s) => ({
      key: `offer-accepted:${offer.id}:${s.id}`,
      kind: "staff-notice",
      chatId: s.chatId,
      payload: {
        parts: [
          {
            key: "offer.staff_accepted",
            params: {
              persons: offer.persons ?? household.size,
              city: offer.municipality.name,
              ref: householdRef(offer.intakeId),
              date: travel,
            },
          },
        ],
      },
    })),
  );
  await db.offer.update({ where: { id: offer.id }, data: { announcedAt: new Date() } });
}
