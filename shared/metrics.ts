import type { JobType, Queue } from "bullmq";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The Prometheus metrics of every process, in one registry served at /metrics (shared/ops-http.ts).
 * Each process moves the ones it owns; the others stay at zero there. Labels are kinds and
 * outcomes, never ids or anything personal.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const registers = [registry];

/** the queues whose job counts this process reports (the worker's, the console's) */
const watched = new Set<Queue>();
const JOB_STATES: JobType[] = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "failed",
  "completed",
  "paused",
];

export const metrics = {
  /** bot: every update, by type and whether its handler failed */
  updates: new Counter({
    name: "rematch_bot_updates_total",
    help: "Telegram updates handled by the bot, by update type and outcome (ok, error)",
    labelNames: ["type", "outcome"] as const,
    registers,
  }),
  /** bot: from the update's arrival to the end of its handling (queueing behind the same chat included) */
  updateSeconds: new Histogram({
    name: "rematch_bot_update_duration_seconds",
    help: "Time to handle one Telegram update, by update type",
    labelNames: ["type"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  }),
  /** bot: how long an update waited for its chat's lock, held by another bot process (or none) */
  chatLockSeconds: new Histogram({
    name: "rematch_bot_chat_lock_wait_seconds",
    help: "Time an update waited for its chat's lock across bot processes, by whether it had to wait",
    labelNames: ["waited"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  }),
  /** worker: one delivery job's result (sent, blocked, failed, gone, taken, interrupted, invalid, error) */
  deliveries: new Counter({
    name: "rematch_deliveries_total",
    help: "Delivery jobs finished, by outcome",
    labelNames: ["outcome"] as const,
    registers,
  }),
  /** every 429 Telegram answered, in whichever process got it */
  rateLimited: new Counter({
    name: "rematch_telegram_rate_limited_total",
    help: "Telegram 429 answers (Too Many Requests), by process",
    labelNames: ["process"] as const,
    registers,
  }),
  /** worker: a round-compute job, from start to report */
  roundSeconds: new Histogram({
    name: "rematch_round_duration_seconds",
    help: "Duration of round-compute jobs, by outcome (ok, error)",
    labelNames: ["outcome"] as const,
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
    registers,
  }),
  /** jobs per queue and state, read from Redis at each scrape */
  jobs: new Gauge({
    name: "rematch_queue_jobs",
    help: "BullMQ jobs per queue and state",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      for (const queue of watched) {
        const counts = await queue.getJobCounts(...JOB_STATES).catch(() => null);
        if (!counts) continue;
        for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  }),
};

/** Reports these queues' job counts in `rematch_queue_jobs`. */
export function watchQueues(...queues: Queue[]): void {
  for (const queue of queues) watched.add(queue);
}

/** Runs `work` and records its duration in `histogram` with outcome ok or error. */
export async function timed<T>(histogram: Histogram<"outcome">, work: () => Promise<T>): Promise<T> {
  const stop = histogram.startTimer();
  try {
    const result = await work();
    stop({ outcome: "ok" });
    return result;
  } catch (error) {
    stop({ outcome: "error" });
    throw error;
  }
}
