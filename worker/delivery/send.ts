import { randomUUID } from "node:crypto";
import { DelayedError, type Job } from "bullmq";
import type { Telegram } from "telegraf";
import type { Db } from "../../shared/db";
import { type DeliveryJob, deliveryJob, deliveryPayload } from "../../shared/delivery";
import { type I18n, isLanguage } from "../../shared/i18n";
import type { Logger } from "../../shared/logger";
import { renderPayload } from "../../shared/messages/render";
import { metrics } from "../../shared/metrics";
import { senderAlive } from "./lease";
import type { SendLimiter } from "./limiter";
import { classify } from "./outcome";
import {
  claim,
  type DeliveryRow,
  loadDelivery,
  recordBlocked,
  recordFailed,
  recordInDoubt,
  recordInvalid,
  recordSent,
  releaseForRetry,
} from "./store";

export interface SenderDeps {
  db: Db;
  i18n: I18n;
  telegram: Telegram;
  limiter: SendLimiter;
  logger: Logger;
  /** this worker's lease id (lease.ts): written on the rows it claims */
  sender: string;
}

/** network errors and 5xx: tries in all, then "failed" */
export const MAX_ATTEMPTS = 5;
/** 429s are Telegram asking us to wait, not failures; this only stops an endless loop */
const MAX_RATE_LIMITED = 30;
/** a chat busy for longer than this frees the worker slot and comes back as a delayed job */
const INLINE_CHAT_WAIT_MS = 1500;
/** a request that takes longer is given up: in doubt (an offer is sent again, anything else is "unknown") */
const SEND_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** while the database is away, a job looks again this often (it stays a job, nothing is lost) */
const DB_RETRY_MS = 1000;
/** how long the answer Telegram gave is held while the database is away, before giving up */
const RECORD_PATIENCE_MS = 5 * 60_000;

/**
 * Records what Telegram answered, waiting for the database if it is away: the answer is known
 * now and only here, so it is not dropped for a passing outage (the row would stay "sending",
 * and then be in doubt). Tries again every 250 ms to 2 s, for minutes.
 */
async function persist(deps: SenderDeps, rowId: string, write: () => Promise<unknown>): Promise<void> {
  const until = Date.now() + RECORD_PATIENCE_MS;
  for (let wait = 250; ; wait = Math.min(2000, wait * 2)) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      deps.logger.warn(
        { deliveryId: rowId, message: (error as Error).message },
        "record waits for the database",
      );
      await sleep(wait);
    }
  }
}

/** The row, or null while the database is away. */
async function readRow(db: Db, id: string): Promise<DeliveryRow | null | "unreachable"> {
  try {
    return await loadDelivery(db, id);
  } catch {
    return "unreachable";
  }
}

/** Puts the job back to sleep until `at` (BullMQ: move to delayed, then throw DelayedError). */
async function later(job: Job<DeliveryJob>, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(Math.ceil(at), token);
  throw new DelayedError();
}

/**
 * Sends one Delivery row, at most once. Steps, each safe to repeat:
 * 1. read the row (gone, or already final: nothing to do; left in "sending" by a run whose
 *    worker died: in doubt — an offer is sent again, anything else becomes "unknown"; the
 *    database away: the job looks again a second later);
 * 2. render it in the recipient's language as it is now;
 * 3. wait for its turn in an even schedule, then for a slot under both Telegram limits;
 * 4. claim it: pending → sending, conditional (a second job for the same row finds nothing);
 * 5. send, then record the answer at once (sent + messageId, blocked, back to pending for a retry,
 *    or in doubt when no answer came in time).
 * Between 4 and 5 is the only window where a crash leaves an unknown outcome: see docs/delivery.md.
 */
