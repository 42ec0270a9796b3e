import { type Appointment, appointmentSchema, type CityInfo, cityInfoSchema, type Texts } from "../arrival";
import type { DeliveryPayload } from "../delivery";
import type { ArrivalInfo, Event } from "../generated/prisma/client";

/**
 * What people read about their arrival, as delivery parts (locale keys with params, or staff
 * texts per language). The same parts are sent by the worker and shown by /info and /events, so
 * a notice and the command always say the same, rendered in the reader's language when read.
 * Moments travel as epoch ms under names ending in "At" / "On" (see render.ts).
 */
type Part = DeliveryPayload["parts"][number];

export function cityInfoOf(info: unknown): CityInfo {
  const parsed = cityInfoSchema.safeParse(info ?? {});
  return parsed.success ? parsed.data : { notes: {} };
}

export function appointmentsOf(value: unknown): Appointment[] {
  const parsed = appointmentSchema.array().safeParse(value ?? []);
  return parsed.success ? parsed.data : [];
}

export function textsOf(value: unknown): Texts {
  return (value && typeof value === "object" ? value : {}) as Texts;
}

export function cityParts(name: string, info: CityInfo): Part[] {
  const parts: Part[] = [{ key: "arrival.info.city", params: { municipality: name } }];
  if (info.address) parts.push({ key: "arrival.info.city_address", params: { address: info.address } });
  if (info.contact) parts.push({ key: "arrival.info.city_contact", params: { contact: info.contact } });
  if (Object.keys(info.notes).length > 0) parts.push({ texts: info.notes });
  return parts;
}

/**
 * A household's arrival details, for the household itself ("Your address", "Who will meet
 * you") or for city staff reading its card ("Address", "Met by").
 */
export function householdParts(
  arrival: ArrivalInfo | null,
  reader: "household" | "staff" = "household",
): Part[] {
  const own = reader === "household";
  if (!arrival) return [{ key: own ? "arrival.info.household_none" : "arrival.staff.card_none" }];
  const parts: Part[] = [{ key: own ? "arrival.info.household" : "arrival.staff.card_heading" }];
  const p = (key: string, params: Record<string, string | number>) =>
    parts.push({ key: `arrival.info.${key}`, params });
  const addressed = (key: "address" | "contact", params: Record<string, string | number>) =>
    own ? p(key, params) : parts.push({ key: `arrival.staff.card_${key}`, params });
  if (arrival.arrivalDate) p("date", { dateAt: arrival.arrivalDate.getTime() });
  if (arrival.meetingPoint) p("meeting", { place: arrival.meetingPoint });
  if (arrival.address) addressed("address", { address: arrival.address });
  if (arrival.contactName || arrival.contactPhone) {
    addressed("contact", { name: arrival.contactName ?? "", phone: arrival.contactPhone ?? "" });
  }
  for (const a of appointmentsOf(arrival.appointments)) {
    p("appointment", { whenAt: Date.parse(a.at), place: a.place, what: a.what });
  }
  return parts;
}

export function eventParts(event: Pick<Event, "kind" | "startsAt" | "place" | "texts">): Part[] {
  return [
    { key: `arrival.kind.${event.kind}` },
    { texts: textsOf(event.texts) },
    { key: "arrival.event.when", params: { startsAt: event.startsAt.getTime(), place: event.place } },
  ];
}

/** One message of several parts, joined: for a single payload built from a heading and blocks. */
export function payload(parts: Part[], buttons?: DeliveryPayload["buttons"]): DeliveryPayload {
  return buttons ? { parts, buttons } : { parts };
}
