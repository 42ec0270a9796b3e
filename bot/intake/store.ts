import { z } from "zod";
import type { IntakeState } from "../../core/questionnaire";
import type { Db } from "../../shared/db";
import type { Intake, Prisma } from "../../shared/generated/prisma/client";

const answer = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
const stateSchema = z.object({
  answers: z.record(z.string(), answer),
  groups: z.record(z.string(), z.array(z.record(z.string(), answer))),
  current: z.string(),
  draft: z.object({ slot: z.string(), values: z.array(z.string()) }).optional(),
});

/** Reads the stored engine state; a row that does not parse is a bug, not user input. */
export function stateOf(intake: Intake): IntakeState {
  return stateSchema.parse(intake.state);
}

/** Telegram may deliver an update again after a restart: remember the last few applied. */
const RECENT_UPDATES = 20;

export function alreadyApplied(intake: Intake, updateId: number | undefined): boolean {
  return updateId !== undefined && intake.recentUpdates.includes(updateId);
}

/**
 * Saves the next state if nobody changed the intake since it was read (optimistic lock on
 * `version`). Returns the saved row, or null when the version moved on: the caller treats
 * the input as stale. One round trip.
 */
export async function saveState(
  db: Db,
  intake: Intake,
  next: IntakeState,
  updateId: number | undefined,
  extra: Prisma.IntakeUpdateManyMutationInput = {},
): Promise<Intake | null> {
  const recentUpdates =
    updateId === undefined
      ? intake.recentUpdates
      : [...intake.recentUpdates, updateId].slice(-RECENT_UPDATES);
  const state = JSON.parse(JSON.stringify(next)) as Prisma.InputJsonValue;
  const result = await db.intake.updateMany({
    where: { id: intake.id, version: intake.version },
    data: { ...extra, state, recentUpdates, version: { increment: 1 } },
  });
  if (result.count === 0) return null;
  return {
    ...intake,
    ...(extra as Partial<Intake>),
    state: state as Intake["state"],
    recentUpdates,
    version: intake.version + 1,
  };
}
