import type { WorkerDeps } from "../deps";

/**
 * A household registered. Staff are not told one by one: registrations reach caseworkers and
 * admins in the digest (jobs/staff-digest.ts). The job stays as the place for follow-up work on a
 * registration; today it only logs (ids only).
 */
export async function intakeSubmitted(deps: WorkerDeps, intakeId: string): Promise<void> {
  const intake = await deps.db.intake.findUnique({ where: { id: intakeId }, select: { status: true } });
  if (intake?.status !== "registered") return; // erased or changed meanwhile
  deps.logger.info({ intakeId }, "household registered; staff hear of it in the next digest");
}
