/**
 * What work a row still owes, decided from the row alone (PostgreSQL is the truth; Redis only
 * carries the work). Pure: the worker's reconciler (worker/reconcile/) and the producers that
 * schedule the jobs in the first place ask the same questions here, so a job lost with Redis is
 * re-created exactly as it was first made, under the same id.
 */

/** A delayed or immediate job that should exist: BullMQ deduplicates by `jobId`. */
export interface JobSpec<K extends string = string> {
  kind: K;
  jobId: string;
  /** the moment it is due (ms since the epoch) */
  at: number;
}

export interface OpenOffer {
  id: string;
  deadline: Date;
  remindAt: Date | null;
  remindedAt: Date | null;
}

/** When an offer's reminder is due: `reminderMinutes` before the deadline, if that is still ahead. */
export function reminderTime(deadline: Date, reminderMinutes: number, now: Date): Date | null {
  if (reminderMinutes <= 0) return null;
  const at = deadline.getTime() - reminderMinutes * 60_000;
  return at > now.getTime() ? new Date(at) : null;
}

export interface OfferWork {
  /** overdue: to be done now, by whoever looks (the job for it was lost, or is late) */
  due: ("offer-reminder" | "offer-expire")[];
  /** the delayed jobs that should be waiting for what is still ahead */
  jobs: JobSpec<"offer-reminder" | "offer-expire">[];
}

/**
 * A pending offer: a reminder before its deadline (once), the expiry at it. Job ids carry the
 * deadline, so an extended deadline gets jobs of its own and the old ones find nothing to do.
 */
export function offerWork(offer: OpenOffer, now: Date): OfferWork {
  const at = offer.deadline.getTime();
  const t = now.getTime();
  const work: OfferWork = { due: [], jobs: [] };
  if (at <= t) {
    work.due.push("offer-expire");
    return work;
  }
  const remindAt = offer.remindAt?.getTime();
  if (remindAt !== undefined && !offer.remindedAt) {
    if (remindAt <= t) work.due.push("offer-reminder");
    else work.jobs.push({ kind: "offer-reminder", jobId: `offer-reminder-${offer.id}-${at}`, at: remindAt });
  }
  work.jobs.push({ kind: "offer-expire", jobId: `offer-expire-${offer.id}-${at}`, at });
  return work;
}

export interface RoundState {
  id: string;
  status: string;
  reportedAt: Date | null;
  offersSentAt: Date | null;
}

/**
 * The job a round still needs: computing (queued, or computing with its job lost), its report
 * (computed, not yet in the caseworker's chat: the compute job sends it), its offers (approved,
 * not all created, sent and scheduled). Null: nothing owed.
 */
export function roundWork(round: RoundState): JobSpec<"round-compute" | "round-approved"> | null {
  switch (round.status) {
    case "queued":
    case "computing":
      return { kind: "round-compute", jobId: `round-compute-${round.id}`, at: 0 };
    case "computed":
      return round.reportedAt ? null : { kind: "round-compute", jobId: `round-compute-${round.id}`, at: 0 };
    case "approved":
      return round.offersSentAt
        ? null
        : { kind: "round-approved", jobId: `round-approved-${round.id}`, at: 0 };
    default:
      return null;
  }
}

/** An accepted offer whose city staff were not told yet. */
export function acceptanceWork(offer: {
  id: string;
  announcedAt: Date | null;
}): JobSpec<"offer-accepted"> | null {
  return offer.announcedAt ? null : { kind: "offer-accepted", jobId: `offer-accepted-${offer.id}`, at: 0 };
}

/** BullMQ job states in which a job will still run without help. */
const LIVE_STATES = new Set(["waiting", "delayed", "prioritized", "waiting-children", "active"]);

/**
 * Whether a job must be (re-)added, from the state BullMQ reports for its id: missing (Redis
 * lost it) or finished (completed or failed, while the row says the work is still owed).
 */
export function jobMissing(state: string): boolean {
  return !LIVE_STATES.has(state);
}
