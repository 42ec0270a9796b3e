import type { Queue } from "bullmq";
import { HouseholdAnswers } from "../core/answers";
import { offerWork, reminderTime } from "../core/effects";
import { householdFromIntake } from "../core/household";
import type { Capacity } from "../core/matching/model";
import { demandOf } from "../core/matching/welfare";
import { capacityOf, take } from "./capacity";
import type { Db } from "./db";
import type { Prisma } from "./generated/prisma/client";
import type { EventJob } from "./queues";
import type { StoredResult } from "./rounds/result";

/**
 * The one offer lifecycle: create (an approved round's assignments), accept, decline, expire.
 * Each change is one conditional statement inside a transaction, so a second tap, a tap after the
 * deadline, a retried job or a tap on another household's offer changes nothing. Telegram
 * handlers, job processors and the console only call these and tell people what happened.
 */
export type AcceptOutcome = "accepted" | "already_answered" | "too_late" | "full";

/** The offer when it belongs to this household, else null (a forged or another household's button). */
export async function offerOf(db: Db, offerId: string, intakeId: string) {
  const offer = await db.offer.findUnique({ where: { id: offerId }, include: { municipality: true } });
  return offer && offer.intakeId === intakeId ? offer : null;
}

/**
 * One offer per placed household of an approved round (unique per round × household), for
 * households still waiting; each carries its demand and persons from the round, its deadline and
 * the time of its reminder (the due times live in PostgreSQL; the delayed jobs only carry them),
 * and the households are marked "offered". Returns the round's pending offers, ready to be sent.
 */
export async function createOffers(
  db: Db,
  roundId: string,
  result: StoredResult,
  deadline: Date,
  reminderMinutes: number,
) {
  const remindAt = reminderTime(deadline, reminderMinutes, new Date());
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
        remindAt,
        persons: a.persons ?? null,
        demand: (a.demand ?? undefined) as Prisma.InputJsonValue | undefined,
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
  return offers;
}

/** What accepting takes of the municipality: stored on the offer; offers made before that rebuild it. */
async function demandOfOffer(
  tx: Prisma.TransactionClient,
  offer: { demand: unknown; intakeId: string; municipalityId: string },
): Promise<Capacity> {
  if (offer.demand) return capacityOf(offer.demand);
  const intake = await tx.intake.findUniqueOrThrow({ where: { id: offer.intakeId } });
  const household = householdFromIntake(
    intake.id,
    intake.submittedAt ?? intake.createdAt,
    HouseholdAnswers.of(intake.state),
    [],
  );
  return demandOf(household);
}

class Full extends Error {}

/**
 * Accept: claim the offer (still pending, before its deadline), lock the municipality row (two
 * households accepting the last place cannot both get it), take the capacity, place the
 * household. When the place went meanwhile (capacity lowered by the city), the offer is
 * cancelled and the household goes back to the pool for the next round.
 */
export async function acceptOffer(db: Db, offerId: string, intakeId: string): Promise<AcceptOutcome> {
  const outcome = await db
    .$transaction(async (tx): Promise<AcceptOutcome> => {
      const claimed = await tx.offer.updateMany({
        where: { id: offerId, intakeId, status: "pending", deadline: { gt: new Date() } },
        data: { status: "accepted", answeredAt: new Date() },
      });
      if (claimed.count === 0) {
        const now = await tx.offer.findUniqueOrThrow({ where: { id: offerId } });
        return now.status === "pending" ? "too_late" : "already_answered";
      }
      const offer = await tx.offer.findUniqueOrThrow({ where: { id: offerId } });
      const demand = await demandOfOffer(tx, offer);
      const [row] = await tx.$queryRaw<{ capacity: unknown; taken: unknown }[]>`
        SELECT capacity, taken FROM "Municipality" WHERE id = ${offer.municipalityId} FOR UPDATE`;
      const taken = row ? take(row, demand) : null;
      if (!taken) throw new Full();
      await tx.municipality.update({
        where: { id: offer.municipalityId },
        data: { taken: taken as unknown as Prisma.InputJsonValue },
      });
      await tx.intake.update({
        where: { id: intakeId },
        data: { status: "placed", municipalityId: offer.municipalityId, placedAt: new Date() },
      });
      return "accepted";
    })
    .catch((error: unknown) => {
      if (error instanceof Full) return "full" as const;
      throw error;
    });
  if (outcome === "full") {
    await db.$transaction([
      db.offer.updateMany({
        where: { id: offerId, status: "pending" },
        data: { status: "cancelled", answeredAt: new Date() },
      }),
      db.intake.updateMany({ where: { id: intakeId, status: "offered" }, data: { status: "registered" } }),
    ]);
  }
  return outcome;
}

