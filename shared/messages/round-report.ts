import { householdRef } from "../../core/reference";
import { pack, routes } from "../callback";
import type { StoredResult } from "../rounds/result";
import { chunk } from "../text";

type T = (key: string, params?: Record<string, unknown>) => string;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** The caseworker's round report as text blocks (the bot or worker chunks them into messages). */
export function reportBlocks(
  t: T,
  number: number,
  result: StoredResult,
  names: Map<string, string>,
): string[] {
  const r = result.report;
  const blocks = [
    `${t("rounds.report_title", { number })}\n\n${t("rounds.report_summary", {
      households: r.households.placed,
      householdsTotal: r.households.total,
      people: r.people.placed,
      peopleTotal: r.people.total,
      first: pct(r.firstChoiceShare),
      top3: pct(r.topThreeShare),
      rank: r.averageRank === null ? "—" : r.averageRank.toFixed(2),
      welfare: num(r.welfare),
      gap: `${(r.gap * 100).toFixed(2)}%`,
      seconds: r.seconds.toFixed(1),
    })}`,
    t("rounds.report_baselines", {
      fcfsPeople: r.baselines.fcfs.people,
      fcfsWelfare: num(r.baselines.fcfs.welfare),
      daPeople: r.baselines.deferredAcceptance.people,
      daWelfare: num(r.baselines.deferredAcceptance.welfare),
    }),
    ...(r.cutShort ? [t("rounds.report_time_limit")] : []),
  ];
  const use = (c: { used: Record<string, number>; capacity: Record<string, number> }, d: string) =>
    `${c.used[d] ?? 0}/${c.capacity[d] ?? 0}`;
  blocks.push(
    [
      t("rounds.report_capacity_title"),
      ...r.capacity.map((c) =>
        t("rounds.report_capacity_line", {
          municipality: names.get(c.municipalityId) ?? c.municipalityId,
          persons: use(c, "persons"),
          u12: use(c, "units1to2"),
          u34: use(c, "units3to4"),
          u5: use(c, "units5plus"),
          school: use(c, "schoolPlaces"),
          kita: use(c, "kindergartenPlaces"),
          accessible: use(c, "accessibleUnits"),
        }),
      ),
    ].join("\n"),
  );
  if (result.unplaced.length === 0) blocks.push(t("rounds.report_none_unplaced"));
  else {
    blocks.push(
      [
        t("rounds.report_unplaced_title", { count: result.unplaced.length }),
        ...result.unplaced.map((u) =>
          t("rounds.report_unplaced_line", {
            ref: householdRef(u.intakeId),
            persons: u.persons,
            reasons: u.reasons.map((code) => t(`reason.${code}`)).join("; "),
          }),
        ),
      ].join("\n"),
    );
  }
  return blocks;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The assignment as CSV: one row per household, placed or not, with the deciding factors or reasons. */
export function assignmentCsv(result: StoredResult, names: Map<string, string>): string {
  const rows: (string | number)[][] = [
    ["household", "municipality", "welfare", "rank", "factors_or_reasons"],
  ];
  for (const a of result.assignments) {
    rows.push([
      householdRef(a.intakeId),
      names.get(a.municipalityId) ?? a.municipalityId,
      a.welfare.toFixed(2),
      a.rank,
      a.factors.map((f) => `${f.factor}:${f.points.toFixed(1)}`).join(" "),
    ]);
  }
  for (const u of result.unplaced) rows.push([householdRef(u.intakeId), "", "", "", u.reasons.join(" ")]);
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
}

/** The report as messages, and the approve / discard / CSV buttons for the last one. */
export function reportView(
  t: T,
  number: number,
  roundId: string,
  result: StoredResult,
  names: Map<string, string>,
) {
  return {
    messages: chunk(reportBlocks(t, number, result, names)),
    keyboard: [
      [{ text: t("rounds.approve"), callback_data: pack(routes.round, { roundId, decision: "approve" }) }],
      [
        { text: t("rounds.discard"), callback_data: pack(routes.round, { roundId, decision: "discard" }) },
        { text: t("rounds.csv"), callback_data: pack(routes.round, { roundId, decision: "csv" }) },
      ],
    ],
  };
}
