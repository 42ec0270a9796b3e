import type {
  MethodFigures,
  MoveOptions,
  RoundPlace as Place,
  PlacesPage,
  RoundReport,
  RoundSummary as Summary,
} from "@api/rounds";
import { useEffect, useState } from "preact/hooks";
import { download, get, post } from "../../api";
import { dateTime, num, percent, t } from "../../i18n";
import { Chart } from "../../ui/chart";
import { Card, ErrorLine, Pager, Status, useData } from "../../ui/common";
import { OffersPanel } from "./offers";

/** One method's row: people, households, choices, justified envy, welfare ("—" where an older round kept none). */
function MethodRow({ label, m }: { label: string; m: MethodFigures }) {
  const dash = (x: number | null, show: (x: number) => string) => (x === null ? "—" : show(x));
  return (
    <tr>
      <td>{label}</td>
      <td class="num">{num(m.people)}</td>
      <td class="num">{dash(m.households, (x) => num(x))}</td>
      <td class="num">{dash(m.firstChoiceShare, (x) => percent(x))}</td>
      <td class="num">{dash(m.topThreeShare, (x) => percent(x))}</td>
      <td class="num">{dash(m.averageRank, (x) => num(x, 2))}</td>
      <td class="num">{dash(m.justifiedEnvy, (x) => num(x))}</td>
      <td class="num">{num(m.welfare, 1)}</td>
    </tr>
  );
}

const DIMENSIONS = [
  "persons",
  "units1to2",
  "units3to4",
  "units5plus",
  "schoolPlaces",
  "kindergartenPlaces",
  "accessibleUnits",
];

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div class="kpi">
      <div class="value">{value}</div>
      <div class="label">{label}</div>
    </div>
  );
}

function Figures({ r }: { r: RoundReport }) {
  return (
    <Card title={t("console.round.figures")}>
      <div class="kpis">
        <Kpi
          label={t("console.round.people_placed")}
          value={`${num(r.people.placed)} / ${num(r.people.total)}`}
        />
        <Kpi
          label={t("console.round.households_placed")}
          value={`${num(r.households.placed)} / ${num(r.households.total)}`}
        />
        <Kpi label={t("console.round.first_choice")} value={percent(r.firstChoiceShare)} />
        <Kpi label={t("console.round.top_three")} value={percent(r.topThreeShare)} />
        <Kpi
          label={t("console.round.average_rank")}
          value={r.averageRank === null ? "—" : num(r.averageRank, 2)}
        />
        <Kpi label={t("console.round.welfare")} value={num(r.welfare, 1)} />
        <Kpi label={t("console.round.gap")} value={percent(r.gap, 2)} />
        <Kpi label={t("console.round.seconds")} value={num(r.seconds, 1)} />
      </div>
      <div class="scroll">
        <table class="table compact wrap">
          <thead>
            <tr>
              <th>{t("console.round.method")}</th>
              <th class="num">{t("console.round.people_placed")}</th>
              <th class="num">{t("console.round.households_placed")}</th>
              <th class="num">{t("console.round.first_choice")}</th>
              <th class="num">{t("console.round.top_three")}</th>
              <th class="num">{t("console.round.average_rank")}</th>
              <th class="num" title={t("console.round.justified_envy_hint")}>
                {t("console.round.justified_envy")}
              </th>
              <th class="num">{t("console.round.welfare")}</th>
            </tr>
          </thead>
          <tbody>
            <MethodRow label={t("console.round.method_optimal")} m={r.optimal} />
            <MethodRow label={t("console.round.method_fcfs")} m={r.baselines.fcfs} />
            <MethodRow label={t("console.round.method_da")} m={r.baselines.deferredAcceptance} />
          </tbody>
        </table>
      </div>
      {r.bound && <p class="muted">{t(`console.round.bound_${r.bound}`)}</p>}
      <p class="muted">{t(r.cutShort ? "console.round.stopped_time" : "console.round.stopped_work")}</p>
    </Card>
  );
}

