import type { Queue } from "bullmq";
import type { z } from "zod";
import { type Capacity, capacitySchema, DIMENSIONS, SECTORS } from "../../core/matching/model";
import { householdRef } from "../../core/reference";
import { type Appointment, MAX_APPOINTMENTS } from "../../shared/arrival";
import { audit } from "../../shared/audit";
import { capacityOf } from "../../shared/capacity";
import { notifyArrivalChanged, notifyEvent } from "../../shared/city/notify";
import { broadcastStats } from "../../shared/city/stats";
import { PLACED, sameJson, saveArrival } from "../../shared/city/store";
import type {
  BroadcastPage,
  BulkAppointmentDone,
  BulkDetailsDone,
  CityCriteria,
  CityEventRow,
  EventView,
} from "../../shared/console-api/city";
import type { Db } from "../../shared/db";
import type { DeliveryJob } from "../../shared/delivery";
import type { Event, Prisma } from "../../shared/generated/prisma/client";
import { appointmentsOf, textsOf } from "../../shared/messages/arrival";
import type { appointmentForm, arrivalForm, bulkDetailsForm, criteriaForm, eventForm } from "./forms";

/**
 * What city staff change in the console, each through the shared city data access and the
 * worker's one delivery path. A change is told as an update keyed by the stored version, so
 * saving the same again sends nothing, and a bulk appointment reaches each household once.
 */
const appointmentOf = (a: z.infer<typeof appointmentForm>): Appointment => ({
  at: a.at.toISOString(),
  place: a.place,
  what: a.what,
});

export type SaveResult = { ok: true; changed: boolean; told: number } | { ok: false; error: "stale" };

export async function saveDetails(
  db: Db,
  queue: Queue<DeliveryJob>,
  staffId: string,
  intakeId: string,
  form: z.infer<typeof arrivalForm>,
): Promise<SaveResult> {
  const before = await db.arrivalInfo.findUnique({ where: { intakeId }, select: { updatedAt: true } });
  if ((before?.updatedAt.getTime() ?? 0) !== form.version) return { ok: false, error: "stale" };
  const changed = await saveArrival(db, intakeId, staffId, {
    ...form,
    appointments: form.appointments.map(appointmentOf),
  });
  const told = changed ? await notifyArrivalChanged(db, queue, intakeId) : 0;
  if (changed)
    await audit(db, staffId, "city.arrival", intakeId, { appointments: form.appointments.length, told });
  return { ok: true, changed, told };
}

/** The chosen households with their arrival details; null when any is not placed in this city. */
async function chosenArrivals(db: Db, municipalityId: string, ids: string[]) {
  const found = await db.intake.findMany({
    where: { id: { in: ids }, municipalityId, status: PLACED },
    include: { arrival: true },
  });
  return found.length === ids.length ? found : null;
}

/**
 * The same appointment for many households of this city: added to each one's appointments
 * (where it is not there already) and told as that household's update. Null when any id is not
 * a household of this city (nothing is changed then). Says how many had it already and how many
 * have no room for another (MAX_APPOINTMENTS), so the clerk knows who was not told.
 */
export async function bulkAppointment(
  db: Db,
  queue: Queue<DeliveryJob>,
  staffId: string,
  municipalityId: string,
  intakeIds: string[],
  form: z.infer<typeof appointmentForm>,
) {
  const ids = [...new Set(intakeIds)];
  const found = await chosenArrivals(db, municipalityId, ids);
  if (!found) return null;
  const appointment = appointmentOf(form);
  const same = (x: Appointment) =>
    x.at === appointment.at && x.place === appointment.place && x.what === appointment.what;
  let changed = 0;
  let told = 0;
  let already = 0;
  let full = 0;
  for (const intake of found) {
    const a = intake.arrival;
    const appointments = appointmentsOf(a?.appointments);
    if (appointments.some(same)) {
      already += 1;
      continue;
    }
    const next = [...appointments, appointment].sort((x, y) => x.at.localeCompare(y.at));
    if (next.length > MAX_APPOINTMENTS) {
      full += 1;
      continue;
    }
    await saveArrival(db, intake.id, staffId, { ...a, appointments: next });
    changed += 1;
    told += await notifyArrivalChanged(db, queue, intake.id);
  }
  await audit(db, staffId, "city.appointment.bulk", municipalityId, {
    households: ids.length,
    changed,
    told,
  });
  return { households: ids.length, changed, already, full, told } satisfies BulkAppointmentDone;
}

