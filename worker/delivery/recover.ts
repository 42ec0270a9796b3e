import type { Queue } from "bullmq";
import type { Db } from "../../shared/db";
import type { DeliveryJob } from "../../shared/delivery";
import type { Logger } from "../../shared/logger";
import { liveSenders } from "./lease";
import { inDoubt } from "./store";

/** Job states in which the row will be looked at again without our help. */
const ALIVE = new Set(["waiting", "delayed", "prioritized", "waiting-children"]);
const PAGE = 1000;
/** a row without a sender (claimed before leases existed) is in doubt when far older than any send */
const STUCK_AFTER_MS = 10 * 60_000;

export interface Recovery {
  /** rows whose sender died between claim and record */
  inDoubt: number;
  /** of those, offers sent again */
  resent: number;
  /** pending rows that had no job */
  requeued: number;
}

/**
 * A job for each row that has none that will run: under the row's own id, so that looking again
 * finds it and adds nothing more. A finished job under that id (the row was sent back to pending
 * after its job ended) is replaced; an active one is left to its worker — if that worker died,
 * BullMQ's stalled check hands the job to another within JOB_LOCK_MS.
 */
async function nudge(
  queue: Queue<DeliveryJob>,
  rows: { id: string; sendAfter: Date | null }[],
  alive: Set<string>,
) {
  const states = await Promise.all(rows.map((r) => queue.getJobState(r.id)));
  const found = rows.map((row, i) => ({ row, state: states[i] ?? "unknown" }));
  const missing = found.filter(({ state }) => !ALIVE.has(state) && state !== "active");
  // an active job held by a dead worker (named after its lease) would wait for the stalled
  // check: a job of its own now, under a new id (the old one is still taken)
  const held = await Promise.all(
    found
      .filter(({ state }) => state === "active")
      .map(async ({ row }) => ({ row, by: (await queue.getJob(row.id))?.processedBy })),
  );
  const orphaned = held.filter(({ by }) => by?.startsWith("w-") && !alive.has(by)).map(({ row }) => row);
  await Promise.all(
    missing
      .filter(({ state }) => state !== "unknown")
      .map(({ row }) => queue.remove(row.id).catch(() => undefined)),
  );
  const now = Date.now();
  const delay = (r: { sendAfter: Date | null }) =>
    r.sendAfter ? Math.max(0, r.sendAfter.getTime() - now) : 0;
  await queue.addBulk([
    ...missing.map(({ row: r }) => ({
      name: "deliver",
      data: { deliveryId: r.id },
      opts: { jobId: r.id, delay: delay(r) },
    })),
    ...orphaned.map((r) => ({
      name: "deliver",
      data: { deliveryId: r.id },
      opts: { jobId: `${r.id}-r${now}`, delay: delay(r) },
    })),
  ]);
  return missing.length + orphaned.length;
}

/**
 * Rows in "sending" whose sender is gone (worker/delivery/lease.ts): nobody
 * can know whether Telegram delivered them. Offers go back to pending and are sent again (shown
 * twice at worst, never missing); the rest become "unknown" (staff see them and may send them
 * again). A live worker's rows, however many workers run, are left alone.
 */
async function settleInDoubt(db: Db, alive: string[], before: Date) {
  const rows = await db.$queryRaw<{ status: string }[]>`
    UPDATE "Delivery" d SET ${inDoubt()}
    WHERE d.status = 'sending' AND d."updatedAt" < ${before} AND (
      (d.sender IS NULL AND d."updatedAt" < ${new Date(Date.now() - STUCK_AFTER_MS)})
      OR (d.sender IS NOT NULL AND NOT (d.sender = ANY(${alive}))))
    RETURNING d.status::text AS status`;
  return { inDoubt: rows.length, resent: rows.filter((r) => r.status === "pending").length };
}

/**
 * Makes Redis agree with the database again; the rows are the truth, jobs only nudges.
 * - Rows in "sending" whose sender died: in doubt (above).
 * - Pending rows without a job that will run (lost between `createMany` and `addBulk`, lost
 *   with Redis, given up while the database was away, or just sent back from doubt) get one.
 *   A second job for a row is harmless: the conditional claim lets only one of them send.
 */
export async function recoverDeliveries(
  db: Db,
  queue: Queue<DeliveryJob>,
  logger: Logger,
): Promise<Recovery> {
  // the database's clock before the live workers are read: a worker that starts and claims rows
  // after that moment is not in the list, and its rows are not judged by it
  const [{ now }] = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`) as [{ now: Date }];
  const alive = await liveSenders(db, queue);
  const doubt = await settleInDoubt(db, alive, now);
  let requeued = 0;
  let after = "";
  for (;;) {
    const rows = await db.delivery.findMany({
      where: { status: "pending", id: { gt: after } },
      select: { id: true, sendAfter: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (rows.length === 0) break;
    after = rows.at(-1)?.id ?? after;
    requeued += await nudge(queue, rows, new Set(alive));
  }
  const recovery = { ...doubt, requeued };
  if (recovery.inDoubt > 0 || requeued > 0) logger.warn(recovery, "deliveries recovered");
  return recovery;
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
