import type { Queue } from "bullmq";
import { pack, routes } from "../callback";
import type { Db } from "../db";
import { type DeliveryJob, type NewDelivery, queueDeliveries } from "../delivery";
import type { Event } from "../generated/prisma/client";
import { cityInfoOf, cityParts, eventParts, householdParts, payload } from "../messages/arrival";

/**
 * Who is told what, as Delivery rows on the one delivery path. Keys make every notice
 * exactly-once per change and person: `arrival:<intake>:<version>`, `event:<id>:<version>:<intake>`,
 * `reminder:<event>:<version>:<slot>:<intake>`, `broadcast:<id>:<user>`.
 */
export interface Recipient {
  intakeId: string;
  userId: string;
  chatId: bigint;
}

/**
 * The households an audience (`placed`, `not_arrived`, `event:<id>`, or `selection`: the given
 * households) means now, in one municipality (city staff see only their own).
 */
export async function recipients(
  db: Db,
  municipalityId: string,
  audience: string,
  intakeIds: readonly string[] = [],
): Promise<Recipient[]> {
  const eventId = audience.startsWith("event:") ? audience.slice(6) : null;
  const intakes = await db.intake.findMany({
    where: {
      municipalityId,
      status: audience === "not_arrived" ? "placed" : { in: ["placed", "arrived"] },
      ...(eventId ? { registrations: { some: { eventId } } } : {}),
      ...(audience === "selection" ? { id: { in: [...intakeIds] } } : {}),
    },
    select: { id: true, user: { select: { id: true, chatId: true } } },
    orderBy: { id: "asc" },
  });
  return intakes.map((i) => ({ intakeId: i.id, userId: i.user.id, chatId: i.user.chatId }));
}

const REMINDERS = [
  { slot: "day", before: 24 * 3600_000, key: "arrival.notice.reminder_day" },
  { slot: "soon", before: 2 * 3600_000, key: "arrival.notice.reminder_soon" },
] as const;

export type ReminderSlot = (typeof REMINDERS)[number]["slot"];

/** The reminders still to come for an event starting at `startsAt` (their time not yet passed). */
const pendingReminders = (startsAt: Date, now = Date.now()) =>
  REMINDERS.filter(({ before }) => startsAt.getTime() - before > now);

/** The slots of those reminders: none once the event is two hours away or less. */
export function remindersAhead(startsAt: Date, now = Date.now()): ReminderSlot[] {
  return pendingReminders(startsAt, now).map(({ slot }) => slot);
}

/** A version of an event: any change gives new keys, so changed events are announced again. */
const versionOf = (event: Pick<Event, "updatedAt">) => event.updatedAt.getTime();

export async function notifyArrivalChanged(
  db: Db,
  queue: Queue<DeliveryJob>,
  intakeId: string,
): Promise<number> {
  const intake = await db.intake.findUnique({
    where: { id: intakeId },
    include: { user: true, arrival: true },
  });
  if (!intake?.arrival) return 0;
  return queueDeliveries(db, queue, [
    {
      key: `arrival:${intake.id}:${intake.arrival.updatedAt.getTime()}`,
      kind: "arrival",
      userId: intake.user.id,
      chatId: intake.user.chatId,
      payload: payload([{ key: "arrival.notice.details_changed" }, ...householdParts(intake.arrival)]),
    },
  ]);
}

/** The city's own details changed: everyone still on their way is told. */
export async function notifyCityInfoChanged(
  db: Db,
  queue: Queue<DeliveryJob>,
  municipalityId: string,
): Promise<number> {
  const city = await db.municipality.findUniqueOrThrow({ where: { id: municipalityId } });
  const parts = [{ key: "arrival.notice.city_changed" }, ...cityParts(city.name, cityInfoOf(city.info))];
  const people = await recipients(db, municipalityId, "not_arrived");
  return queueDeliveries(
    db,
    queue,
    people.map((r) => ({
      key: `cityinfo:${municipalityId}:${city.updatedAt.getTime()}:${r.intakeId}`,
      kind: "city-info",
      userId: r.userId,
      chatId: r.chatId,
      payload: payload(parts),
    })),
  );
}

function reminderItems(event: Event, people: Recipient[]): NewDelivery[] {
  // a reminder whose time has passed is left out
  return pendingReminders(event.startsAt).flatMap(({ slot, before, key }) => {
    const at = event.startsAt.getTime() - before;
    return people.map((r) => ({
      key: `reminder:${event.id}:${versionOf(event)}:${slot}:${r.intakeId}`,
      kind: "reminder",
      userId: r.userId,
      chatId: r.chatId,
      payload: payload([{ key }, ...eventParts(event)]),
      sendAfter: new Date(at),
    }));
  });
}

/** Reminders not yet sent are dropped (their jobs then find nothing); sent ones stay as history. */
export async function dropReminders(db: Db, eventId: string, intakeId?: string): Promise<void> {
  const rows = await db.delivery.findMany({
    where: { status: "pending", key: { startsWith: `reminder:${eventId}:` } },
    select: { id: true, key: true },
  });
  const ids = rows.filter((r) => !intakeId || r.key.endsWith(`:${intakeId}`)).map((r) => r.id);
  if (ids.length > 0) await db.delivery.deleteMany({ where: { id: { in: ids }, status: "pending" } });
}

/**
 * An event was created, changed or cancelled: tell the registered households, and (re)arm
 * their reminders a day and two hours before. The event row is saved before this runs, so a
 * crash in between is repaired by saving again (same version, same keys).
 */
export async function notifyEvent(
  db: Db,
  queue: Queue<DeliveryJob>,
  event: Event,
  change: "new" | "changed" | "cancelled",
): Promise<number> {
  const people = await recipients(db, event.municipalityId, `event:${event.id}`);
  await dropReminders(db, event.id);
  const heading = `arrival.notice.event_${change}`;
  const buttons =
    change === "cancelled"
      ? undefined
      : [
          [
            {
              label: { key: "arrival.button.cannot_come" },
              data: pack(routes.attendance, { eventId: event.id, answer: "cannot-come" }),
            },
          ],
        ];
  const items: NewDelivery[] = people.map((r) => ({
    key: `event:${event.id}:${change === "cancelled" ? "cancelled" : versionOf(event)}:${r.intakeId}`,
    kind: "event",
    userId: r.userId,
    chatId: r.chatId,
    payload: payload([{ key: heading }, ...eventParts(event)], buttons),
  }));
  if (change !== "cancelled") items.push(...reminderItems(event, people));
  return queueDeliveries(db, queue, items);
}

/** One household joined an event later: only its reminders. */
export async function armReminders(
  db: Db,
  queue: Queue<DeliveryJob>,
  event: Event,
  person: Recipient,
): Promise<void> {
  await queueDeliveries(db, queue, reminderItems(event, [person]));
}
