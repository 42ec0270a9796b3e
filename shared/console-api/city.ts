/**
 * The console's city API as the server sends it and the browser reads it (web/city,
 * web/routes/city.ts → web/client/src/pages/city). Types only, importing nothing but this
 * folder: both tsconfigs include it, so a shape that drifts on either side does not compile.
 * Moments are ISO strings; texts are per language.
 */
import type { HouseholdBasics, PreArrivalCard } from "./households";

export type Texts = Partial<Record<string, string>>;

export interface ArrivalRow extends HouseholdBasics {
  placedAt: string | null;
  arrivedAt: string | null;
  arrivalDate: string | null;
  appointments: number;
}

/** One page of the households placed in the clerk's municipality. */
export interface ArrivalsPage {
  municipality: { id: string; name: string };
  total: number;
  page: number;
  pageSize: number;
  rows: ArrivalRow[];
}

export interface Appointment {
  at: string;
  place: string;
  what: string;
}

/** An event as a list shows it: its title in the clerk's language (else the first one given). */
export interface CityEvent {
  id: string;
  kind: string;
  startsAt: string;
  place: string;
  title: string;
  cancelled: boolean;
}

/** A row of the city's events, with how many households registered or cannot come. */
export interface CityEventRow extends CityEvent {
  registered: number;
  declined: number;
}

/** An event on a household's card, with the household's answer to it. */
export interface HouseholdEvent extends CityEvent {
  answer: "registered" | "cannot_come";
  attendedAt: string | null;
}

/** One household as the city sees it (web/city/arrivals.ts `arrivalCard`). */
export interface CityCard {
  id: string;
  ref: string;
  status: string;
  /** the household's chat language */
  language: string;
  placedAt: string | null;
  arrivedAt: string | null;
  facts: {
    persons: number | null;
    children: number | null;
    needs: string[];
    languages: string[];
    travelDate: string | null;
  };
  /** where this city stood in the household's own ranking, null if unranked */
  ranking: { position: number; of: number } | null;
  /** every answer in the clerk's language */
  sections: { title: string; items: { label: string; value: string }[] }[];
  arrival: {
    /** the details' version the form edits (a concurrent save is refused) */
    version: number;
    arrivalDate: string | null;
    meetingPoint: string | null;
    address: string | null;
    contactName: string | null;
    contactPhone: string | null;
    appointments: Appointment[];
  };
  events: HouseholdEvent[];
  questions: { at: string; status: string; text: string }[];
  preArrival: PreArrivalCard | null;
}

/** A household on an event's page. */
export interface EventHousehold {
  id: string;
  ref: string;
  persons: number | null;
}

/** One event with every text and who answered. */
export interface EventView {
  id: string;
  kind: string;
  startsAt: string;
  place: string;
  texts: Texts;
  cancelled: boolean;
  registered: (EventHousehold & { registeredAt: string; attendedAt: string | null })[];
  declined: (EventHousehold & { at: string })[];
}

/** What became of a broadcast, each recipient counted once by its latest delivery. */
export interface BroadcastStats {
  /** households the broadcast was meant for */
  total: number;
  /** handed to Telegram and answered: delivered + failed + blocked + unknown */
  sent: number;
  /** Telegram accepted it (has a message id) */
  delivered: number;
  failed: number;
  blocked: number;
  /** the worker was stopped while sending: Telegram may or may not have it (never sent twice) */
  unknown: number;
  /** waiting for its time or its turn, or in flight right now */
  pending: number;
}

export interface BroadcastRow {
  id: string;
  /** "placed", "not_arrived", "selection" or "event" */
  audience: string;
  selected: number;
  status: string;
  texts: Texts;
  scheduledAt: string | null;
  startedAt: string | null;
  createdAt: string;
  stats: BroadcastStats;
}

export interface BroadcastPage {
  total: number;
  page: number;
  pageSize: number;
  rows: BroadcastRow[];
}

/** The clerk's own municipality: capacity and what is taken, per dimension. */
export interface CapacityView {
  id: string;
  name: string;
  dimensions: readonly string[];
  capacity: Record<string, number>;
  taken: Record<string, number>;
}

/** What the municipality looks for (its side of the matching), and the sectors to choose from. */
export interface CityCriteria {
  seeksFamilies: boolean;
  jobSectors: string[];
  sectors: readonly string[];
}

/** Every household a filter of arrivals finds (for "choose all"), at most 500. */
export interface ArrivalIds {
  ids: string[];
}

/** How a message reads in one language. */
export interface Preview {
  text: string;
}

/** An event created, and how many households were told of it. */
export interface EventCreated {
  id: string;
  told: number;
}

/** An event changed or cancelled, and how many households were told. */
export interface EventTold {
  told: number;
}

/** A broadcast sent again to those it did not reach (failed or outcome unknown). */
export interface Resent {
  queued: number;
}

/** The same arrival details for many households: changed (and told) where they differed. */
export interface BulkDetailsDone {
  households: number;
  changed: number;
  told: number;
}

/** A bulk appointment: added (and told) where there was room and it was not there already. */
export interface BulkAppointmentDone {
  households: number;
  changed: number;
  /** had this appointment already */
  already: number;
  /** had MAX_APPOINTMENTS already: nothing added */
  full: number;
  told: number;
}