/**
 * The same arrival details for many households of this city (a group travelling together): the
 * fields given replace each household's, the others stay; a household whose details change is
 * told once, as its update. Null when any id is not a household of this city (nothing changes).
 */
export async function bulkDetails(
  db: Db,
  queue: Queue<DeliveryJob>,
  staffId: string,
  municipalityId: string,
  intakeIds: string[],
  form: z.infer<typeof bulkDetailsForm>["details"],
): Promise<BulkDetailsDone | null> {
  const ids = [...new Set(intakeIds)];
  const found = await chosenArrivals(db, municipalityId, ids);
  if (!found) return null;
  const given = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== null && v !== undefined));
  let changed = 0;
  let told = 0;
  for (const { id, arrival: a } of found) {
    const next = {
      arrivalDate: a?.arrivalDate ?? null,
      meetingPoint: a?.meetingPoint ?? null,
      address: a?.address ?? null,
      contactName: a?.contactName ?? null,
      contactPhone: a?.contactPhone ?? null,
      appointments: appointmentsOf(a?.appointments),
      ...given,
    };
    if (!(await saveArrival(db, id, staffId, next))) continue;
    changed += 1;
    told += await notifyArrivalChanged(db, queue, id);
  }
  await audit(db, staffId, "city.arrival.bulk", municipalityId, {
    households: ids.length,
    fields: Object.keys(given).join(","),
    changed,
    told,
  });
  return { households: ids.length, changed, told };
}

const titleOf = (texts: unknown) => (Object.values(textsOf(texts))[0] ?? "").split("\n")[0] ?? "";

export async function eventList(db: Db, municipalityId: string, lang: string): Promise<CityEventRow[]> {
  const events = await db.event.findMany({
    where: { municipalityId },
    include: { _count: { select: { registrations: true, declines: true } } },
    orderBy: { startsAt: "desc" },
    take: 200,
  });
  return events.map((e) => ({
    id: e.id,
    kind: e.kind,
    startsAt: e.startsAt.toISOString(),
    place: e.place,
    title: (textsOf(e.texts) as Record<string, string>)[lang]?.split("\n")[0] ?? titleOf(e.texts),
    cancelled: e.cancelled,
    registered: e._count.registrations,
    declined: e._count.declines,
  }));
}

export async function eventView(db: Db, municipalityId: string, eventId: string): Promise<EventView | null> {
  const event = await db.event.findFirst({
    where: { id: eventId, municipalityId },
    include: {
      registrations: { include: { intake: { select: { id: true, persons: true } } } },
      declines: { include: { intake: { select: { id: true, persons: true } } } },
    },
  });
  if (!event) return null;
  const person = (i: { id: string; persons: number | null }) => ({
    id: i.id,
    ref: householdRef(i.id),
    persons: i.persons,
  });
  return {
    id: event.id,
    kind: event.kind,
    startsAt: event.startsAt.toISOString(),
    place: event.place,
    texts: textsOf(event.texts),
    cancelled: event.cancelled,
    registered: event.registrations
      .map((r) => ({
        ...person(r.intake),
        registeredAt: r.createdAt.toISOString(),
        attendedAt: r.attendedAt?.toISOString() ?? null,
      }))
      .sort((a, b) => a.ref.localeCompare(b.ref)),
    declined: event.declines
      .map((d) => ({ ...person(d.intake), at: d.createdAt.toISOString() }))
      .sort((a, b) => a.ref.localeCompare(b.ref)),
  };
}

/** A changed event is told again (new version); saving it unchanged sends nothing. */
export async function changeEvent(
  db: Db,
  queue: Queue<DeliveryJob>,
  staffId: string,
  existing: Event,
  form: z.infer<typeof eventForm>,
) {
  const unchanged =
    existing.kind === form.kind &&
    existing.startsAt.getTime() === form.startsAt.getTime() &&
    existing.place === form.place &&
    sameJson(textsOf(existing.texts), form.texts);
  if (unchanged) return { changed: false, told: 0 };
  const event = await db.event.update({
    where: { id: existing.id },
    data: { ...form, texts: form.texts as Prisma.InputJsonValue },
  });
  const told = await notifyEvent(db, queue, event, "changed");
  await audit(db, staffId, "city.event.change", event.id, { told });
  return { changed: true, told };
}

