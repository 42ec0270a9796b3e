import type { Queue } from "bullmq";
import { audit } from "../audit";
import type { Db } from "../db";
import type { Round } from "../generated/prisma/client";
import type { EventJob } from "../queues";

/**
 * What caseworkers decide about rounds, from the bot or the console alike: start one (queued
 * for the worker), approve or discard a computed one. One conditional statement decides each:
 * a second tap, or a colleague's, finds nothing to change.
 */

/** A round in one of these states blocks a new one; a draft (an overview not started yet) does not. */
export const BUSY = ["queued", "computing", "computed"] as const;

export function openRound(db: Db) {
  return db.round.findFirst({ where: { status: { in: [...BUSY] } }, orderBy: { number: "desc" } });
}

export async function enqueueCompute(events: Queue<EventJob>, roundId: string): Promise<void> {
  await events.add(
    "round-compute",
    { kind: "round-compute", roundId },
    { jobId: `round-compute-${roundId}` },
  );
}

export type Decision = { ok: true; round: Round } | { ok: false; round: Round | null };

/**
 * Approve needs a computed round; discard takes any open one, so a round whose work is stuck
 * (queued or computing with its job lost, computed without its report) can always be set aside.
 * A worker still computing a discarded round finds it changed and stores nothing.
 */
const DECIDABLE = { approve: ["computed"], discard: [...BUSY] } as const;

export async function decideRound(
  db: Db,
  events: Queue<EventJob>,
  staffId: string,
  roundId: string,
  decision: "approve" | "discard",
): Promise<Decision> {
  const status = decision === "approve" ? "approved" : "discarded";
  const changed = await db.round.updateMany({
    where: { id: roundId, status: { in: [...DECIDABLE[decision]] } },
    data: { status, ...(decision === "approve" ? { approvedAt: new Date() } : {}) },
  });
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (changed.count === 0 || !round) return { ok: false, round };
  await audit(db, staffId, `round.${status}`, roundId);
  // the approval is the pending effect (approved, offersSentAt empty): the reconciler adds this job
  // again if it is lost before the worker takes it
  if (decision === "approve") {
    await events.add(
      "round-approved",
      { kind: "round-approved", roundId },
      { jobId: `round-approved-${roundId}` },
    );
  }
  return { ok: true, round };
}
