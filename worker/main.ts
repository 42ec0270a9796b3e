import { Worker } from "bullmq";
import { Telegram } from "telegraf";
import { createDb } from "../shared/db";
import { createI18n } from "../shared/i18n";
import { createLogger } from "../shared/logger";
import { metrics, timed, watchQueues } from "../shared/metrics";
import { listen, opsRoute } from "../shared/ops-http";
import { boot, onShutdown, orExit } from "../shared/process";
import { createDeliveriesQueue, createEventsQueue, type EventJob, eventJob, QUEUES } from "../shared/queues";
import { createRedis } from "../shared/redis";
import { startDeliveries } from "./delivery";
import type { WorkerDeps } from "./deps";
import { intakeSubmitted } from "./jobs/intake-submitted";
import { retentionSweep } from "./jobs/retention";
import { staffDigest } from "./jobs/staff-digest";
import { reconcile } from "./reconcile";
import { keepSweeps } from "./reconcile/schedulers";
import { computeRound } from "./rounds/compute";
import { matchingEngine } from "./rounds/engine";
import { announceAcceptance, expireOfferJob, remindOffer, sendOffers } from "./rounds/offers";

const config = await boot("worker");
const logger = createLogger("worker", config.LOG_LEVEL);
const connection = createRedis(config.REDIS_URL);
const deps: WorkerDeps = {
  config,
  db: createDb(config.DATABASE_URL, config.DB_POOL_SIZE),
  i18n: await createI18n(),
  telegram: new Telegram(
    config.BOT_TOKEN,
    config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {},
  ),
  deliveries: createDeliveriesQueue(connection, config.QUEUE_PREFIX),
  logger,
};

// producers of follow-up jobs (offer reminders and expiry) use their own connection
const eventsQueue = createEventsQueue(createRedis(config.REDIS_URL), config.QUEUE_PREFIX);

// /healthz, /readyz, /metrics (with the job counts of both queues)
watchQueues(eventsQueue, deps.deliveries);
const ops = await orExit(
  listen(config.OPS_HOST, config.WORKER_OPS_PORT, [opsRoute({ db: deps.db, redis: connection })]),
);
logger.info({ listener: "ops", port: ops.port }, "listening");

const events = new Worker<EventJob>(
  QUEUES.events,
  async (job) => {
    const data = eventJob.parse(job.data); // validate at the border: a bad payload fails loudly
    switch (data.kind) {
      case "intake-submitted":
        return intakeSubmitted(deps, data.intakeId);
      case "round-compute":
        return timed(metrics.roundSeconds, () => computeRound(deps, data.roundId, matchingEngine));
      case "round-approved":
        return sendOffers(deps, eventsQueue, data.roundId);
      case "offer-reminder":
        return remindOffer(deps, data.offerId);
      case "offer-expire":
        return expireOfferJob(deps, data.offerId);
      case "offer-accepted":
        return announceAcceptance(deps, data.offerId);
      case "staff-digest":
        return staffDigest(deps);
      case "reconcile":
        return reconcile(deps, eventsQueue);
      case "retention-sweep":
        return retentionSweep({
          db: deps.db,
          queues: { events: eventsQueue, deliveries: deps.deliveries, secret: config.BOT_TOKEN },
          retentionMonths: config.RETENTION_MONTHS,
          logger,
        });
    }
  },
  {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: 4,
    // a worker killed mid-job leaves a stalled job: another worker (or this one, restarted) takes it
    // over after the lock expires
    lockDuration: config.JOB_LOCK_MS,
    stalledInterval: config.JOB_LOCK_MS,
  },
);
events.on("failed", (job, error) =>
  logger.warn({ jobId: job?.id, queue: QUEUES.events, message: error.message }, "job failed"),
);
events.on("error", (error) => logger.error({ message: error.message }, "worker error"));
// the rate limiter's scripts run on their own connection, next to BullMQ's blocking ones
const limiterConnection = createRedis(config.REDIS_URL);
const deliveries = await startDeliveries(deps, connection, limiterConnection);
// registrations, declines and expiries reach caseworkers and admins as one digest per period
// (a sweep, worker/reconcile/schedulers.ts); what Redis lost while this worker was away is re-created before it says it is ready; from then
// on once per interval across all workers (a job scheduler, registered again if Redis lost it)
await reconcile(deps, eventsQueue, false).catch((error: Error) =>
  logger.error({ message: error.message }, "start-up reconciliation failed; the scheduled one follows"),
);
const stopSweeps = await keepSweeps(eventsQueue, config, logger);
logger.info("worker started");

onShutdown(async (signal) => {
  logger.info({ signal }, "worker stopping");
  stopSweeps();
  await Promise.all([events.close(), deliveries.close()]); // wait for the jobs in hand
  await ops.close();
  await eventsQueue.close();
  await deps.deliveries.close();
  await deps.db.$disconnect();
  connection.disconnect();
  limiterConnection.disconnect();
  logger.info("worker stopped");
});