/** Attendance as staff saw it: a household not registered that came is registered as well. */
export async function markAttendance(
  db: Db,
  staffId: string,
  eventId: string,
  intakeId: string,
  attended: boolean,
) {
  const attendedAt = attended ? new Date() : null;
  await db.eventRegistration.upsert({
    where: { eventId_intakeId: { eventId, intakeId } },
    create: { eventId, intakeId, attendedAt },
    update: { attendedAt },
  });
  await audit(db, staffId, "city.event.attendance", eventId, { attended: attended ? 1 : 0 });
}

export async function broadcastList(
  db: Db,
  municipalityId: string,
  page: number,
  pageSize: number,
): Promise<BroadcastPage> {
  const where = { municipalityId, status: { not: "draft" as const } };
  const [total, rows] = await Promise.all([
    db.broadcast.count({ where }),
    db.broadcast.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  return {
    total,
    page,
    pageSize,
    rows: await Promise.all(
      rows.map(async (b) => ({
        id: b.id,
        audience: b.audience.startsWith("event:") ? "event" : b.audience,
        selected: b.intakeIds.length,
        status: b.status,
        texts: textsOf(b.texts),
        scheduledAt: b.scheduledAt?.toISOString() ?? null,
        startedAt: b.startedAt?.toISOString() ?? null,
        createdAt: b.createdAt.toISOString(),
        stats: await broadcastStats(db, b.id),
      })),
    ),
  };
}

export type CapacityResult = { ok: true } | { ok: false; code: string; field: string; taken?: number };

/** The clerk's own municipality's capacity: never below what is taken; audited per dimension. */
export async function setCapacity(
  db: Db,
  staffId: string,
  municipalityId: string,
  wanted: Record<string, number>,
): Promise<CapacityResult> {
  const m = await db.municipality.findUniqueOrThrow({ where: { id: municipalityId } });
  const parsed = capacitySchema.safeParse(wanted);
  if (!parsed.success) return { ok: false, code: "invalid", field: "" };
  const next: Capacity = parsed.data;
  const taken = capacityOf(m.taken);
  const below = DIMENSIONS.find((d) => next[d] < taken[d]);
  if (below) return { ok: false, code: "below_taken", field: below, taken: taken[below] };
  if (next.accessibleUnits > next.units1to2 + next.units3to4 + next.units5plus)
    return { ok: false, code: "accessible_above_units", field: "accessibleUnits" };
  const old = capacityOf(m.capacity);
  const changed = DIMENSIONS.filter((d) => old[d] !== next[d]);
  if (changed.length === 0) return { ok: true };
  await db.municipality.update({
    where: { id: m.id },
    data: { capacity: next as unknown as Prisma.InputJsonValue },
  });
  await audit(db, staffId, "municipality.capacity", m.id, {
    capacity: changed.map((d) => `${d}:${old[d]}→${next[d]}`).join(","),
  });
  return { ok: true };
}

/**
 * What the clerk's municipality looks for: families with school children, workers in some
 * sectors (labour demand). Written into its services beside what the caseworkers imported; audited.
 */
export async function setCriteria(
  db: Db,
  staffId: string,
  municipalityId: string,
  wanted: z.infer<typeof criteriaForm>,
): Promise<CityCriteria> {
  const m = await db.municipality.findUniqueOrThrow({ where: { id: municipalityId } });
  const jobSectors = SECTORS.filter((s) => wanted.jobSectors.includes(s));
  const services = { ...servicesOf(m.services), seeksFamilies: wanted.seeksFamilies, jobSectors };
  await db.municipality.update({
    where: { id: m.id },
    data: { services: services as unknown as Prisma.InputJsonValue },
  });
  await audit(db, staffId, "municipality.criteria", m.id, {
    seeksFamilies: String(wanted.seeksFamilies),
    jobSectors: jobSectors.join(","),
  });
  return criteriaOf(services);
}

type Services = Record<string, unknown> & { seeksFamilies?: unknown; jobSectors?: unknown };
const servicesOf = (value: unknown): Services =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Services) : {};

/** The municipality's criteria as the console shows them. */
export function criteriaOf(services: unknown): CityCriteria {
  const s = servicesOf(services);
  const sectors = Array.isArray(s.jobSectors)
    ? s.jobSectors.filter((x): x is string => typeof x === "string")
    : [];
  return { seeksFamilies: s.seeksFamilies === true, jobSectors: sectors, sectors: SECTORS };
}
