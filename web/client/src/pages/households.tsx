import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { download, get } from "../api";
import { date, num, t } from "../i18n";
import { ErrorLine, Field, languageLabel, needLabel, Pager, Status, useData } from "../ui/common";

export interface Reference {
  municipalities: { id: string; name: string }[];
  needs: string[];
  languages: string[];
  statuses: string[];
}

interface Row {
  id: string;
  ref: string;
  status: string;
  persons: number | null;
  children: number | null;
  needs: string[];
  languages: string[];
  hasRelatives: boolean | null;
  registeredAt: string | null;
  destination: { id: string; name: string } | null;
}

interface Page {
  total: number;
  page: number;
  pageSize: number;
  rows: Row[];
}

const FILTERS = [
  "status",
  "minPersons",
  "maxPersons",
  "children",
  "needs",
  "languages",
  "relatives",
  "registeredFrom",
  "registeredTo",
  "destination",
  "q",
  "sort",
  "dir",
  "page",
] as const;

/** The filters live in the address, so a filtered table can be reloaded, shared and exported. */
function useFilters() {
  const { query, route, path } = useLocation();
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const key of FILTERS) {
      const value = key in changes ? changes[key] : query[key];
      if (value) next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    route(`${path}?${next.toString()}`, true);
  };
  const search = new URLSearchParams();
  for (const key of FILTERS) if (query[key]) search.set(key, query[key] as string);
  return { query: query as Record<string, string | undefined>, set, search: search.toString() };
}

