import { parseHouseholdRef } from "../../core/reference";
import { householdOf, PLACED } from "../../shared/city/store";
import type { Db } from "../../shared/db";
import type { Broadcast, Prisma } from "../../shared/generated/prisma/client";

/**
 * The bot's own city lists and drafts (the data access it shares with the console is in
 * shared/city/store.ts). Every query is filtered by the staff member's municipality.
 */

/** One page of a list in chat: what staff see at once, with buttons to the others. */
export const PAGE_SIZE = 10;

/** The households placed in the city, one page (0-based) at a time, and how many there are. */
export async function householdsOf(db: Db, municipalityId: string, page = 0) {
  const where = { municipalityId, status: PLACED };
  const [rows, total] = await Promise.all([
    db.intake.findMany({
      where,
      include: { arrival: true },
      orderBy: [{ placedAt: "asc" }, { id: "asc" }],
      skip: page * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    db.intake.count({ where }),
  ]);
  return { rows, total };
}

/**
 * A household of the city by what staff typed: its short reference (#8F5085, any case, with or
 * without #, core/reference.ts) or its id. Null when none, or when a reference fits two.
 */
export async function householdByRef(db: Db, municipalityId: string, typed: string) {
  const suffix = parseHouseholdRef(typed);
  if (!suffix) return householdOf(db, municipalityId, typed);
  const found = await db.intake.findMany({
    where: { id: { endsWith: suffix }, municipalityId, status: PLACED },
    include: { arrival: true },
    take: 2,
  });
  return found.length === 1 ? (found[0] ?? null) : null;
}

/** The city's coming events, one page (0-based) at a time, and how many there are. */
export async function upcomingEvents(db: Db, municipalityId: string, page = 0) {
  const where = { municipalityId, cancelled: false, startsAt: { gt: new Date() } };
  const [rows, total] = await Promise.all([
    db.event.findMany({
      where,
      include: { _count: { select: { registrations: true } } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      skip: page * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    db.event.count({ where }),
  ]);
  return { rows, total };
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

/** Broadcasts sent or scheduled, newest first, a page of 5 cards at a time, and how many there are. */
export const BROADCAST_PAGE = 5;
export async function recentBroadcasts(db: Db, municipalityId: string, page = 0) {
  const where = { municipalityId, status: { not: "draft" as const } };
  const [rows, total] = await Promise.all([
    db.broadcast.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: page * BROADCAST_PAGE,
      take: BROADCAST_PAGE,
    }),
    db.broadcast.count({ where }),
  ]);
  return { rows, total };
}
