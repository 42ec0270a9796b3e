import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type { Db } from "../../shared/db";
import type { Logger } from "../../shared/logger";

/**
 * A delivery worker's lease: one WorkerLease row per running process, renewed every
 * HEARTBEAT_MS. The rows a worker claims for sending carry its id (Delivery.sender); while its
 * lease is fresh and its delivery Worker (named after the lease) is connected to Redis, nobody
 * else takes them for "in doubt", however many workers run. A killed worker's Redis connections
 * close at once, so its rows are in doubt at once; one that hangs stops renewing and is taken
 * for dead LEASE_TTL_MS later.
 */
export const HEARTBEAT_MS = 2000;
export const LEASE_TTL_MS = 10_000;

/**
 * The leases this process holds: it is alive, whatever its heartbeat row or its Redis client list
 * say at a busy moment (a renewal stuck behind a full pool, a blocking connection reconnecting),
 * so its own sends are never taken for in doubt by its own recovery.
 */
const ours = new Set<string>();

export interface Lease {
  id: string;
  stop(): Promise<void>;
}

export async function takeLease(db: Db, logger: Logger): Promise<Lease> {
  const id = `w-${randomUUID()}`;
  await db.workerLease.create({ data: { id } });
  ours.add(id);
  const timer = setInterval(() => {
    db.workerLease
      .upsert({ where: { id }, create: { id }, update: { heartbeatAt: new Date() } })
      .catch((error: Error) => logger.warn({ message: error.message }, "worker lease not renewed"));
  }, HEARTBEAT_MS);
  timer.unref();
  // leases of processes gone for long are only history
  await db.workerLease.deleteMany({ where: { heartbeatAt: { lt: new Date(Date.now() - 3600_000) } } });
  return {
    id,
    stop: async () => {
      clearInterval(timer);
      ours.delete(id);
      await db.workerLease.deleteMany({ where: { id } });
    },
  };
}

/** Whether the worker that claimed a row is still alive (this process, or a fresh lease). */
export async function senderAlive(db: Db, sender: string | null): Promise<boolean> {
  if (!sender) return false;
  if (ours.has(sender)) return true;
  const lease = await db.workerLease.findUnique({ where: { id: sender } });
  return !!lease && lease.heartbeatAt.getTime() > Date.now() - LEASE_TTL_MS;
}

/**
 * The workers alive now: a fresh lease, and (when Redis answers) connected under that name. A
 * Redis that cannot list its clients leaves the leases alone to decide.
 */
export async function liveSenders(db: Db, queue: Queue): Promise<string[]> {
  const fresh = await db.workerLease.findMany({
    where: { heartbeatAt: { gt: new Date(Date.now() - LEASE_TTL_MS) } },
    select: { id: true },
  });
  const connected = await queue
    .getWorkers()
    .then((workers) => new Set(workers.map((w) => String(w.rawname ?? "").split(":w:")[1] ?? "")))
    .catch(() => null);
  const others = fresh.map((l) => l.id).filter((id) => !ours.has(id) && (!connected || connected.has(id)));
  return [...ours, ...others];
}
