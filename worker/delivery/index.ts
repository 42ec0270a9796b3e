import { DelayedError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { DELIVERIES_QUEUE, type DeliveryJob } from "../../shared/delivery";
import { metrics } from "../../shared/metrics";
import type { WorkerDeps } from "../deps";
import { SendLimiter } from "./limiter";
import { recoverDeliveries, settleBroadcasts } from "./recover";
import { deliver } from "./send";

/** how often stuck rows and missing jobs are looked for while running */
const SWEEP_MS = 30_000;
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
  // before our own Worker connects: any worker connected now is another live process
  await recoverDeliveries(deps.db, deps.deliveries, logger, true);
  await settleBroadcasts(deps.db);

  const worker = new Worker<DeliveryJob>(
    DELIVERIES_QUEUE,
    (job, token) => deliver({ ...deps, limiter }, job, token),
    {
      connection,
      prefix: config.QUEUE_PREFIX,
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

  let sweeping = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping
      .then(async () => {
        await recoverDeliveries(deps.db, deps.deliveries, logger, false);
        await settleBroadcasts(deps.db);
      })
      .catch((error: Error) => logger.error({ message: error.message }, "delivery sweep failed"));
  }, SWEEP_MS);
  timer.unref();
  const settling = setInterval(() => {
    settleBroadcasts(deps.db).catch((error: Error) =>
      logger.error({ message: error.message }, "broadcast settle failed"),
    );
  }, SETTLE_MS);
  settling.unref();

  return {
    close: async () => {
      clearInterval(timer);
      clearInterval(settling);
      await worker.close(); // waits for the sends in hand, so none is left in "sending"
      await sweeping;
    },
  };
}
