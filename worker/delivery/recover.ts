import type { Queue } from "bullmq";
import type { Db } from "../../shared/db";
import type { DeliveryJob } from "../../shared/delivery";
import type { Logger } from "../../shared/logger";
import { INTERRUPTED } from "./store";

/** Job states in which the row will be looked at again without our help. */
const ALIVE = new Set(["waiting", "delayed", "prioritized", "waiting-children"]);
const PAGE = 1000;
/** a row can be "sending" only as long as one request takes; far older means its sender died */
const STUCK_AFTER_MS = 10 * 60_000;

export interface Recovery {
  interrupted: number;
  requeued: number;
}

/**
 * Makes Redis agree with the database again; the rows are the truth, jobs only nudges.
 * - Rows in "sending": their sender died between claim and record, so nobody can know whether
 *   Telegram delivered them. They are written off as failed ("interrupted"), never sent again.
 *   At start-up that is every such row if no other delivery worker is connected (a killed
 *   worker's Redis connection is gone at once); otherwise only rows older than any send can take.
 * - Pending rows without a waiting or delayed job (lost between `createMany` and `addBulk`, or
 *   held by a dead worker's active job) get a new job. A second job for a row is harmless: the
 *   conditional claim lets only one of them send.
 */
export async function recoverDeliveries(
  db: Db,
  queue: Queue<DeliveryJob>,
  logger: Logger,
  atStartup: boolean,
): Promise<Recovery> {
  const othersAlive = atStartup ? (await queue.getWorkers()).length > 0 : true;
  const interrupted = othersAlive
    ? await db.$executeRaw`
        UPDATE "Delivery" SET status = 'failed', error = ${INTERRUPTED}, "updatedAt" = now()
        WHERE status = 'sending' AND "updatedAt" < ${new Date(Date.now() - STUCK_AFTER_MS)}`
    : await db.$executeRaw`
        UPDATE "Delivery" SET status = 'failed', error = ${INTERRUPTED}, "updatedAt" = now()
        WHERE status = 'sending'`;

  let requeued = 0;
  let after = "";
  const stamp = Date.now();
  for (;;) {
    const rows = await db.delivery.findMany({
      where: { status: "pending", id: { gt: after } },
      select: { id: true, sendAfter: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (rows.length === 0) break;
    after = rows.at(-1)?.id ?? after;
    const states = await Promise.all(rows.map((r) => queue.getJobState(r.id)));
    const now = Date.now();
    const missing = rows
      .map((row, i) => ({ row, state: states[i] ?? "unknown" }))
      // an active job belongs to a live worker, unless none is left to own it
      .filter(({ state }) => !ALIVE.has(state) && !(state === "active" && othersAlive));
    await queue.addBulk(
      missing.map(({ row, state }, i) => ({
        name: "deliver",
        data: { deliveryId: row.id },
        opts: {
          // the original id may still be taken by a finished or orphaned job
          jobId: state === "unknown" ? row.id : `${row.id}-r${stamp}-${i}`,
          delay: row.sendAfter ? Math.max(0, row.sendAfter.getTime() - now) : 0,
        },
      })),
    );
    requeued += missing.length;
  }
  if (interrupted > 0 || requeued > 0) {
    logger.warn({ interrupted, requeued, atStartup }, "deliveries recovered");
  }
  return { interrupted, requeued };
}

/**
 * Broadcasts move on by the clock and by their rows: a scheduled one starts when its time has
 * come; one whose rows are all final is done.
 */
export async function settleBroadcasts(db: Db): Promise<void> {
  await db.$executeRaw`
    UPDATE "Broadcast" SET status = 'sending', "startedAt" = COALESCE("startedAt", now())
    WHERE status = 'scheduled' AND "scheduledAt" <= now()`;
  await db.$executeRaw`
    UPDATE "Broadcast" b SET status = 'done', "finishedAt" = now()
    WHERE b.status = 'sending' AND NOT EXISTS (
      SELECT 1 FROM "Delivery" d WHERE d."broadcastId" = b.id AND d.status IN ('pending', 'sending'))`;
}
