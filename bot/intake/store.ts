import { factsOf, HouseholdAnswers, readIntakeState } from "../../core/answers";
import type { IntakeState } from "../../core/questionnaire";
import type { Db } from "../../shared/db";
import type { Intake } from "../../shared/generated/prisma/client";

/** Reads the stored engine state (core/answers.ts); a row that does not parse is a bug, not user input. */
export function stateOf(intake: Intake): IntakeState {
  return readIntakeState(intake.state);
}

/** Telegram may deliver an update again after a restart: remember the last few applied. */
const RECENT_UPDATES = 20;

export function alreadyApplied(intake: Intake, updateId: number | undefined): boolean {
  return updateId !== undefined && intake.recentUpdates.includes(updateId);
}

/**
 * Saves the next state if nobody changed the intake since it was read (optimistic lock on
 * `version`). Returns the saved row, or null when the version moved on: the caller treats the
 * input as stale. Answers of a household with an offer or a placement are locked (bot/intake/flow.ts
 * `isLocked`): the statement changes nothing then, even when the offer came after the row was read.
 * One statement, one round trip (Prisma's updateMany would add BEGIN/COMMIT).
 */
export async function saveState(
  db: Db,
  intake: Intake,
  next: IntakeState,
  updateId: number | undefined,
  submit?: { submittedAt: Date },
): Promise<Intake | null> {
  const recentUpdates =
    updateId === undefined
      ? intake.recentUpdates
      : [...intake.recentUpdates, updateId].slice(-RECENT_UPDATES);
  const json = JSON.stringify(next);
  const status = submit ? "registered" : intake.status;
  const submittedAt = submit?.submittedAt ?? intake.submittedAt;
  // on submission, what staff filter and search on is derived from the answers (core/answers.ts)
  const f = submit ? factsOf(new HouseholdAnswers(next)) : null;
  const count = f
    ? await db.$executeRaw`
    UPDATE "Intake"
    SET "state" = ${json}::jsonb, "recentUpdates" = ${recentUpdates}::int[], "version" = "version" + 1,
        "status" = ${status}::"IntakeStatus", "submittedAt" = ${submittedAt}, "updatedAt" = now(),
        "persons" = ${f.persons}, "children" = ${f.children}, "needs" = ${f.needs}::text[],
        "languages" = ${f.languages}::text[], "hasRelatives" = ${f.hasRelatives}, "searchText" = ${f.searchText}
    WHERE "id" = ${intake.id} AND "version" = ${intake.version} AND "status" IN ('in_progress', 'registered')`
    : await db.$executeRaw`
    UPDATE "Intake"
    SET "state" = ${json}::jsonb, "recentUpdates" = ${recentUpdates}::int[], "version" = "version" + 1,
        "status" = ${status}::"IntakeStatus", "submittedAt" = ${submittedAt}, "updatedAt" = now()
    WHERE "id" = ${intake.id} AND "version" = ${intake.version} AND "status" IN ('in_progress', 'registered')`;
  if (count === 0) return null;
  return {
    ...intake,
    ...(f ?? {}),
    state: JSON.parse(json) as Intake["state"],
    recentUpdates,
    status,
    submittedAt,
    version: intake.version + 1,
  };
}

/** Whether a round that is queued, computing or awaiting its decision includes this household. */
export async function inOpenRound(db: Db, intakeId: string): Promise<boolean> {
  const open = await db.round.count({
    where: { status: { in: ["queued", "computing", "computed"] }, intakeIds: { has: intakeId } },
  });
  return open > 0;
}
