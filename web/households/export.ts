import { householdRef } from "../../core/reference";
import type { Db } from "../../shared/db";
import type { Sheet } from "../../shared/exports";
import type { Translate } from "../../shared/i18n";
import { formatBerlin } from "../../shared/messages/time";
import { type HouseholdFilter, statusOf, whereOf } from "./list";

/** Every household the filters match (not only one page), labelled in the staff member's language. */
const MAX_ROWS = 50_000;

const need = (t: Translate, code: string) =>
  code === "wheelchair" || code === "pets"
    ? t(`console.needs.${code}`)
    : t(`intake.choices.medical_needs.${code}`);

export async function householdSheet(db: Db, t: Translate, filter: HouseholdFilter): Promise<Sheet> {
  const rows = await db.intake.findMany({
    where: whereOf(filter),
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: MAX_ROWS,
    select: {
      id: true,
      status: true,
      onHold: true,
      persons: true,
      children: true,
      needs: true,
      languages: true,
      hasRelatives: true,
      submittedAt: true,
      municipality: { select: { name: true } },
      offers: { where: { status: "pending" }, select: { municipality: { select: { name: true } } }, take: 1 },
    },
  });
  return {
    name: t("console.households.title"),
    headers: [
      t("console.households.ref"),
      t("console.households.status"),
      t("console.households.persons"),
      t("console.households.children"),
      t("console.households.needs"),
      t("console.households.languages"),
      t("console.households.relatives"),
      t("console.households.registered"),
      t("console.households.destination"),
    ],
    rows: rows.map((r) => [
      householdRef(r.id),
      t(`console.status.${statusOf(r)}`),
      r.persons,
      r.children,
      r.needs.map((n) => need(t, n)).join(", "),
      r.languages.map((l) => t(`intake.choices.languages.${l}`)).join(", "),
      r.hasRelatives === null ? "" : t(r.hasRelatives ? "console.yes" : "console.no"),
      r.submittedAt ? formatBerlin(r.submittedAt) : "",
      r.municipality?.name ?? r.offers[0]?.municipality.name ?? "",
    ]),
  };
}