/** Decline (reason optional): back to the pool, and this municipality is not offered to them again. */
export async function declineOffer(
  db: Db,
  offerId: string,
  intakeId: string,
  reason: string | null,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await tx.offer.updateMany({
      where: { id: offerId, intakeId, status: "pending" },
      data: { status: "declined", answeredAt: new Date(), reason },
    });
    if (changed.count === 0) return false;
    const offer = await tx.offer.findUniqueOrThrow({ where: { id: offerId } });
    await tx.intake.update({
      where: { id: intakeId },
      data: { status: "registered", declined: { push: offer.municipalityId } },
    });
    return true;
  });
}

/** At the deadline: an unanswered offer expires and the household returns to the pool. */
export async function expireOffer(db: Db, offerId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await tx.offer.updateMany({
      where: { id: offerId, status: "pending", deadline: { lte: new Date() } },
      data: { status: "expired", answeredAt: new Date() },
    });
    if (changed.count === 0) return false;
    const offer = await tx.offer.findUniqueOrThrow({ where: { id: offerId } });
    await tx.intake.updateMany({
      where: { id: offer.intakeId, status: "offered" },
      data: { status: "registered" },
    });
    return true;
  });
}

/**
 * The delayed jobs of open offers, as the offers' due times say (core/effects.ts): a reminder
 * before the deadline and the expiry at it. The job ids carry the deadline, so an extended
 * deadline gets jobs of its own (the old ones find nothing), and adding them again is harmless.
 */
export async function scheduleOfferJobs(
  events: Queue<EventJob>,
  offers: { id: string; deadline: Date; remindAt: Date | null; remindedAt: Date | null }[],
): Promise<void> {
  const now = new Date();
  await events.addBulk(
    offers.flatMap((o) => {
      const work = offerWork(o, now);
      // overdue work is due at once (a job added late, or re-created after Redis lost it)
      return [
        ...work.due.map((kind) => ({ kind, jobId: `${kind}-${o.id}-${o.deadline.getTime()}`, at: 0 })),
        ...work.jobs,
      ].map((job) => ({
        name: job.kind,
        data: { kind: job.kind, offerId: o.id },
        opts: { jobId: job.jobId, delay: Math.max(0, job.at - now.getTime()) },
      }));
    }),
  );
}

/** A caseworker gives a household more time: a later deadline for an open offer. */
export async function extendOffer(
  db: Db,
  offerId: string,
  deadline: Date,
  reminderMinutes: number,
): Promise<boolean> {
  const n = await db.offer.updateMany({
    where: { id: offerId, status: "pending", deadline: { lt: deadline } },
    data: { deadline, remindAt: reminderTime(deadline, reminderMinutes, new Date()), remindedAt: null },
  });
  return n.count === 1;
}

/** A caseworker withdraws an open offer: the household goes back to the pool (no city excluded). */
export async function withdrawOffer(db: Db, offerId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await tx.offer.updateMany({
      where: { id: offerId, status: "pending" },
      data: { status: "cancelled", answeredAt: new Date(), reason: "withdrawn" },
    });
    if (changed.count === 0) return false;
    const offer = await tx.offer.findUniqueOrThrow({ where: { id: offerId } });
    await tx.intake.updateMany({
      where: { id: offer.intakeId, status: "offered" },
      data: { status: "registered" },
    });
    return true;
  });
}
