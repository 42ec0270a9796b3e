import { DelayedError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { DELIVERIES_QUEUE, type DeliveryJob } from "../../shared/delivery";
import { metrics } from "../../shared/metrics";
import type { WorkerDeps } from "../deps";
import { takeLease } from "./lease";
import { SendLimiter } from "./limiter";
import { recoverDeliveries, settleBroadcasts } from "./recover";
import { deliver } from "./send";

/** how often scheduled broadcasts start and finished ones are marked done */
const SETTLE_MS = 3_000;

/**
 * The worker side of the one delivery path (shared/delivery.ts is the producers' side). Recovers
 * what a previous run left before taking jobs, then sends within Telegram's limits.
 */
export async function startDeliveries(
  deps: WorkerDeps,
  connection: Redis,
  limiterConnection: Redis,
): Promise<{ close(): Promise<void> }> {
  const { config, logger } = deps;
  const limiter = new SendLimiter(limiterConnection, config.QUEUE_PREFIX, {
    perSecond: config.SEND_RATE_PER_SECOND,
    chatIntervalMs: config.SEND_CHAT_INTERVAL_MS,
  });
  // this process's lease: the rows it claims carry its id, and nobody takes them for in doubt
  // while it lives (worker/delivery/lease.ts)
  const lease = await takeLease(deps.db, logger);
  await recoverDeliveries(deps.db, deps.deliveries, logger);
  await settleBroadcasts(deps.db);

  const worker = new Worker<DeliveryJob>(
    DELIVERIES_QUEUE,
    (job, token) => deliver({ ...deps, limiter, sender: lease.id }, job, token),
    {
      connection,
      prefix: config.QUEUE_PREFIX,
      // named after the lease: other workers see this process is connected (lease.ts)
      name: lease.id,
      // a killed worker's jobs go to another one this soon (the rows decide what is sent); not
      // shorter than 5 s, so that a busy event loop does not lose the locks of live sends
      lockDuration: Math.max(5000, config.JOB_LOCK_MS),
      stalledInterval: Math.max(5000, config.JOB_LOCK_MS),
      // enough requests in flight to fill the allowed rate (a send takes a few ms to 100s of ms)
      concurrency: Math.min(64, Math.max(8, config.SEND_RATE_PER_SECOND)),
    },
  );
  worker.on("completed", (_job, outcome) => metrics.deliveries.inc({ outcome: String(outcome) }));
  worker.on("failed", (job, error) => {
    if (error instanceof DelayedError) return;
    metrics.deliveries.inc({ outcome: "error" });
    logger.warn({ jobId: job?.id, queue: DELIVERIES_QUEUE, message: error.message }, "delivery job failed");
  });
  worker.on("error", (error) => logger.error({ message: error.message }, "delivery worker error"));

  // stuck rows and missing jobs while running: the reconciler's sweep (worker/reconcile/), once
  // per interval across all workers
  const settling = setInterval(() => {
    settleBroadcasts(deps.db).catch((error: Error) =>
      logger.error({ message: error.message }, "broadcast settle failed"),
    );
  }, SETTLE_MS);
  settling.unref();

  return {
    close: async () => {
      clearInterval(settling);
      await worker.close(); // waits for the sends in hand, so none is left in "sending"
      await lease.stop();
    },
  };
}
