import { householdRef } from "../../core/reference";
import type { Sheet } from "../exports";
import type { Translate } from "../i18n";
import type { StoredResult } from "./result";

/** A round's assignment as a table: every household, placed (where, which choice, why) or not (why not). */
export function assignmentSheet(
  t: Translate,
  result: StoredResult,
  names: Map<string, string>,
  number: number,
): Sheet {
  return {
    name: t("console.round.sheet_assignment", { number: number }),
    headers: [
      t("console.households.ref"),
      t("console.households.persons"),
      t("console.households.destination"),
      t("console.round.rank"),
      t("console.round.welfare"),
      t("console.round.why"),
    ],
    rows: [
      ...result.assignments.map((a) => [
        householdRef(a.intakeId),
        a.persons ?? null,
        names.get(a.municipalityId) ?? a.municipalityId,
        a.rank,
        Math.round(a.welfare * 100) / 100,
        a.factors.map((f) => t(`console.factor.${f.factor}`)).join(", "),
      ]),
      ...result.unplaced.map((u) => [
        householdRef(u.intakeId),
        u.persons,
        "",
        null,
        null,
        u.removed ? t("console.round.removed") : u.reasons.map((r) => t(`reason.${r}`)).join("; "),
      ]),
    ],
  };
}
