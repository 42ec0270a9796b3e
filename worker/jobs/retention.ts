import type { Db } from "../../shared/db";
import { queueDeliveries } from "../../shared/delivery";
import { type ErasureQueues, eraseUser } from "../../shared/erasure";
import type { Logger } from "../../shared/logger";
import { formatBerlin } from "../../shared/messages/time";

/** How long before the erasure people are reminded, and what a sweep handles at most per run. */
export const REMINDER_DAYS = 14;
const BATCH = 500;
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  db: Db;
  queues: ErasureQueues;
  retentionMonths: number;
  logger: Logger;
}

/** `months` calendar months before `now`. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * The daily retention sweep (a BullMQ job scheduler, worker/main.ts). The consent text promises
 * erasure after RETENTION_MONTHS without a message or tap (`User.lastActiveAt`, kept by the bot):
 * 14 days before, the person is reminded ("send /start to keep it"); once the time is up and the
 * reminder is at least 14 days old, their data is erased exactly as /delete does (shared/erasure.ts).
 * Any message in between moves `lastActiveAt` and clears the reminder. `now` is passed in, so
 * tests run it on a controlled clock; running it twice reminds and erases nothing twice.
 */
export async function retentionSweep(deps: RetentionDeps, now = new Date()) {
  const { db } = deps;
  const cutoff = monthsBefore(now, deps.retentionMonths);
  const remindBefore = new Date(cutoff.getTime() + REMINDER_DAYS * DAY_MS);

  const due = await db.user.findMany({
    where: { lastActiveAt: { lte: remindBefore }, retentionRemindedAt: null },
    select: { id: true, chatId: true, lastActiveAt: true },
    take: BATCH,
  });
  for (const user of due) {
    // the erasure date is never earlier than 14 days after the reminder
    const erasureAt = new Date(
      Math.max(
        monthsBefore(user.lastActiveAt, -deps.retentionMonths).getTime(),
        now.getTime() + REMINDER_DAYS * DAY_MS,
      ),
    );
    await queueDeliveries(db, deps.queues.deliveries, [
      {
        key: `retention-reminder:${user.id}:${user.lastActiveAt.getTime()}`,
        kind: "retention-reminder",
        userId: user.id,
        chatId: user.chatId,
        payload: {
          parts: [{ key: "retention.reminder", params: { date: formatBerlin(erasureAt).slice(0, 10) } }],
        },
      },
    ]);
    await db.user.updateMany({
      where: { id: user.id, lastActiveAt: user.lastActiveAt },
      data: { retentionRemindedAt: now },
    });
  }

  const expired = await db.user.findMany({
    where: {
      lastActiveAt: { lte: cutoff },
      retentionRemindedAt: { lte: new Date(now.getTime() - REMINDER_DAYS * DAY_MS) },
    },
    select: { id: true },
    take: BATCH,
  });
  let erased = 0;
  for (const user of expired) if (await eraseUser(db, deps.queues, user.id)) erased++;
  deps.logger.info({ event: "retention.sweep", reminded: due.length, erased }, "retention sweep");
  return { reminded: due.length, erased };
}

/** Every night at 03:00 Berlin time; upserting the scheduler at each start keeps one of it. */
