import type { Db } from "../../shared/db";
import { INTERRUPTED } from "../../shared/delivery";
import { Prisma } from "../../shared/generated/prisma/client";

export { INTERRUPTED };

/**
 * The delivery row is the truth of what was sent. Each step is one SQL statement (no
 * BEGIN/COMMIT round trips, README "Platform notes"), and every state change is conditional on
 * the state it expects, so two runs of the same job cannot both act.
 */
export interface DeliveryRow {
  id: string;
  status: "pending" | "sending" | "sent" | "failed" | "blocked" | "unknown";
  kind: string;
  /** the worker (lease id) that claimed it for sending */
  sender: string | null;
  chatId: bigint;
  payload: unknown;
  sendAfter: Date | null;
  attempts: number;
  userId: string | null;
  /** the recipient's language now: the person's, else the staff member's for that chat */
  language: string | null;
}

/** … and for a message that is sent again because showing it twice is harmless. */
export const RESENT = `${INTERRUPTED}, sent again`;
/**
 * Kinds whose message may be shown twice, but must not be missing: an offer and its reminder
 * (their buttons are idempotent: a second tap changes nothing). A row of these kinds in doubt is
 * sent again; any other (a broadcast, a notice) becomes "unknown" and staff decide.
 */
export const RESEND_IN_DOUBT = ["offer", "offer-reminder"];

/**
 * The SET of a row taken for in doubt: by its worker's successor or the recovery (interrupted),
 * or by its own sender when Telegram gave no answer in time (`error` then says so).
 */
export function inDoubt(error = INTERRUPTED) {
  return Prisma.sql`
  status = (CASE WHEN kind = ANY(${RESEND_IN_DOUBT}) THEN 'pending' ELSE 'unknown' END)::"DeliveryStatus",
  error = CASE WHEN kind = ANY(${RESEND_IN_DOUBT}) THEN ${`${error}, sent again`} ELSE ${error} END,
  sender = NULL, "updatedAt" = now()`;
}

export async function loadDelivery(db: Db, id: string): Promise<DeliveryRow | null> {
  const rows = await db.$queryRaw<DeliveryRow[]>`
    SELECT d.id, d.status::text AS status, d.kind, d.sender, d."chatId", d.payload, d."sendAfter", d.attempts, d."userId",
      COALESCE(u.language,
        (SELECT s.language FROM "StaffMember" s WHERE s."chatId" = d."chatId" LIMIT 1)) AS language
    FROM "Delivery" d LEFT JOIN "User" u ON u.id = d."userId"
    WHERE d.id = ${id}`;
  return rows[0] ?? null;
}

/** pending → sending, right before the request goes out. False: someone else has it, or it is gone. */
export async function claim(db: Db, id: string, sender: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Delivery" SET status = 'sending', sender = ${sender}, attempts = attempts + 1, "updatedAt" = now()
    WHERE id = ${id} AND status = 'pending'`;
  return n === 1;
}

/**
 * Telegram accepted the message. Not conditional: if a recovery meanwhile took the row for in
 * doubt, the truth we now know wins.
 */
export async function recordSent(db: Db, id: string, messageId: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'sent', "messageId" = ${messageId}, "sentAt" = now(), error = NULL,
      "updatedAt" = now()
    WHERE id = ${id}`;
}

/** Not sent, to be tried again later (429, network, 5xx): back to pending. */
export async function releaseForRetry(db: Db, id: string, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'pending', error = ${error}, "updatedAt" = now()
    WHERE id = ${id} AND status = 'sending'`;
}

export async function recordFailed(db: Db, id: string, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'failed', error = ${error}, "updatedAt" = now()
    WHERE id = ${id} AND status = 'sending'`;
}

/** 403: the person blocked the bot. No retry; the person is marked unreachable. */
export async function recordBlocked(db: Db, id: string, userId: string | null): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'blocked', error = 'blocked by the user', "updatedAt" = now()
    WHERE id = ${id} AND status = 'sending'`;
  if (userId) await db.$executeRaw`UPDATE "User" SET unreachable = true WHERE id = ${userId}`;
}

/**
 * A row in "sending" whose outcome is unknown (its sender died, or Telegram did not answer in
 * time): Telegram may or may not have it. An offer goes back to pending (sent again: at worst
 * shown twice, never missing); anything else becomes "unknown". True when it went back to pending.
 */
export async function recordInDoubt(db: Db, id: string, error = INTERRUPTED): Promise<boolean> {
  const rows = await db.$queryRaw<{ status: string }[]>`
    UPDATE "Delivery" SET ${inDoubt(error)}
    WHERE id = ${id} AND status = 'sending'
    RETURNING status::text AS status`;
  return rows[0]?.status === "pending";
}

/** A payload that does not parse cannot become valid by waiting. */
export async function recordInvalid(db: Db, id: string, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'failed', error = ${error}, "updatedAt" = now()
    WHERE id = ${id} AND status = 'pending'`;
}
