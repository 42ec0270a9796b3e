import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { DELIVERIES_QUEUE, type DeliveryJob } from "./delivery";

/**
 * Queue names and job payloads shared by bot (producer) and worker (consumer).
 * Payloads carry internal ids only, never personal data: a job is looked up in the database.
 */
export const QUEUES = {
  events: "events",
} as const;

export const intakeSubmittedJob = z.object({
  kind: z.literal("intake-submitted"),
  intakeId: z.string().min(1),
});

const id = z.string().min(1);
/** A caseworker started a round: compute the assignment. */
export const roundComputeJob = z.object({ kind: z.literal("round-compute"), roundId: id });
/** A caseworker approved a round: create the offers and send them. */
export const roundApprovedJob = z.object({ kind: z.literal("round-approved"), roundId: id });
/** Delayed: remind the household of its open offer before the deadline. */
export const offerReminderJob = z.object({ kind: z.literal("offer-reminder"), offerId: id });
/** Delayed: the deadline passed; an unanswered offer expires and the household returns to the pool. */
export const offerExpireJob = z.object({ kind: z.literal("offer-expire"), offerId: id });
/** A household accepted: tell the city staff of that municipality. */
export const offerAcceptedJob = z.object({ kind: z.literal("offer-accepted"), offerId: id });

/** Repeated (a job scheduler, STAFF_DIGEST_MINUTES): caseworkers and admins get one digest. */
export const staffDigestJob = z.object({ kind: z.literal("staff-digest") });

/**
 * Periodic (a BullMQ job scheduler: one run per interval across all workers): re-create from
 * PostgreSQL whatever work Redis lost (worker/reconcile/).
 */
export const reconcileJob = z.object({ kind: z.literal("reconcile") });

/** Daily (a job scheduler): remind and erase people inactive for RETENTION_MONTHS (worker/jobs/retention.ts). */
export const retentionSweepJob = z.object({ kind: z.literal("retention-sweep") });

export const eventJob = z.discriminatedUnion("kind", [
  staffDigestJob,
  intakeSubmittedJob,
  roundComputeJob,
  roundApprovedJob,
  offerReminderJob,
  offerExpireJob,
  offerAcceptedJob,
  reconcileJob,
  retentionSweepJob,
]);
export type EventJob = z.infer<typeof eventJob>;

export function createDeliveriesQueue(connection: Redis, prefix: string): Queue<DeliveryJob> {
  // retries are decided by the delivery worker itself (429 waits, 403 stops): one attempt per job
  return new Queue<DeliveryJob>(DELIVERIES_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      removeOnComplete: { age: 3600, count: 50_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

export function createEventsQueue(connection: Redis, prefix: string): Queue<EventJob> {
  return new Queue<EventJob>(QUEUES.events, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}
