import type { Sheet } from "../../shared/exports";
import type { Translate } from "../../shared/i18n";
import { formatBerlin } from "../../shared/messages/time";
import { assignmentSheet } from "../../shared/rounds/sheets";
import type { ConsoleDeps } from "../deps";
import { loadRound, municipalityNames } from "./load";
import { roundOffers } from "./offers";

/** A round's assignment (every household, placed or not) and its offers, labelled for staff. */
export async function roundSheets(
  deps: ConsoleDeps,
  t: Translate,
  roundId: string,
): Promise<[Sheet, Sheet] | null> {
  const loaded = await loadRound(deps.db, roundId);
  if (!loaded?.result) return null;
  const { result, round } = loaded;
  const names = await municipalityNames(deps.db);
  const assignment = assignmentSheet(t, result, names, round.number);
  const offers = await roundOffers(deps, roundId);
  const offerSheet: Sheet = {
    name: t("console.round.sheet_offers"),
    headers: [
      t("console.households.ref"),
      t("console.households.destination"),
      t("console.round.offer_status"),
      t("console.round.deadline"),
      t("console.round.answered"),
    ],
    rows: offers.rows.map((o) => [
      o.ref,
      o.municipality,
      `${t(`console.offer_status.${o.status}`)}${o.reason ? ` ${t(`console.decline_reason.${o.reason}`)}` : ""}`,
      formatBerlin(new Date(o.deadline)),
      o.answeredAt ? formatBerlin(new Date(o.answeredAt)) : "",
    ]),
  };
  return [assignment, offerSheet];
}
