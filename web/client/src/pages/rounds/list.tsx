import type { Reference } from "@api/households";
import type { RoundRow, RoundStarted } from "@api/rounds";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, post } from "../../api";
import { dateTime, num, t } from "../../i18n";
import { Card, ErrorLine, Field, Status, useData } from "../../ui/common";
import { chosenHouseholds } from "../households";

/**
 * A new round: the households waiting now (all, those matching the household table's filters,
 * which come along in the address, or those picked in the table), the municipalities (all with
 * free places, or the ones ticked), and whether relatives are a bonus or a requirement.
 */
function NewRound({ reference, onStarted }: { reference: Reference; onStarted: (id: string) => void }) {
  const { query } = useLocation();
  const fromTable = Object.fromEntries(
    Object.entries(query).filter(([k]) => k !== "page" && k !== "sort" && k !== "dir" && k !== "chosen"),
  );
  const picked = chosenHouseholds.useSelection();
  const [useChosen, setUseChosen] = useState(query.chosen === "1" && picked.size() > 0);
  const [useFilter, setUseFilter] = useState(!useChosen && Object.keys(fromTable).length > 0);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [relatives, setRelatives] = useState<"bonus" | "require">("bonus");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await post<RoundStarted>("/api/rounds", {
        ...(useChosen ? { intakeIds: picked.ids() } : { filter: useFilter ? fromTable : undefined }),
        municipalityIds: chosen.size > 0 ? [...chosen] : undefined,
        relatives,
      });
      if (useChosen) picked.clear();
      onStarted(created.roundId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t("console.rounds.new")}>
      <form class="stack" onSubmit={start}>
        {picked.size() > 0 && (
          <label class="check">
            <input
              type="checkbox"
              checked={useChosen}
              onChange={() => {
                setUseChosen(!useChosen);
                setUseFilter(false);
              }}
            />
            {t("console.rounds.use_chosen", { count: picked.size() })}
          </label>
        )}
        {Object.keys(fromTable).length > 0 && (
          <label class="check">
            <input
              type="checkbox"
              checked={useFilter}
              onChange={() => {
                setUseFilter(!useFilter);
                setUseChosen(false);
              }}
            />
            {t("console.rounds.use_filter")}
          </label>
        )}
        <p class="muted">{t("console.rounds.households_hint")}</p>
        <fieldset class="multi">
          <legend>{t("console.rounds.municipalities")}</legend>
          {reference.municipalities.map((m) => (
            <label key={m.id} class="check">
              <input
                type="checkbox"
                checked={chosen.has(m.id)}
                onChange={() => {
                  const next = new Set(chosen);
                  if (next.has(m.id)) next.delete(m.id);
                  else next.add(m.id);
                  setChosen(next);
                }}
              />
              {m.name}
            </label>
          ))}
        </fieldset>
        <p class="muted">{t("console.rounds.municipalities_hint")}</p>
        <Field label={t("console.rounds.relatives")}>
          <select
            value={relatives}
            onChange={(e) => setRelatives((e.target as HTMLSelectElement).value as "bonus" | "require")}
          >
            <option value="bonus">{t("console.rounds.relatives_bonus")}</option>
            <option value="require">{t("console.rounds.relatives_require")}</option>
          </select>
        </Field>
        <ErrorLine error={error} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t("console.rounds.start")}
          </button>
        </div>
      </form>
    </Card>
  );
}

export function RoundsPage() {
  const { route } = useLocation();
  const rounds = useData(() => get<RoundRow[]>("/api/rounds"), []);
  const reference = useData(() => get<Reference>("/api/reference"), []);
  return (
    <>
      <header class="page-head">
        <h1>{t("console.rounds.title")}</h1>
      </header>
      {reference.data && <NewRound reference={reference.data} onStarted={(id) => route(`/rounds/${id}`)} />}
      <ErrorLine error={rounds.error} />
      {rounds.data && (
        <table class="table">
          <thead>
            <tr>
              <th>{t("console.rounds.number")}</th>
              <th>{t("console.households.status")}</th>
              <th>{t("console.rounds.households")}</th>
              <th>{t("console.rounds.municipalities")}</th>
              <th>{t("console.rounds.created")}</th>
            </tr>
          </thead>
          <tbody>
            {rounds.data.map((r) => (
              <tr key={r.id} class="clickable" onClick={() => route(`/rounds/${r.id}`)}>
                <td data-label={t("console.rounds.number")}>
                  <a href={`/rounds/${r.id}`}>{t("console.rounds.round", { number: r.number })}</a>
                </td>
                <td data-label={t("console.households.status")}>
                  <Status status={r.status} group="round_status" />
                </td>
                <td data-label={t("console.rounds.households")}>{num(r.households)}</td>
                <td data-label={t("console.rounds.municipalities")}>{num(r.municipalities)}</td>
                <td data-label={t("console.rounds.created")}>{dateTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