function CapacityTable({ rows }: { rows: RoundReport["capacity"] }) {
  return (
    <details class="card">
      <summary>
        <h2 class="inline">{t("console.round.capacity_table")}</h2>
      </summary>
      <div class="scroll">
        <table class="table compact">
          <thead>
            <tr>
              <th>{t("console.households.destination")}</th>
              {DIMENSIONS.map((d) => (
                <th key={d} class="num">
                  {t(`console.dimension.${d}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.municipalityId}>
                <td>{c.name}</td>
                {DIMENSIONS.map((d) => (
                  <td key={d} class="num">
                    {num(c.used[d] ?? 0)} / {num(c.capacity[d] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Moving one household: only the municipalities the rules allow, with the welfare change. */
function MoveDialog({
  roundId,
  place,
  onClose,
  onDone,
}: {
  roundId: string;
  place: Place;
  onClose: () => void;
  onDone: () => void;
}) {
  const options = useData(
    () => get<MoveOptions>(`/api/rounds/${roundId}/places/${place.intakeId}/options`),
    [place.intakeId],
  );
  const [target, setTarget] = useState("");
  const [error, setError] = useState<unknown>(null);
  const send = async (municipalityId: string | null) => {
    setError(null);
    try {
      await post(`/api/rounds/${roundId}/overrides`, { intakeId: place.intakeId, municipalityId });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const eligible =
    options.data?.options.filter((o) => o.eligible && o.municipalityId !== place.municipalityId) ?? [];
  const ruledOut = options.data?.options.filter((o) => !o.eligible) ?? [];
  return (
    <div
      class="dialog"
      role="dialog"
      aria-modal="true"
      aria-label={t("console.round.move_title", { ref: place.ref })}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (target) void send(target);
        }}
      >
        <h2>{t("console.round.move_title", { ref: place.ref })}</h2>
        <ErrorLine error={options.error} />
        {options.data && (
          <>
            <label for="move-target">{t("console.round.move_to")}</label>
            <select
              id="move-target"
              value={target}
              onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}
            >
              <option value="">…</option>
              {eligible.map((o) => (
                <option key={o.municipalityId} value={o.municipalityId}>
                  {t("console.round.move_option", {
                    name: o.name,
                    rank: o.rank,
                    change: `${o.welfareChange >= 0 ? "+" : "−"}${num(Math.abs(o.welfareChange), 1)}`,
                  })}
                </option>
              ))}
            </select>
            {ruledOut.length > 0 && (
              <details>
                <summary>{t("console.round.ruled_out", { count: ruledOut.length })}</summary>
                <ul>
                  {ruledOut.map((o) => (
                    <li key={o.municipalityId}>
                      {o.name}: {o.reasons.map((r) => t(`console.pair_reason.${r}`)).join(", ")}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
        <ErrorLine error={error} />
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            {t("console.cancel")}
          </button>
          {place.municipalityId && (
            <button type="button" class="danger" onClick={() => send(null)}>
              {t("console.round.take_out")}
            </button>
          )}
          <button type="submit" disabled={!target}>
            {t("console.round.move")}
          </button>
        </div>
      </form>
    </div>
  );
}

function Places({ summary, editable, reload }: { summary: Summary; editable: boolean; reload: () => void }) {
  const [filter, setFilter] = useState({ placed: "all", municipality: "", reason: "", q: "", page: 1 });
  const search = new URLSearchParams(
    Object.entries(filter)
      .filter(([, v]) => v !== "" && v !== "all")
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  const places = useData(
    () => get<PlacesPage>(`/api/rounds/${summary.id}/places?${search}`),
    [search, summary.report?.overrides.length],
  );
  const [moving, setMoving] = useState<Place | null>(null);
  const set = (change: Partial<typeof filter>) => setFilter({ ...filter, page: 1, ...change });
  return (
    <Card title={t("console.round.places")}>
      <div class="filter-grid">
        <select
          aria-label={t("console.round.placed_filter")}
          value={filter.placed}
          onChange={(e) => set({ placed: (e.target as HTMLSelectElement).value })}
        >
          <option value="all">{t("console.round.all")}</option>
          <option value="placed">{t("console.round.only_placed")}</option>
          <option value="unplaced">{t("console.round.only_unplaced")}</option>
        </select>
        <select
          aria-label={t("console.households.destination")}
          value={filter.municipality}
          onChange={(e) => set({ municipality: (e.target as HTMLSelectElement).value })}
        >
          <option value="">{t("console.any")}</option>
          {summary.report?.capacity.map((c) => (
            <option key={c.municipalityId} value={c.municipalityId}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t("console.round.reason_filter")}
          value={filter.reason}
          onChange={(e) => set({ reason: (e.target as HTMLSelectElement).value })}
        >
          <option value="">{t("console.round.any_reason")}</option>
          {summary.report?.reasons.map((r) => (
            <option key={r} value={r}>
              {t(`reason.${r}`)}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label={t("console.round.find_ref")}
          placeholder={t("console.round.find_ref")}
          value={filter.q}
          onInput={(e) => set({ q: (e.target as HTMLInputElement).value })}
        />
      </div>
      <ErrorLine error={places.error} />
      {places.data && (
        <>
          <p class="count">{t("console.households.count", { count: places.data.total })}</p>
          <table class="table">
            <thead>
              <tr>
                <th>{t("console.households.ref")}</th>
                <th class="num">{t("console.households.persons")}</th>
                <th>{t("console.households.destination")}</th>
                <th class="num">{t("console.round.rank")}</th>
                <th>{t("console.round.why")}</th>
                {editable && <th />}
              </tr>
            </thead>
            <tbody>
              {places.data.rows.map((p) => (
                <tr key={p.intakeId}>
                  <td data-label={t("console.households.ref")}>
                    <a href={`/households/${p.intakeId}`}>{p.ref}</a>
                  </td>
                  <td data-label={t("console.households.persons")} class="num">
                    {p.persons === null ? "—" : num(p.persons)}
                  </td>
                  <td data-label={t("console.households.destination")}>
                    {p.municipality ?? t(p.removed ? "console.round.removed" : "console.round.unplaced")}
                  </td>
                  <td data-label={t("console.round.rank")} class="num">
                    {p.rank === null ? "—" : num(p.rank)}
                  </td>
                  <td data-label={t("console.round.why")}>
                    {p.municipality
                      ? p.factors.map((f) => t(`console.factor.${f}`)).join(", ")
                      : p.reasons.map((r) => t(`reason.${r}`)).join("; ")}
                  </td>
                  {editable && (
                    <td>
                      <button type="button" class="link" onClick={() => setMoving(p)}>
                        {t("console.round.change")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={places.data.page}
            pageSize={places.data.pageSize}
            total={places.data.total}
            onPage={(page) => setFilter({ ...filter, page })}
          />
        </>
      )}
      {moving && (
        <MoveDialog
          roundId={summary.id}
          place={moving}
          onClose={() => setMoving(null)}
          onDone={() => {
            setMoving(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function Overrides({ list }: { list: RoundReport["overrides"] }) {
  if (list.length === 0) return null;
  return (
    <Card title={t("console.round.overrides")}>
      <ul class="timeline">
        {list.map((o) => (
          <li key={`${o.ref}-${o.at}`}>
            <time dateTime={o.at}>{dateTime(o.at)}</time>{" "}
            {t("console.round.override_line", {
              ref: o.ref,
              from: o.fromName ?? t("console.round.unplaced"),
              to: o.toName ?? t("console.round.removed"),
              change: `${o.welfareChange >= 0 ? "+" : "−"}${num(Math.abs(o.welfareChange), 1)}`,
            })}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Decision({ summary, reload }: { summary: Summary; reload: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const decide = (decision: "approve" | "discard") =>
    post(`/api/rounds/${summary.id}/decision`, { decision }).then(reload, setError);
  return (
    <>
      {summary.status === "computed" && (
        <button type="button" onClick={() => decide("approve")}>
          {t("console.round.approve")}
        </button>
      )}
      <button type="button" class="danger" onClick={() => decide("discard")}>
        {t("console.round.discard")}
      </button>
      <ErrorLine error={error} />
    </>
  );
}

export function RoundPage({ id }: { id: string }) {
  const { data: summary, error, reload } = useData(() => get<Summary>(`/api/rounds/${id}`), [id]);
  const working = summary?.status === "queued" || summary?.status === "computing";
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(reload, 1000); // the worker writes the progress to the round
    return () => clearInterval(timer);
  }, [working]);
  if (error) return <ErrorLine error={error} />;
  if (!summary) return <p class="muted">{t("console.loading")}</p>;
  const r = summary.report;
  return (
    <>
      <header class="page-head">
        <h1>
          {t("console.rounds.round", { number: summary.number })}{" "}
          <Status status={summary.status} group="round_status" />
        </h1>
        <div class="actions">
          {/* approve needs a computed round; a queued or computing one can always be discarded
              (shared/rounds/decide.ts), so a round whose work is stuck never blocks matching */}
          {["queued", "computing", "computed"].includes(summary.status) && (
            <Decision summary={summary} reload={reload} />
          )}
          {r && (
            <button
              type="button"
              class="secondary"
              onClick={() => download(`/api/rounds/${id}/export/xlsx`, `round-${summary.number}.xlsx`)}
            >
              {t("console.export_xlsx")}
            </button>
          )}
          {r && (
            <button
              type="button"
              class="secondary"
              onClick={() => download(`/api/rounds/${id}/export/csv`, `round-${summary.number}.csv`)}
            >
              {t("console.export_csv")}
            </button>
          )}
          {r && summary.status === "approved" && (
            <button
              type="button"
              class="secondary"
              onClick={() =>
                download(`/api/rounds/${id}/export/csv?sheet=offers`, `round-${summary.number}-offers.csv`)
              }
            >
              {t("console.round.export_offers_csv")}
            </button>
          )}
        </div>
      </header>
      {working && (
        <Card title={t("console.round.computing")}>
          <div
            class="progress"
            role="progressbar"
            aria-valuenow={summary.progress}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <div style={{ width: `${summary.progress}%` }} />
          </div>
          <p class="muted">
            {t("console.round.progress", { percent: summary.progress, households: summary.households })}
          </p>
        </Card>
      )}
      {summary.status === "failed" && (
        <p class="error">{t("console.round.failed", { error: summary.error ?? "" })}</p>
      )}
      {r && (
        <>
          <Figures r={r} />
          <div class="grid-2">
            <Card>
              <Chart spec={r.charts.capacity} label={t("console.round.chart_capacity")} />
            </Card>
            <Card>
              <Chart spec={r.charts.rank} label={t("console.round.chart_rank")} />
            </Card>
          </div>
          <CapacityTable rows={r.capacity} />
          <Overrides list={r.overrides} />
          {["approved"].includes(summary.status) && <OffersPanel roundId={id} />}
          <Places summary={summary} editable={summary.status === "computed"} reload={reload} />
        </>
      )}
    </>
  );
}
