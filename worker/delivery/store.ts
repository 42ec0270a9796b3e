import type { Db } from "../../shared/db";

/**
 * The delivery row is the truth of what was sent. Each step is one SQL statement (no
 * BEGIN/COMMIT round trips, README "Platform notes"), and every state change is conditional on
 * the state it expects, so two runs of the same job cannot both act.
 */
export interface DeliveryRow {
  id: string;
  status: "pending" | "sending" | "sent" | "failed" | "blocked";
  chatId: bigint;
  payload: unknown;
  sendAfter: Date | null;
  attempts: number;
  userId: string | null;
  /** the recipient's language now: the person's, else the staff member's for that chat */
  language: string | null;
}

/** What the worker says in `error` when it cannot know whether Telegram delivered the message. */
export const INTERRUPTED = "interrupted: outcome unknown, not sent again";

export async function loadDelivery(db: Db, id: string): Promise<DeliveryRow | null> {
  const rows = await db.$queryRaw<DeliveryRow[]>`
    SELECT d.id, d.status::text AS status, d."chatId", d.payload, d."sendAfter", d.attempts, d."userId",
      COALESCE(u.language,
        (SELECT s.language FROM "StaffMember" s WHERE s."chatId" = d."chatId" LIMIT 1)) AS language
    FROM "Delivery" d LEFT JOIN "User" u ON u.id = d."userId"
    WHERE d.id = ${id}`;
  return rows[0] ?? null;
}

/** pending → sending, right before the request goes out. False: someone else has it, or it is gone. */
export async function claim(db: Db, id: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Delivery" SET status = 'sending', attempts = attempts + 1, "updatedAt" = now()
    WHERE id = ${id} AND status = 'pending'`;
  return n === 1;
}

/**
 * Telegram accepted the message. Not conditional: if a recovery meanwhile wrote the row off as
 * interrupted (it never sends, only labels), the truth we now know wins.
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

/** A row a dead sender left in "sending": Telegram may or may not have it, so it is never sent again. */
export async function recordInterrupted(db: Db, id: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'failed', error = ${INTERRUPTED}, "updatedAt" = now()
    WHERE id = ${id} AND status = 'sending'`;
}

/** A payload that does not parse cannot become valid by waiting. */
export async function recordInvalid(db: Db, id: string, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET status = 'failed', error = ${error}, "updatedAt" = now()
    WHERE id = ${id} AND status = 'pending'`;
}
