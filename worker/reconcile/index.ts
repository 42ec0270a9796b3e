import type { Queue } from "bullmq";
import {
  acceptanceWork,
  type JobSpec,
  jobMissing,
  type OpenOffer,
  offerWork,
  roundWork,
} from "../../core/effects";
import { scheduleOfferJobs } from "../../shared/offers";
import type { EventJob } from "../../shared/queues";
import { recoverDeliveries, settleBroadcasts } from "../delivery/recover";
import type { WorkerDeps } from "../deps";
import { expireOfferJob, remindOffer } from "../rounds/offers";

/**
 * The reconciler: PostgreSQL holds every pending effect (due times on offers, the state of rounds,
 * accepted offers not yet announced, delivery rows); Redis only carries the work. This makes Redis
 * agree again — after a restart that emptied it, a job lost between a database update and its
 * `add`, a job that gave up while the database was away:
 * - pending offers: overdue reminders and expiries are done now; the delayed jobs for what is still
 *   ahead are added again under their deterministic ids (an existing one is left as it is);
 * - rounds queued or computing without a live job, computed without their report, approved without
 *   all their offers: their job is added again;
 * - accepted offers whose city staff were not told: the notice job;
 * - deliveries (worker/delivery/recover.ts): pending rows without a job, scheduled broadcasts and
 *   event reminders included; rows left in "sending" by a dead worker (offers sent again, the
 *   rest "unknown").
 * Every step is idempotent, so two runs at once (a worker starting while the scheduled run goes)
 * do nothing twice. Runs at every worker start and as a BullMQ job scheduler (schedulers.ts).
 */
export interface Reconciled {
  offersDue: number;
  offerJobs: number;
  roundJobs: number;
  notices: number;
  deliveriesRequeued: number;
  deliveriesInDoubt: number;
}

const PAGE = 500;

/** Adds the job unless one under its id will still run; a finished one is replaced. */
async function ensureJob(events: Queue<EventJob>, spec: JobSpec, data: EventJob): Promise<boolean> {
  const state = await events.getJobState(spec.jobId);
  if (!jobMissing(state)) return false;
  if (state !== "unknown") await events.remove(spec.jobId).catch(() => undefined);
  await events.add(spec.kind, data, { jobId: spec.jobId, delay: Math.max(0, spec.at - Date.now()) });
  return true;
}

async function reconcileOffers(deps: WorkerDeps, events: Queue<EventJob>) {
  let due = 0;
  let jobs = 0;
  let after = "";
  for (;;) {
    const offers: OpenOffer[] = await deps.db.offer.findMany({
      where: { status: "pending", id: { gt: after } },
      select: { id: true, deadline: true, remindAt: true, remindedAt: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (offers.length === 0) break;
    after = offers.at(-1)?.id ?? after;
    const now = new Date();
    const ahead: OpenOffer[] = [];
    for (const offer of offers) {
      const work = offerWork(offer, now);
      if (work.due.length === 0) {
        ahead.push(offer);
        jobs += work.jobs.length;
        continue;
      }
      due += work.due.length;
      for (const kind of work.due) {
        if (kind === "offer-expire") await expireOfferJob(deps, offer.id);
        else await remindOffer(deps, offer.id);
      }
    }
    await scheduleOfferJobs(events, ahead); // the ids deduplicate: existing jobs stay as they are
  }
  return { due, jobs };
}

async function reconcileRounds(deps: WorkerDeps, events: Queue<EventJob>) {
  const rounds = await deps.db.round.findMany({
    where: {
      OR: [
        { status: { in: ["queued", "computing"] } },
        { status: "computed", reportedAt: null },
        { status: "approved", offersSentAt: null },
      ],
    },
    select: { id: true, status: true, reportedAt: true, offersSentAt: true },
  });
  let added = 0;
  for (const round of rounds) {
    const spec = roundWork(round);
    if (spec && (await ensureJob(events, spec, { kind: spec.kind, roundId: round.id }))) added++;
  }
  return added;
}

async function reconcileAcceptances(deps: WorkerDeps, events: Queue<EventJob>) {
  const accepted = await deps.db.offer.findMany({
    where: { status: "accepted", announcedAt: null },
    select: { id: true, announcedAt: true },
  });
  let added = 0;
  for (const offer of accepted) {
    const spec = acceptanceWork(offer);
    if (spec && (await ensureJob(events, spec, { kind: "offer-accepted", offerId: offer.id }))) added++;
  }
  return added;
}

export async function reconcile(
  deps: WorkerDeps,
  events: Queue<EventJob>,
  atStartup = false,
): Promise<Reconciled> {
  const offers = await reconcileOffers(deps, events);
  const roundJobs = await reconcileRounds(deps, events);
  const notices = await reconcileAcceptances(deps, events);
  const deliveries = await recoverDeliveries(deps.db, deps.deliveries, deps.logger);
  await settleBroadcasts(deps.db);
  const result: Reconciled = {
    offersDue: offers.due,
    offerJobs: offers.jobs,
    roundJobs,
    notices,
    deliveriesRequeued: deliveries.requeued,
    deliveriesInDoubt: deliveries.inDoubt,
  };
  if (offers.due + roundJobs + notices + deliveries.requeued + deliveries.inDoubt > 0) {
    deps.logger.warn({ ...result, atStartup }, "reconciled");
  }
  return result;
}
