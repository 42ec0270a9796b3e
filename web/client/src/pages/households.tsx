import type { HouseholdsPage as Page, Reference, HouseholdRow as Row } from "@api/households";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { download, get } from "../api";
import { date, num, t } from "../i18n";
import {
  ChoiceFilter,
  ErrorLine,
  Field,
  type Filters,
  languageLabel,
  MultiSelect,
  needLabel,
  Pager,
  PersonsFilter,
  Status,
  useData,
  useFilters,
} from "../ui/common";
import { createSelection } from "../ui/selection";

/** Households picked in the table for a round (kept while paging and filtering). */
export const chosenHouseholds = createSelection("rematch.households.chosen");

export const FILTERS = [
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

function FilterPanel({ reference, filters }: { reference: Reference; filters: Filters }) {
  const yesNo = [
    { value: "yes", label: t("console.yes") },
    { value: "no", label: t("console.no") },
  ];
  return (
    <details class="filters" open>
      <summary>{t("console.households.filters")}</summary>
      <div class="filter-grid">
        <MultiSelect
          label={t("console.households.status")}
          options={reference.statuses.map((s) => ({ value: s, label: t(`console.status.${s}`) }))}
          filters={filters}
          name="status"
        />
        <PersonsFilter filters={filters} />
        <ChoiceFilter
          label={t("console.households.children")}
          filters={filters}
          name="children"
          choices={[
            { value: "with", label: t("console.households.with_children") },
            { value: "without", label: t("console.households.without_children") },
          ]}
        />
        <ChoiceFilter
          label={t("console.households.relatives")}
          filters={filters}
          name="relatives"
          choices={yesNo}
        />
        <MultiSelect
          label={t("console.households.needs")}
          options={reference.needs.map((n) => ({ value: n, label: needLabel(n) }))}
          filters={filters}
          name="needs"
        />
        <MultiSelect
          label={t("console.households.languages")}
          options={reference.languages.map((l) => ({ value: l, label: languageLabel(l) }))}
          filters={filters}
          name="languages"
        />
        <Field label={t("console.households.registered_from")}>
          <input type="date" {...filters.bind("registeredFrom")} />
        </Field>
        <Field label={t("console.households.registered_to")}>
          <input type="date" {...filters.bind("registeredTo")} />
        </Field>
        <ChoiceFilter
          label={t("console.households.destination")}
          filters={filters}
          name="destination"
          choices={reference.municipalities.map((m) => ({ value: m.id, label: m.name }))}
        />
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
  const chosen = chosenHouseholds.useSelection();
  return (
    <div class="scroll">
      <table class="table wrap">
        <thead>
          <tr>
            <th>{t("console.households.choose")}</th>
            <th>{t("console.households.ref")}</th>
            <SortHeader field="status" label={t("console.households.status")} query={query} set={set} />
            <SortHeader field="persons" label={t("console.households.persons")} query={query} set={set} />
            <SortHeader field="children" label={t("console.households.children")} query={query} set={set} />
            <th>{t("console.households.needs")}</th>
            <th>{t("console.households.languages")}</th>
            <SortHeader
              field="registered"
              label={t("console.households.registered")}
              query={query}
              set={set}
            />
            <th>{t("console.households.destination")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} class="clickable" onClick={() => route(`/households/${r.id}`)}>
              <td data-label={t("console.households.choose")}>
                <input
                  type="checkbox"
                  // choosing a row does not open it
                  onClick={(e) => e.stopPropagation()}
                  aria-label={t("console.households.choose_household", { ref: r.ref })}
                  checked={chosen.has(r.id)}
                  onChange={(e) => chosen.set([r.id], (e.target as HTMLInputElement).checked)}
                />
              </td>
              <td data-label={t("console.households.ref")}>
                <a href={`/households/${r.id}`}>{r.ref}</a>
              </td>
              <td data-label={t("console.households.status")}>
                <Status status={r.status} />
              </td>
              <td data-label={t("console.households.persons")}>
                {r.persons === null ? "—" : num(r.persons)}
              </td>
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
    </div>
  );
}

/** This page's rows chosen or not at once; how many are chosen, a round with them, or none. */
function Chosen({ pageIds }: { pageIds: string[] }) {
  const chosen = chosenHouseholds.useSelection();
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => chosen.has(id));
  return (
    <div class="actions">
      <button type="button" class="secondary" onClick={() => chosen.set(pageIds, !allOnPage)}>
        {allOnPage ? t("console.households.unchoose_page") : t("console.households.choose_page")}
      </button>
      {chosen.size() > 0 && (
        <>
          <span class="muted" aria-live="polite">
            {t("console.households.chosen", { count: chosen.size() })}
          </span>
          <a class="button" href="/rounds?chosen=1">
            {t("console.households.round_with_chosen")}
          </a>
          <button type="button" class="secondary" onClick={() => chosen.clear()}>
            {t("console.households.clear_chosen")}
          </button>
        </>
      )}
    </div>
  );
}

export function HouseholdsPage() {
  const filters = useFilters(FILTERS);
  const { query, set, search } = filters;
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
      {reference.data && <FilterPanel reference={reference.data} filters={filters} />}
      <ErrorLine error={page.error ?? reference.error ?? exportError} />
      {page.data && (
        <>
          <p class="count" aria-live="polite">
            {t("console.households.count", { count: page.data.total })}
          </p>
          <Chosen pageIds={page.data.rows.map((r) => r.id)} />
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
