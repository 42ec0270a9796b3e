import type { Language } from "../../core/languages";
import { pack, routes } from "../callback";
import { type MethodFigures, optimalFigures, type StoredResult } from "../rounds/result";
import { formatNumber, formatPercent } from "./numbers";

/**
 * The round report in chat: one message that always fits (the figures, the baselines, how many
 * were not placed, the capacity used), beside a chart of the capacity use as an image and the
 * whole assignment as an XLSX document; everything else is in the console, one tap away.
 */
type T = (key: string, params?: Record<string, unknown>) => string;

export function reportSummary(t: T, lang: Language, number: number, result: StoredResult): string {
  const r = result.report;
  const n = (x: number, digits = 0) => formatNumber(lang, x, digits);
  const beds = r.capacity.reduce(
    (sum, c) => ({ used: sum.used + (c.used.persons ?? 0), total: sum.total + (c.capacity.persons ?? 0) }),
    { used: 0, total: 0 },
  );
  const lines = [
    `${t("rounds.report_title", { number })}\n\n${t("rounds.report_summary", {
      households: n(r.households.placed),
      householdsTotal: n(r.households.total),
      people: n(r.people.placed),
      peopleTotal: n(r.people.total),
      first: formatPercent(lang, r.firstChoiceShare),
      top3: formatPercent(lang, r.topThreeShare),
      rank: r.averageRank === null ? "—" : n(r.averageRank, 2),
      welfare: n(r.welfare, 1),
      gap: formatPercent(lang, r.gap, 2),
      seconds: n(r.seconds, 1),
    })}`,
    t("rounds.report_baselines", {
      fcfsPeople: n(r.baselines.fcfs.people),
      fcfsWelfare: n(r.baselines.fcfs.welfare, 1),
      daPeople: n(r.baselines.deferredAcceptance.people),
      daWelfare: n(r.baselines.deferredAcceptance.welfare, 1),
    }),
    t("rounds.report_fairness", {
      optimal: fairness(lang, optimalFigures(r)),
      fcfs: fairness(lang, r.baselines.fcfs),
      da: fairness(lang, r.baselines.deferredAcceptance),
    }),
    ...(r.cutShort ? [t("rounds.report_time_limit")] : []),
    t("roundchat.capacity", { used: n(beds.used), total: n(beds.total), count: r.capacity.length }),
    result.unplaced.length === 0
      ? t("rounds.report_none_unplaced")
      : t("roundchat.unplaced", { count: result.unplaced.length }),
    t("roundchat.details"),
  ];
  return lines.join("\n\n");
}

/** First choice · top three · average rank · justified envy of one method ("—" where a round did not store it). */
export function fairness(lang: Language, m: MethodFigures): string {
  const dash = (x: number | null, show: (x: number) => string) => (x === null ? "—" : show(x));
  return [
    dash(m.firstChoiceShare, (x) => formatPercent(lang, x)),
    dash(m.topThreeShare, (x) => formatPercent(lang, x)),
    dash(m.averageRank, (x) => formatNumber(lang, x, 2)),
    dash(m.justifiedEnvy, (x) => formatNumber(lang, x)),
  ].join(" · ");
}

/** Approve and discard, and the round in the console (inside Telegram when its address is https). */
export function reportKeyboard(t: T, roundId: string, consoleUrl: string) {
  const url = `${consoleUrl}/rounds/${roundId}`;
  const open = url.startsWith("https://")
    ? { text: t("roundchat.open_console"), web_app: { url } }
    : { text: t("roundchat.open_console"), url };
  return [
    [{ text: t("rounds.approve"), callback_data: pack(routes.round, { roundId, decision: "approve" }) }],
    [{ text: t("rounds.discard"), callback_data: pack(routes.round, { roundId, decision: "discard" }) }],
    [open],
  ];
}
