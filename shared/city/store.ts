import type { Queue } from "bullmq";
import type { ArrivalDetails, Texts } from "../arrival";
import { audit } from "../audit";
import type { Resent } from "../console-api/city";
import type { Db } from "../db";
import { type DeliveryJob, type DeliveryPayload, queueDeliveries } from "../delivery";
import type { Broadcast, Prisma } from "../generated/prisma/client";
import { appointmentsOf, textsOf } from "../messages/arrival";
import { notifyEvent, recipients } from "./notify";

/**
 * The city features' data access, shared by the bot's city commands and the console's city
 * pages. Every query is filtered by the municipality the staff member acts for, so city staff
 * never read or change another city's households, events or broadcasts.
 */
/** What an event is (its name in every language: `arrival.kind.<kind>`). */
export const EVENT_KINDS = ["course", "workshop", "appointment"] as const;

export const PLACED = { in: ["placed", "arrived"] as ("placed" | "arrived")[] };

export function householdOf(db: Db, municipalityId: string, intakeId: string) {
  return db.intake.findFirst({
    where: { id: intakeId, municipalityId, status: PLACED },
    include: { arrival: true },
  });
}

/** JSON with its keys in one order (PostgreSQL's jsonb keeps its own): for "did it change?". */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value ?? null;
}

export const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Saves a household's arrival details; false when nothing changed (then nothing is written, the
 * stored version stays, and the notice keyed by it is not sent again).
 */
export async function saveArrival(
  db: Db,
  intakeId: string,
  staffId: string,
  v: ArrivalDetails,
): Promise<boolean> {
  const data = {
    arrivalDate: v.arrivalDate ?? null,
    meetingPoint: v.meetingPoint ?? null,
    address: v.address ?? null,
    contactName: v.contactName ?? null,
    contactPhone: v.contactPhone ?? null,
    appointments: v.appointments as Prisma.InputJsonValue,
  };
  const before = await db.arrivalInfo.findUnique({ where: { intakeId } });
  if (
    before &&
    before.arrivalDate?.getTime() === data.arrivalDate?.getTime() &&
    (["meetingPoint", "address", "contactName", "contactPhone"] as const).every(
      (k) => before[k] === data[k],
    ) &&
    sameJson(appointmentsOf(before.appointments), data.appointments)
  )
    return false;
  const row = { ...data, updatedBy: staffId };
  await db.arrivalInfo.upsert({ where: { intakeId }, create: { intakeId, ...row }, update: row });
  return true;
}

/** Placed → arrived; false when it is not (or no longer) a placed household of this city. */
export async function markArrived(db: Db, municipalityId: string, intakeId: string): Promise<boolean> {
  const changed = await db.intake.updateMany({
    where: { id: intakeId, municipalityId, status: "placed" },
    data: { status: "arrived", arrivedAt: new Date() },
  });
  return changed.count === 1;
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

export interface NewEvent {
  kind: string;
  startsAt: Date;
  place: string;
  texts: Texts;
}

/**
 * A new event: the audience (everyone placed, those not yet arrived, or chosen households) is
 * registered and told; people can then say they cannot come.
 */
export async function createEvent(
  db: Db,
  queue: Queue<DeliveryJob>,
  municipalityId: string,
  staffId: string,
  form: NewEvent,
  audience: { kind: "placed" | "not_arrived" | "selection"; intakeIds?: readonly string[] } = {
    kind: "placed",
  },
) {
  const event = await db.event.create({
    data: { ...form, texts: form.texts as Prisma.InputJsonValue, municipalityId, createdBy: staffId },
  });
  const people = await recipients(db, municipalityId, audience.kind, audience.intakeIds);
  await db.eventRegistration.createMany({
    data: people.map((p) => ({ eventId: event.id, intakeId: p.intakeId })),
    skipDuplicates: true,
  });
  const told = await notifyEvent(db, queue, event, "new");
  await audit(db, staffId, "city.event.create", event.id, {
    registered: people.length,
    audience: audience.kind,
  });
  return { event, told };
}

export function broadcastOf(db: Db, municipalityId: string, broadcastId: string) {
  return db.broadcast.findFirst({ where: { id: broadcastId, municipalityId } });
}

/**
 * A broadcast goes out (now, or at its time): one row per recipient (idempotent keys), then the
 * status; false when it was no longer a draft (sent or discarded meanwhile: nothing new is sent).
 */
export async function sendBroadcast(
  db: Db,
  queue: Queue<DeliveryJob>,
  staffId: string,
  b: Broadcast,
): Promise<boolean> {
  const texts = textsOf(b.texts);
  const scheduledAt = b.scheduledAt && b.scheduledAt.getTime() > Date.now() ? b.scheduledAt : null;
  const people = await recipients(db, b.municipalityId, b.audience, b.intakeIds);
  await queueDeliveries(
    db,
    queue,
    people.map((p) => ({
      key: `broadcast:${b.id}:${p.userId}`,
      kind: "broadcast",
      userId: p.userId,
      chatId: p.chatId,
      broadcastId: b.id,
      payload: { parts: [{ texts }] },
      sendAfter: scheduledAt,
    })),
  );
  const moved = await db.broadcast.updateMany({
    where: { id: b.id, status: "draft" },
    data: scheduledAt
      ? { status: "scheduled", scheduledAt }
      : { status: "sending", startedAt: new Date(), scheduledAt: null },
  });
  if (moved.count !== 1) return false;
  await audit(db, staffId, "city.broadcast", b.id, {
    audience: b.audience,
    recipients: people.length,
    languages: Object.keys(texts).join(","),
    scheduled: scheduledAt ? scheduledAt.toISOString() : null,
  });
  return true;
}

/**
 * "Send again to those it did not reach": every recipient whose latest message of this
 * broadcast failed or has an unknown outcome (its worker died between the send and its record) gets one more, keyed by the row it repeats, so
 * pressing twice sends once. Those who blocked the bot are left out: it would fail again.
 */
export async function resendBroadcast(
  db: Db,
  queue: Queue<DeliveryJob>,
  staffId: string,
  broadcastId: string,
) {
  const latest = await db.$queryRaw<
    { id: string; userId: string | null; chatId: bigint; payload: unknown; status: string }[]
  >`
    SELECT DISTINCT ON ("chatId") id, "userId", "chatId", payload, status::text AS status FROM "Delivery"
    WHERE "broadcastId" = ${broadcastId}
    ORDER BY "chatId", "createdAt" DESC`;
  const missed = latest.filter((r) => r.status === "failed" || r.status === "unknown");
  const queued = await queueDeliveries(
    db,
    queue,
    missed.map((r) => ({
      key: `again:${r.id}`,
      kind: "broadcast",
      userId: r.userId,
      chatId: r.chatId,
      broadcastId,
      payload: r.payload as DeliveryPayload,
    })),
  );
  if (missed.length > 0) {
    await db.broadcast.updateMany({
      where: { id: broadcastId, status: "done" },
      data: { status: "sending", finishedAt: null },
    });
  }
  if (missed.length > 0)
    await audit(db, staffId, "city.broadcast.again", broadcastId, { recipients: missed.length });
  return { queued } satisfies Resent;
}
