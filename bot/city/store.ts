import type { Db } from "../../shared/db";
import type { Broadcast, Prisma } from "../../shared/generated/prisma/client";
import type { HouseholdForm } from "./forms";

/**
 * The city features' data access. Every query is filtered by the staff member's municipality,
 * so city staff never read or change another city's households, events or broadcasts.
 */
const PLACED = { in: ["placed", "arrived"] as ("placed" | "arrived")[] };

export function householdsOf(db: Db, municipalityId: string) {
  return db.intake.findMany({
    where: { municipalityId, status: PLACED },
    include: { arrival: true },
    orderBy: { placedAt: "asc" },
    take: 40,
  });
}

export function householdOf(db: Db, municipalityId: string, intakeId: string) {
  return db.intake.findFirst({
    where: { id: intakeId, municipalityId, status: PLACED },
    include: { arrival: true },
  });
}

export async function saveArrival(db: Db, intakeId: string, staffId: string, v: HouseholdForm) {
  const data = {
    arrivalDate: v.arrivalDate ?? null,
    meetingPoint: v.meetingPoint ?? null,
    address: v.address ?? null,
    contactName: v.contactName ?? null,
    contactPhone: v.contactPhone ?? null,
    appointments: v.appointments as Prisma.InputJsonValue,
    updatedBy: staffId,
  };
  await db.arrivalInfo.upsert({ where: { intakeId }, create: { intakeId, ...data }, update: data });
}

/** Placed → arrived; false when it is not (or no longer) a placed household of this city. */
export async function markArrived(db: Db, municipalityId: string, intakeId: string): Promise<boolean> {
  const changed = await db.intake.updateMany({
    where: { id: intakeId, municipalityId, status: "placed" },
    data: { status: "arrived", arrivedAt: new Date() },
  });
  return changed.count === 1;
}

export function upcomingEvents(db: Db, municipalityId: string, take: number) {
  return db.event.findMany({
    where: { municipalityId, cancelled: false, startsAt: { gt: new Date() } },
    include: { _count: { select: { registrations: true } } },
    orderBy: { startsAt: "asc" },
    take,
  });
}

export function eventOf(db: Db, municipalityId: string, eventId: string) {
  return db.event.findFirst({ where: { id: eventId, municipalityId } });
}

/** Cancels an event of this city; null when there is none to cancel. */
export async function cancelEvent(db: Db, municipalityId: string, eventId: string) {
  const changed = await db.event.updateMany({
    where: { id: eventId, municipalityId, cancelled: false },
    data: { cancelled: true },
  });
  return changed.count === 0 ? null : db.event.findUniqueOrThrow({ where: { id: eventId } });
}

export function broadcastOf(db: Db, municipalityId: string, broadcastId: string) {
  return db.broadcast.findFirst({ where: { id: broadcastId, municipalityId } });
}

/** The staff member's open draft in this city, if any. */
export function currentDraft(db: Db, staffId: string, municipalityId: string) {
  return db.broadcast.findFirst({
    where: { createdBy: staffId, municipalityId, status: "draft" },
    orderBy: { createdAt: "desc" },
  });
}

/** The open draft, or a new one (to everyone placed in the city, no text yet). */
export async function draftFor(db: Db, staffId: string, municipalityId: string): Promise<Broadcast> {
  return (
    (await currentDraft(db, staffId, municipalityId)) ??
    db.broadcast.create({ data: { municipalityId, createdBy: staffId, audience: "placed", texts: {} } })
  );
}

/** Changes a draft; null when it is no longer a draft (sent, scheduled or discarded meanwhile). */
export async function changeDraft(
  db: Db,
  broadcastId: string,
  change: Prisma.BroadcastUpdateManyMutationInput,
) {
  const n = await db.broadcast.updateMany({ where: { id: broadcastId, status: "draft" }, data: change });
  return n.count === 0 ? null : db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } });
}

export function recentBroadcasts(db: Db, municipalityId: string) {
  return db.broadcast.findMany({
    where: { municipalityId, status: { not: "draft" } },
    orderBy: { createdAt: "desc" },
    take: 5,
  });
}
