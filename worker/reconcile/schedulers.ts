import type { Queue } from "bullmq";
import type { Config } from "../../shared/config";
import type { Logger } from "../../shared/logger";
import type { EventJob } from "../../shared/queues";
import { STAFF_DIGEST_SCHEDULER } from "../jobs/staff-digest";

/**
 * The periodic sweeps, as BullMQ job schedulers: one job per interval for all workers together
 * (whichever worker takes it runs it), never one per worker. Add a sweep here to have it run once
 * per interval and come back by itself after Redis lost it.
 */
export interface Sweep {
  id: string;
  /** every so many milliseconds, or at the times of a cron pattern (Berlin time) */
  repeat: { every: number } | { pattern: string; tz: "Europe/Berlin" };
  data: EventJob;
}

export function sweeps(config: Config): Sweep[] {
  return [
    { id: "reconcile", repeat: { every: config.RECONCILE_INTERVAL_MS }, data: { kind: "reconcile" } },
    {
      id: STAFF_DIGEST_SCHEDULER,
      repeat: { every: Math.round(config.STAFF_DIGEST_MINUTES * 60_000) },
      data: { kind: "staff-digest" },
    },
    // reminders and erasure of people inactive for RETENTION_MONTHS, daily at 03:00 (worker/jobs/retention.ts)
    {
      id: "retention-sweep",
      repeat: { pattern: "0 3 * * *", tz: "Europe/Berlin" },
      data: { kind: "retention-sweep" },
    },
  ];
}

async function upsert(events: Queue<EventJob>, sweep: Sweep): Promise<void> {
  await events.upsertJobScheduler(sweep.id, sweep.repeat, {
    name: sweep.data.kind,
    data: sweep.data,
    // a sweep that fails is simply run again at its next turn
    opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  });
}

/**
 * Registers the sweeps (at start: with this configuration's intervals), then checks every
 * interval that they are still there: a scheduler lost with Redis is registered again by the
 * first worker that notices. Returns a stop function.
 */
export async function keepSweeps(
  events: Queue<EventJob>,
  config: Config,
  logger: Logger,
): Promise<() => void> {
  const all = sweeps(config);
  for (const sweep of all) await upsert(events, sweep);
  const timer = setInterval(() => {
    void (async () => {
      for (const sweep of all) {
        if (await events.getJobScheduler(sweep.id)) continue;
        logger.warn({ scheduler: sweep.id }, "job scheduler missing: registered again");
        await upsert(events, sweep);
      }
    })().catch((error: Error) => logger.error({ message: error.message }, "job scheduler check failed"));
  }, config.RECONCILE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
