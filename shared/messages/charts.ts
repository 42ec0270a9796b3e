import type { StoredResult } from "../rounds/result";

/**
 * The round report's charts as one description each (Vega-Lite), drawn by the console in the
 * browser and, for chat, rendered to a PNG on the server (shared/messages/chart-png.ts). Labels
 * come in the staff member's language; the data are the stored result's figures.
 */
type T = (key: string, params?: Record<string, unknown>) => string;
export type ChartSpec = Record<string, unknown>;

const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";
const base = (title: string) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: { text: title, anchor: "start", font: FONT },
  config: {
    font: FONT,
    view: { stroke: null },
    axis: { labelFont: FONT, titleFont: FONT },
    legend: { labelFont: FONT, titleFont: FONT },
  },
  background: "white",
});

/** People placed and places left per municipality (persons), the fullest first; `limit` for chat. */
export function capacityChart(
  t: T,
  result: StoredResult,
  names: Map<string, string>,
  limit?: number,
): ChartSpec {
  const rows = result.report.capacity
    .map((c) => {
      const used = c.used.persons ?? 0;
      const capacity = c.capacity.persons ?? 0;
      return {
        name: names.get(c.municipalityId) ?? c.municipalityId,
        used,
        free: Math.max(0, capacity - used),
        capacity,
      };
    })
    .sort(
      (a, b) =>
        b.used / Math.max(1, b.capacity) - a.used / Math.max(1, a.capacity) || a.name.localeCompare(b.name),
    );
  const shown = limit ? rows.slice(0, limit) : rows;
  const placed = t("console.round.chart_placed");
  const free = t("console.round.chart_free");
  const data = shown.flatMap((r) => [
    { municipality: r.name, kind: placed, persons: r.used, order: 0 },
    { municipality: r.name, kind: free, persons: r.free, order: 1 },
  ]);
  return {
    ...base(t("console.round.chart_capacity")),
    width: limit ? 520 : "container",
    autosize: { type: "fit-x", contains: "padding" },
    height: { step: 18 },
    data: { values: data },
    mark: { type: "bar" },
    encoding: {
      y: { field: "municipality", type: "nominal", sort: null, title: null },
      x: {
        field: "persons",
        type: "quantitative",
        stack: "zero",
        title: t("console.round.chart_persons"),
        axis: { tickMinStep: 1, format: "d" },
      },
      color: {
        field: "kind",
        type: "nominal",
        title: null,
        scale: { domain: [placed, free], range: ["#1d5fa8", "#c9d6e3"] },
        legend: { orient: "top" },
      },
      order: { field: "order" },
      tooltip: [{ field: "municipality" }, { field: "kind" }, { field: "persons" }],
    },
  };
}

/** How many placed households got their 1st, 2nd, 3rd … choice (unranked beyond 5 as "5+"). */
export function rankChart(t: T, result: StoredResult): ChartSpec {
  const counts = new Map<string, number>();
  for (const a of result.assignments) {
    const key = a.rank >= 5 ? "5+" : String(a.rank);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ["1", "2", "3", "4", "5+"];
  return {
    ...base(t("console.round.chart_rank")),
    width: "container",
    autosize: { type: "fit-x", contains: "padding" },
    height: 180,
    data: { values: order.map((rank) => ({ rank, households: counts.get(rank) ?? 0 })) },
    mark: { type: "bar", color: "#1d5fa8" },
    encoding: {
      x: {
        field: "rank",
        type: "ordinal",
        sort: order,
        title: t("console.round.chart_rank_axis"),
        axis: { labelAngle: 0 },
      },
      y: {
        field: "households",
        type: "quantitative",
        title: t("console.round.chart_households"),
        axis: { tickMinStep: 1, format: "d" },
      },
      tooltip: [{ field: "rank" }, { field: "households" }],
    },
  };
}
