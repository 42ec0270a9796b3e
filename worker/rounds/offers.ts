import type { Queue } from "bullmq";
import type { Municipality } from "../../core/matching/model";
import { type DeliveryPayload, queueDeliveries } from "../../shared/delivery";
import type { EventJob } from "../../shared/queues";
import { householdRef, storedResultSchema } from "../../shared/round-result";
import type { WorkerDeps } from "../deps";

const berlin = new Intl.DateTimeFormat("de-DE", {
  timeZone: "Europe/Berlin",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
export const formatBerlin = (d: Date) => berlin.format(d).replace(",", "");

function offerButtons(offerId: string): DeliveryPayload["buttons"] {
  return [
    [
      { label: { key: "offer.accept" }, data: `of:${offerId}:a` },
      { label: { key: "offer.decline" }, data: `of:${offerId}:d` },
    ],
  ];
}

/** The offer message: the city, why it fits (the factors that decided it), what is there, the deadline. */
export function offerPayload(
  offerId: string,
  city: string,
  factors: { factor: string }[],
  services: Municipality["services"] | undefined,
  deadline: Date,
): DeliveryPayload {
  const parts: DeliveryPayload["parts"] = [{ key: "offer.title", params: { city } }];
  const top = factors.slice(0, 4);
  if (top.length > 0) {
    parts.push({ key: "offer.why" });
    for (const f of top) parts.push({ key: `factor.${f.factor}` });
  }
  if (services) {
    const keys = [
      services.languageCourses && "offer.service_language_courses",
      services.integrationCourses && "offer.service_integration_courses",
      services.welcomeClasses && "offer.service_welcome_classes",
    ].filter((k): k is string => typeof k === "string");
    const community = services.ukrainianCommunity > 0;
    if (keys.length > 0 || community) parts.push({ key: "offer.what_is_there" });
    for (const key of keys) parts.push({ key });
    if (community)
      parts.push({ key: "offer.service_community", params: { count: services.ukrainianCommunity } });
  }
  parts.push({ key: "offer.deadline", params: { date: formatBerlin(deadline) } });
  return { parts, buttons: offerButtons(offerId) };
}

/**
 * A caseworker approved the round: one offer per placed household (unique per round × household,
 * so a job that runs twice creates nothing twice), each household marked "offered", each offer
 * sent through the delivery path, and its reminder and expiry scheduled as delayed jobs.
 */
export async function sendOffers(deps: WorkerDeps, events: Queue<EventJob>, roundId: string): Promise<void> {
  const { db, config } = deps;
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (round?.status !== "approved" || !round.result || !round.approvedAt) return;
  const result = storedResultSchema.parse(round.result);
  // the deadline comes from the approval time, so a retried job computes the same one
  const deadline = new Date(round.approvedAt.getTime() + config.OFFER_DEADLINE_MINUTES * 60_000);
  const stillWaiting = await db.intake.findMany({
    where: {
      id: { in: result.assignments.map((a) => a.intakeId) },
      status: { in: ["registered", "offered"] },
    },
    select: { id: true },
  });
  const waiting = new Set(stillWaiting.map((i) => i.id));
  await db.offer.createMany({
    data: result.assignments
      .filter((a) => waiting.has(a.intakeId))
      .map((a) => ({
        roundId,
        intakeId: a.intakeId,
        municipalityId: a.municipalityId,
        deadline,
        explanation: { factors: a.factors, welfare: a.welfare, rank: a.rank },
      })),
    skipDuplicates: true,
  });
  const offers = await db.offer.findMany({
    where: { roundId, status: "pending" },
    include: { municipality: true, intake: { include: { user: true } } },
  });
  await db.intake.updateMany({
    where: { id: { in: offers.map((o) => o.intakeId) }, status: "registered" },
    data: { status: "offered" },
  });
  await queueDeliveries(
    db,
    deps.deliveries,
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
  const now = Date.now();
  const reminderAt = deadline.getTime() - config.OFFER_REMINDER_MINUTES * 60_000;
  await events.addBulk(
    offers.flatMap((o) => [
      ...(reminderAt > now
        ? [
            {
              name: "offer-reminder",
              data: { kind: "offer-reminder" as const, offerId: o.id },
              opts: { jobId: `offer-reminder-${o.id}`, delay: reminderAt - now },
            },
          ]
        : []),
      {
        name: "offer-expire",
        data: { kind: "offer-expire" as const, offerId: o.id },
        opts: { jobId: `offer-expire-${o.id}`, delay: Math.max(0, deadline.getTime() - now) },
      },
    ]),
  );
}

/** Before the deadline: remind a household whose offer is still open. */
export async function remindOffer(deps: WorkerDeps, offerId: string): Promise<void> {
  const offer = await deps.db.offer.findUnique({
    where: { id: offerId },
    include: { municipality: true, intake: { include: { user: true } } },
  });
  if (offer?.status !== "pending") return;
  await queueDeliveries(deps.db, deps.deliveries, [
    {
      key: `offer-reminder:${offer.id}`,
      kind: "offer-reminder",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: {
        parts: [
          {
            key: "offer.reminder",
            params: { city: offer.municipality.name, date: formatBerlin(offer.deadline) },
          },
        ],
        buttons: offerButtons(offer.id),
      },
    },
  ]);
}

/** At the deadline: an unanswered offer expires and the household returns to the pool. */
export async function expireOffer(deps: WorkerDeps, offerId: string): Promise<void> {
  const { db } = deps;
  const offer = await db.offer.findUnique({
    where: { id: offerId },
    include: { municipality: true, intake: { include: { user: true } } },
  });
  if (!offer) return;
  const expired = await db.$transaction(async (tx) => {
    const changed = await tx.offer.updateMany({
      where: { id: offerId, status: "pending", deadline: { lte: new Date() } },
      data: { status: "expired", answeredAt: new Date() },
    });
    if (changed.count === 0) return false;
    await tx.intake.updateMany({
      where: { id: offer.intakeId, status: "offered" },
      data: { status: "registered" },
    });
    return true;
  });
  if (!expired) return;
  await queueDeliveries(db, deps.deliveries, [
    {
      key: `offer-expired:${offer.id}`,
      kind: "offer-expired",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: { parts: [{ key: "offer.expired", params: { city: offer.municipality.name } }] },
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
  if (offer?.status !== "accepted") return;
  const staff = await db.staffMember.findMany({
    where: { municipalityId: offer.municipalityId, role: "city_staff" },
  });
  const answers = (offer.intake.state as { answers?: Record<string, unknown> }).answers ?? {};
  const travel =
    typeof answers.travel_date === "string" ? answers.travel_date.split("-").reverse().join(".") : "—";
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
              persons: Number(answers.household_size ?? 0),
              city: offer.municipality.name,
              ref: householdRef(offer.intakeId),
              date: travel,
            },
          },
        ],
      },
    })),
  );
}