function MultiSelect(props: {
  label: string;
  options: { value: string; label: string }[];
  value: string | undefined;
  onChange: (v: string) => void;
}) {
  const chosen = new Set((props.value ?? "").split(",").filter(Boolean));
  const toggle = (v: string) => {
    if (chosen.has(v)) chosen.delete(v);
    else chosen.add(v);
    props.onChange([...chosen].join(","));
  };
  return (
    <fieldset class="multi">
      <legend>{props.label}</legend>
      {props.options.map((o) => (
        <label key={o.value} class="check">
          <input type="checkbox" checked={chosen.has(o.value)} onChange={() => toggle(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function Filters({
  reference,
  query,
  set,
}: {
  reference: Reference;
  query: Record<string, string | undefined>;
  set: (c: Record<string, string | undefined>) => void;
}) {
  const value = (key: string) => query[key] ?? "";
  const input = (key: string) => (e: Event) =>
    set({ [key]: (e.target as HTMLInputElement).value || undefined });
  return (
    <details class="filters" open>
      <summary>{t("console.households.filters")}</summary>
      <div class="filter-grid">
        <MultiSelect
          label={t("console.households.status")}
          options={reference.statuses.map((s) => ({ value: s, label: t(`console.status.${s}`) }))}
          value={query.status}
          onChange={(v) => set({ status: v || undefined })}
        />
        <Field label={t("console.households.persons_min")}>
          <input type="number" min={1} max={20} value={value("minPersons")} onChange={input("minPersons")} />
        </Field>
        <Field label={t("console.households.persons_max")}>
          <input type="number" min={1} max={20} value={value("maxPersons")} onChange={input("maxPersons")} />
        </Field>
        <Field label={t("console.households.children")}>
          <select value={value("children")} onChange={input("children")}>
            <option value="">{t("console.any")}</option>
            <option value="with">{t("console.households.with_children")}</option>
            <option value="without">{t("console.households.without_children")}</option>
          </select>
        </Field>
        <Field label={t("console.households.relatives")}>
          <select value={value("relatives")} onChange={input("relatives")}>
            <option value="">{t("console.any")}</option>
            <option value="yes">{t("console.yes")}</option>
            <option value="no">{t("console.no")}</option>
          </select>
        </Field>
        <MultiSelect
          label={t("console.households.needs")}
          options={reference.needs.map((n) => ({ value: n, label: needLabel(n) }))}
          value={query.needs}
          onChange={(v) => set({ needs: v || undefined })}
        />
        <MultiSelect
          label={t("console.households.languages")}
          options={reference.languages.map((l) => ({ value: l, label: languageLabel(l) }))}
          value={query.languages}
          onChange={(v) => set({ languages: v || undefined })}
        />
        <Field label={t("console.households.registered_from")}>
          <input type="date" value={value("registeredFrom")} onChange={input("registeredFrom")} />
        </Field>
        <Field label={t("console.households.registered_to")}>
          <input type="date" value={value("registeredTo")} onChange={input("registeredTo")} />
        </Field>
        <Field label={t("console.households.destination")}>
          <select value={value("destination")} onChange={input("destination")}>
            <option value="">{t("console.any")}</option>
            {reference.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </details>
  );
}

function SortHeader({
  field,
  label,
  query,
  set,
}: {
  field: string;
  label: string;
  query: Record<string, string | undefined>;
  set: (c: Record<string, string | undefined>) => void;
}) {
  const active = (query.sort ?? "registered") === field;
  const dir = active && query.dir === "desc" ? "desc" : "asc";
  return (
    <th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
      <button
        type="button"
        class="link"
        onClick={() => set({ sort: field, dir: active && dir === "asc" ? "desc" : "asc" })}
      >
        {label} {active ? (dir === "asc" ? "▲" : "▼") : ""}
      </button>
    </th>
  );
}

function Table({
  rows,
  query,
  set,
}: {
  rows: Row[];
  query: Record<string, string | undefined>;
  set: (c: Record<string, string | undefined>) => void;
}) {
  const { route } = useLocation();
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{t("console.households.ref")}</th>
          <SortHeader field="status" label={t("console.households.status")} query={query} set={set} />
          <SortHeader field="persons" label={t("console.households.persons")} query={query} set={set} />
          <SortHeader field="children" label={t("console.households.children")} query={query} set={set} />
          <th>{t("console.households.needs")}</th>
          <th>{t("console.households.languages")}</th>
          <SortHeader field="registered" label={t("console.households.registered")} query={query} set={set} />
          <th>{t("console.households.destination")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} class="clickable" onClick={() => route(`/households/${r.id}`)}>
            <td data-label={t("console.households.ref")}>
              <a href={`/households/${r.id}`}>{r.ref}</a>
            </td>
            <td data-label={t("console.households.status")}>
              <Status status={r.status} />
            </td>
            <td data-label={t("console.households.persons")}>{r.persons === null ? "—" : num(r.persons)}</td>
            <td data-label={t("console.households.children")}>
              {r.children === null ? "—" : num(r.children)}
            </td>
            <td data-label={t("console.households.needs")}>{r.needs.map(needLabel).join(", ") || "—"}</td>
            <td data-label={t("console.households.languages")}>
              {r.languages.map(languageLabel).join(", ") || "—"}
            </td>
            <td data-label={t("console.households.registered")}>{date(r.registeredAt)}</td>
            <td data-label={t("console.households.destination")}>{r.destination?.name ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HouseholdsPage() {
  const { query, set, search } = useFilters();
  const reference = useData(() => get<Reference>("/api/reference"), []);
  const page = useData(() => get<Page>(`/api/households?${search}`), [search]);
  const [q, setQ] = useState(query.q ?? "");
  const [exportError, setExportError] = useState<unknown>(null);
  const exportAs = (format: "xlsx" | "csv") =>
    download(`/api/households/export/${format}?${search}`, `households.${format}`).catch(setExportError);
  return (
    <>
      <header class="page-head">
        <h1>{t("console.households.title")}</h1>
        <div class="actions">
          <a class="button" href={`/rounds?${search}`}>
            {t("console.households.round_with_these")}
          </a>
          <button type="button" class="secondary" onClick={() => exportAs("xlsx")}>
            {t("console.export_xlsx")}
          </button>
          <button type="button" class="secondary" onClick={() => exportAs("csv")}>
            {t("console.export_csv")}
          </button>
        </div>
      </header>
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: q.trim() || undefined });
        }}
      >
        <input
          type="search"
          name="q"
          aria-label={t("console.households.search")}
          placeholder={t("console.households.search")}
          value={q}
          onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t("console.search")}</button>
      </form>
      {reference.data && <Filters reference={reference.data} query={query} set={set} />}
      <ErrorLine error={page.error ?? reference.error ?? exportError} />
      {page.data && (
        <>
          <p class="count" aria-live="polite">
            {t("console.households.count", { count: page.data.total })}
          </p>
          <Table rows={page.data.rows} query={query} set={set} />
          <Pager
            page={page.data.page}
            pageSize={page.data.pageSize}
            total={page.data.total}
            onPage={(p) => set({ page: String(p) })}
          />
        </>
      )}
    </>
  );
}
