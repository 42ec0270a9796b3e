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

export async function decideRound(
  db: Db,
  events: Queue<EventJob>,
  staffId: string,
  roundId: string,
  decision: "approve" | "discard",
): Promise<Decision> {
  const status = decision === "approve" ? "approved" : "discarded";
  const changed = await db.round.updateMany({
    where: { id: roundId, status: "computed" },
    data: { status, ...(decision === "approve" ? { approvedAt: new Date() } : {}) },
  });
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (changed.count === 0 || !round) return { ok: false, round };
  await audit(db, staffId, `round.${status}`, roundId);
  if (decision === "approve") {
    await events.add(
      "round-approved",
      { kind: "round-approved", roundId },
      { jobId: `round-approved-${roundId}` },
    );
  }
  return { ok: true, round };
}
