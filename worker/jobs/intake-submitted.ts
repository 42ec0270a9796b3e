import { HouseholdAnswers } from "../../core/answers";
import { isLanguage } from "../../shared/i18n";
import type { WorkerDeps } from "../deps";

/**
 * Tells the admins that a household registered: only counts, never who. Runs at least once;
 * a repeated run sends the same counts again, which is harmless for a notice.
 */
export async function intakeSubmitted(deps: WorkerDeps, intakeId: string): Promise<void> {
  const intake = await deps.db.intake.findUnique({
    where: { id: intakeId },
    select: { state: true, status: true },
  });
  if (intake?.status !== "registered") return; // erased or changed meanwhile: nothing to say
  const persons = HouseholdAnswers.of(intake.state).size;
  const total = await deps.db.intake.count({ where: { status: "registered" } });
  const admins = deps.config.ADMIN_TELEGRAM_IDS;
  if (admins.length === 0) return;
  const known = await deps.db.user.findMany({
    where: { telegramId: { in: admins } },
    select: { telegramId: true, language: true },
  });
  for (const admin of admins) {
    const stored = known.find((u) => u.telegramId === admin)?.language;
    const t = deps.i18n.t(isLanguage(stored) ? stored : "en");
    await deps.telegram.sendMessage(admin.toString(), t("staff.new_registration", { persons, total }));
  }
}
