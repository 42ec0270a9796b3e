import type { Capacity, Imported, ImportPlan as Plan, MunicipalityRow as Row } from "@api/staff";
import { useState } from "preact/hooks";
import { ApiError, get, post, put } from "../api";
import { num, t } from "../i18n";
import { Card, ErrorLine, Field, useData } from "../ui/common";

const DIMENSIONS = [
  "persons",
  "units1to2",
  "units3to4",
  "units5plus",
  "schoolPlaces",
  "kindergartenPlaces",
  "accessibleUnits",
];

const FLAGS = ["languageCourses", "integrationCourses", "welcomeClasses", "petsAllowed"];

/** Capacities and services of one municipality, checked on the server with the import's schema. */
function Edit({ row, onDone, onCancel }: { row: Row; onDone: () => void; onCancel: () => void }) {
  const [capacity, setCapacity] = useState<Capacity>({ ...row.capacity });
  const [services, setServices] = useState<Record<string, unknown>>({ ...row.services });
  const [error, setError] = useState<unknown>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await put(`/api/municipalities/${row.id}`, { name: row.name, capacity, services });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="stack" onSubmit={save}>
      <div class="filter-grid">
        {DIMENSIONS.map((d) => (
          <Field key={d} label={t(`console.dimension.${d}`)}>
            <input
              type="number"
              min={0}
              value={capacity[d]}
              onInput={(e) => setCapacity({ ...capacity, [d]: Number((e.target as HTMLInputElement).value) })}
            />
          </Field>
        ))}
      </div>
      <div class="filter-grid">
        {FLAGS.map((f) => (
          <label key={f} class="check">
            <input
              type="checkbox"
              checked={services[f] === true}
              onChange={() => setServices({ ...services, [f]: services[f] !== true })}
            />
            {t(`console.service.${f}`)}
          </label>
        ))}
        <Field label={t("console.service.ukrainianCommunity")}>
          <input
            type="number"
            min={0}
            value={Number(services.ukrainianCommunity ?? 0)}
            onInput={(e) =>
              setServices({ ...services, ukrainianCommunity: Number((e.target as HTMLInputElement).value) })
            }
          />
        </Field>
        <Field label={t("console.service.citySize")}>
          <select
            value={String(services.citySize ?? "big")}
            onChange={(e) => setServices({ ...services, citySize: (e.target as HTMLSelectElement).value })}
          >
            <option value="big">{t("console.service.big")}</option>
            <option value="small">{t("console.service.small")}</option>
          </select>
        </Field>
      </div>
      <ErrorLine error={error} />
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel}>
          {t("console.cancel")}
        </button>
        <button type="submit">{t("console.save")}</button>
      </div>
    </form>
  );
}

/** Importing a file: first what would change and every problem, then (only if clean) the import. */
function Import({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState("");
  const [format, setFormat] = useState<"yaml" | "csv" | "json">("yaml");
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  const readFile = async (file: File) => {
    setText(await file.text());
    setFormat(file.name.endsWith(".csv") ? "csv" : file.name.endsWith(".json") ? "json" : "yaml");
    setPlan(null);
  };
  const preview = async () => {
    setError(null);
    try {
      setPlan(await post<Plan>("/api/municipalities/import/preview", { format, text }));
    } catch (err) {
      setError(err);
      setPlan(null);
    }
  };
  const apply = async () => {
    try {
      const r = await post<Imported>("/api/municipalities/import", { format, text });
      setDone(t("console.municipalities.imported", { count: r.imported }));
      setPlan(null);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.body.issues)
        setPlan({ rows: [], issues: err.body.issues as Plan["issues"] });
      setError(err);
    }
  };
  return (
    <Card title={t("console.municipalities.import")}>
      <div class="stack">
        <input
          type="file"
          aria-label={t("console.municipalities.file")}
          accept=".yaml,.yml,.csv,.json"
          onChange={(e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) void readFile(file);
          }}
        />
        <div class="actions">
          <button type="button" class="secondary" disabled={!text} onClick={preview}>
            {t("console.municipalities.preview")}
          </button>
          {plan && plan.issues.length === 0 && (
            <button type="button" onClick={apply}>
              {t("console.municipalities.apply", { count: plan.rows.length })}
            </button>
          )}
        </div>
        <ErrorLine error={error} />
        {done && (
          <p class="ok" role="status">
            {done}
          </p>
        )}
        {plan && plan.issues.length > 0 && (
          <div role="alert">
            <p class="error">{t("console.municipalities.issues", { count: plan.issues.length })}</p>
            <ul class="issues">
              {plan.issues.map((i) => (
                <li key={`${i.row}-${i.field}`}>
                  {t("console.municipalities.issue", {
                    row: i.row,
                    field: i.field || "—",
                    message: i.message,
                  })}
                </li>
              ))}
            </ul>
          </div>
        )}
        {plan && plan.issues.length === 0 && (
          <ul class="plan">
            {plan.rows.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong> — {t(`console.municipalities.action_${r.action}`)}
                {r.changes.length > 0 && (
                  <ul>
                    {r.changes.map((c) => (
                      <li key={c.field}>
                        {c.field}: {JSON.stringify(c.from)} → {JSON.stringify(c.to)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

export function MunicipalitiesPage() {
  const list = useData(() => get<Row[]>("/api/municipalities"), []);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <header class="page-head">
        <h1>{t("console.municipalities.title")}</h1>
      </header>
      <ErrorLine error={list.error} />
      {list.data && (
        <Card title={t("console.municipalities.free")}>
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
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.map((m) => (
                  <>
                    <tr key={m.id}>
                      <td>{m.name}</td>
                      {DIMENSIONS.map((d) => (
                        <td
                          key={d}
                          class="num"
                          title={t("console.municipalities.cell", { free: m.free[d], total: m.capacity[d] })}
                        >
                          {num(m.free[d] ?? 0)} / {num(m.capacity[d] ?? 0)}
                        </td>
                      ))}
                      <td>
                        <button
                          type="button"
                          class="link"
                          onClick={() => setEditing(editing === m.id ? null : m.id)}
                          aria-label={t("console.municipalities.edit_label", { name: m.name })}
                        >
                          {t("console.municipalities.edit")}
                        </button>
                      </td>
                    </tr>
                    {editing === m.id && (
                      <tr key={`${m.id}-edit`}>
                        <td colSpan={DIMENSIONS.length + 2}>
                          <Edit
                            row={m}
                            onCancel={() => setEditing(null)}
                            onDone={() => {
                              setEditing(null);
                              list.reload();
                            }}
                          />
                        </td>
                      </tr>
                    )}
                  </>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      <Import onDone={list.reload} />
    </>
  );
}