export async function deliver(deps: SenderDeps, job: Job<DeliveryJob>, token?: string): Promise<string> {
  const { db, limiter } = deps;
  const { deliveryId } = deliveryJob.parse(job.data);
  let row = await readRow(db, deliveryId);
  if (row === "unreachable") return later(job, token, Date.now() + DB_RETRY_MS);
  if (!row) return "gone"; // cancelled (a reminder of a cancelled event) or erased with its person
  if (row.status === "sending") {
    // a run left it between claim and record; if its worker lives, that worker will record it
    if (await senderAlive(db, row.sender)) return "taken";
    if (!(await recordInDoubt(db, row.id))) return "in-doubt";
    row = await readRow(db, deliveryId); // an offer: pending again, sent once more below
    if (row === "unreachable") return later(job, token, Date.now() + DB_RETRY_MS);
    if (!row) return "gone";
  }
  if (row.status !== "pending") return row.status;
  if (row.sendAfter && row.sendAfter.getTime() > Date.now() + 50) {
    return later(job, token, row.sendAfter.getTime()); // rescheduled after the job was queued
  }
  const payload = deliveryPayload.safeParse(row.payload);
  if (!payload.success) {
    await recordInvalid(db, row.id, "invalid payload");
    return "invalid";
  }
  const message = renderPayload(deps.i18n, isLanguage(row.language) ? row.language : "en", payload.data);

  const member = `${row.id}:${randomUUID().slice(0, 8)}`;
  const paced = await limiter.pace();
  if (paced > 0) await sleep(paced);
  for (;;) {
    const slot = await limiter.reserve(row.chatId, member);
    if (slot.ok) break;
    if (slot.reason === "chat" && slot.waitMs > INLINE_CHAT_WAIT_MS) {
      return later(job, token, Date.now() + slot.waitMs);
    }
    await sleep(slot.waitMs + Math.random() * 5);
  }
  const claimed = await claim(db, row.id, deps.sender).catch(() => null);
  if (claimed === null) {
    await limiter.release(row.chatId, member);
    return later(job, token, Date.now() + DB_RETRY_MS);
  }
  if (!claimed) {
    await limiter.release(row.chatId, member);
    return "taken";
  }
  // ── crash window opens: the row says "sending" ──
  let messageId: number;
  try {
    const sent = (await deps.telegram.callApi(
      "sendMessage",
      {
        chat_id: row.chatId.toString(),
        text: message.text,
        ...(message.buttons.length > 0 ? { reply_markup: { inline_keyboard: message.buttons } } : {}),
      },
      // telegraf types the signal from the abort-controller shim; node-fetch takes the native one
      { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) as never },
    )) as { message_id: number };
    messageId = sent.message_id;
  } catch (error) {
    return failed(deps, job, token, row, member, error);
  }
  await persist(deps, row.id, () => recordSent(db, row.id, messageId));
  // ── crash window closed ──
  await limiter.done(row.chatId, member);
  return "sent";
}

async function failed(
  deps: SenderDeps,
  job: Job<DeliveryJob>,
  token: string | undefined,
  row: { id: string; chatId: bigint; attempts: number; userId: string | null },
  member: string,
  error: unknown,
): Promise<string> {
  const { db, limiter, logger } = deps;
  const outcome = classify(error);
  const attempts = row.attempts + 1;
  /** before the next try of a 5xx, a connection never made, or an offer in doubt: 1, 2, 4, 8 s */
  const backoff = Math.min(60_000, 1000 * 2 ** (attempts - 1));
  logger.debug({ deliveryId: row.id, outcome: outcome.kind, attempts }, "send failed");
  if (outcome.kind === "rate") metrics.rateLimited.inc({ process: "worker" });
  switch (outcome.kind) {
    case "rate": {
      // the chat stays closed as long as Telegram asked; the job sleeps as long
      await limiter.done(row.chatId, member, outcome.retryAfterMs);
      if (attempts >= MAX_RATE_LIMITED) {
        await recordFailed(db, row.id, "rate limited too often");
        return "failed";
      }
      await releaseForRetry(db, row.id, `429: retry after ${outcome.retryAfterMs / 1000} s`);
      return later(job, token, Date.now() + outcome.retryAfterMs);
    }
    case "blocked":
      await limiter.done(row.chatId, member);
      await recordBlocked(db, row.id, row.userId);
      return "blocked";
    case "fatal":
      await limiter.done(row.chatId, member);
      await recordFailed(db, row.id, outcome.error);
      return "failed";
    case "retry": {
      await limiter.done(row.chatId, member);
      if (attempts >= MAX_ATTEMPTS) {
        await recordFailed(db, row.id, outcome.error);
        return "failed";
      }
      await releaseForRetry(db, row.id, outcome.error);
      return later(job, token, Date.now() + backoff);
    }
    case "doubt": {
      // the request went out and no answer came: Telegram may show it, so it is not simply retried
      await limiter.done(row.chatId, member);
      logger.warn({ deliveryId: row.id, attempts, error: outcome.error }, "send in doubt");
      if (attempts >= MAX_ATTEMPTS) {
        await recordFailed(db, row.id, outcome.error);
        return "failed";
      }
      if (!(await recordInDoubt(db, row.id, `${outcome.error}: outcome unknown`))) return "in-doubt";
      return later(job, token, Date.now() + backoff); // an offer: sent again
    }
  }
}
