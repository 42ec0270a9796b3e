import type { ArrivalIds, BulkAppointmentDone, BulkDetailsDone, ArrivalsPage as Page } from "@api/city";
import type { Reference } from "@api/households";
import { useState } from "preact/hooks";
import { get, post } from "../../api";
import { dateTime, num, t } from "../../i18n";
import {
  ChoiceFilter,
  ErrorLine,
  Field,
  languageLabel,
  MultiSelect,
  needLabel,
  Pager,
  PersonsFilter,
  Status,
  useData,
  useFilters,
} from "../../ui/common";
import { useSelection, useSubmit } from "./common";

/** "yes" and "no", labelled by `<key>_yes` and `<key>_no` */
const yesNo = (key: string) => [
  { value: "yes", label: t(`${key}_yes`) },
  { value: "no", label: t(`${key}_no`) },
];

const FILTERS = ["dated", "arrived", "needs", "minPersons", "maxPersons", "sort", "dir", "page"] as const;

/** The same appointment for every chosen household: each one is told once, as its update. */
function BulkAppointment() {
  const sel = useSelection();
  const [at, setAt] = useState("");
  const [place, setPlace] = useState("");
  const [what, setWhat] = useState("");
  const [done, setDone] = useState<BulkAppointmentDone | null>(null);
  const { error, busy, submit } = useSubmit(async () => {
    setDone(
      await post<BulkAppointmentDone>("/api/city/appointments", {
        intakeIds: sel.ids(),
        appointment: { at, place, what },
      }),
    );
  });
  return (
    <form class="card bulk" onSubmit={submit} aria-label={t("consoleCity.bulk.title")}>
      <h2>{t("consoleCity.bulk.title")}</h2>
      <p>{t("consoleCity.bulk.chosen", { count: sel.size() })}</p>
      <div class="filter-grid">
        <Field label={t("consoleCity.appointment.at")}>
          <input
            type="datetime-local"
            required
            value={at}
            onInput={(e) => setAt((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field label={t("consoleCity.appointment.place")}>
          <input
            required
            maxLength={300}
            value={place}
            onInput={(e) => setPlace((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field label={t("consoleCity.appointment.what")}>
          <input
            required
            maxLength={400}
            value={what}
            onInput={(e) => setWhat((e.target as HTMLInputElement).value)}
          />
        </Field>
      </div>
      <ErrorLine error={error} />
      {done && (
        <p role="status" class="done">
          {t("consoleCity.bulk.done", { count: done.changed, told: done.told })}
          {done.already > 0 && ` ${t("consoleCity.bulk.already", { count: done.already })}`}
          {done.full > 0 && ` ${t("consoleCity.bulk.full", { count: done.full })}`}
        </p>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => sel.clear()} disabled={sel.size() === 0}>
          {t("consoleCity.bulk.clear")}
        </button>
        <button type="submit" disabled={busy || sel.size() === 0}>
          {t("consoleCity.bulk.send", { count: sel.size() })}
        </button>
      </div>
    </form>
  );
}

const DETAIL_FIELDS = ["meetingPoint", "address", "contactName", "contactPhone"] as const;
const DETAIL_LABELS: Record<(typeof DETAIL_FIELDS)[number], string> = {
  meetingPoint: "meeting_point",
  address: "address",
  contactName: "contact_name",
  contactPhone: "contact_phone",
};

/** The same arrival details for every chosen household (a group that travels together); empty fields stay. */
function BulkDetails() {
  const sel = useSelection();
  const [values, setValues] = useState<Record<string, string>>({});
  const [done, setDone] = useState<BulkDetailsDone | null>(null);
  const filled = Object.values(values).some((v) => v.trim() !== "");
  const { error, busy, submit } = useSubmit(async () => {
    setDone(
      await post<BulkDetailsDone>("/api/city/arrivals/details", {
        intakeIds: sel.ids(),
        details: {
          arrivalDate: values.arrivalDate ?? "",
          ...Object.fromEntries(DETAIL_FIELDS.map((f) => [f, values[f] ?? ""])),
        },
      }),
    );
  });
  const bind = (f: string) => ({
    value: values[f] ?? "",
    onInput: (e: Event) => setValues({ ...values, [f]: (e.target as HTMLInputElement).value }),
  });
  return (
    <form class="card bulk" onSubmit={submit} aria-label={t("consoleCity.bulk_details.title")}>
      <h2>{t("consoleCity.bulk_details.title")}</h2>
      <p>{t("consoleCity.bulk.chosen", { count: sel.size() })}</p>
      <p class="muted">{t("consoleCity.bulk_details.hint")}</p>
      <div class="filter-grid">
        <Field label={t("consoleCity.details.arrival_date")}>
          <input type="datetime-local" {...bind("arrivalDate")} />
        </Field>
        {DETAIL_FIELDS.map((f) => (
          <Field key={f} label={t(`consoleCity.details.${DETAIL_LABELS[f]}`)}>
            <input maxLength={f === "contactPhone" ? 40 : 300} {...bind(f)} />
          </Field>
        ))}
      </div>
      <ErrorLine error={error} />
      {done && (
        <p role="status" class="done">
          {t("consoleCity.bulk.done", { count: done.changed, told: done.told })}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy || sel.size() === 0 || !filled}>
          {t("consoleCity.bulk_details.send", { count: sel.size() })}
        </button>
      </div>
    </form>
  );
}

export function ArrivalsPage() {
  const filters = useFilters(FILTERS);
  const { search, set } = filters;
  const sel = useSelection();
  const reference = useData(() => get<Reference>("/api/reference"), []);
  const { data, error } = useData(() => get<Page>(`/api/city/arrivals?${search}`), [search]);
  const chooseAll = async () => {
    const filter = new URLSearchParams(search);
    for (const k of ["sort", "dir", "page"]) filter.delete(k);
    const { ids } = await get<ArrivalIds>(`/api/city/arrivals/ids?${filter.toString()}`);
    sel.set(ids, true);
  };
  const pageIds = data?.rows.map((r) => r.id) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => sel.has(id));
  return (
    <>
      <h1>
        {data
          ? t("consoleCity.arrivals.title_in", { city: data.municipality.name })
          : t("consoleCity.arrivals.title")}
      </h1>
      <details class="filters" open>
        <summary>{t("console.households.filters")}</summary>
        <div class="filter-grid">
          <ChoiceFilter
            label={t("consoleCity.arrivals.dated")}
            filters={filters}
            name="dated"
            choices={yesNo("consoleCity.arrivals.dated")}
          />
          <ChoiceFilter
            label={t("consoleCity.arrivals.arrived")}
            filters={filters}
            name="arrived"
            choices={yesNo("consoleCity.arrivals.arrived")}
          />
          <PersonsFilter filters={filters} />
          <ChoiceFilter
            label={t("consoleCity.arrivals.sort")}
            filters={filters}
            name="sort"
            fallback="placed"
            choices={["placed", "arrival", "persons", "ref"].map((s) => ({
              value: s,
              label: t(`consoleCity.arrivals.sort_${s}`),
            }))}
          />
          <ChoiceFilter
            label={t("consoleCity.arrivals.dir")}
            filters={filters}
            name="dir"
            fallback="asc"
            choices={[
              { value: "asc", label: t("consoleCity.arrivals.asc") },
              { value: "desc", label: t("consoleCity.arrivals.desc") },
            ]}
          />
          {reference.data && (
            <MultiSelect
              label={t("console.households.needs")}
              options={reference.data.needs.map((n) => ({ value: n, label: needLabel(n) }))}
              filters={filters}
              name="needs"
            />
          )}
        </div>
      </details>
      <ErrorLine error={error} />
      {data && (
        <>
          <p class="count">
            {t("consoleCity.arrivals.count", { count: data.total, formatted: num(data.total) })}
          </p>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => sel.set(pageIds, !allOnPage)}>
              {allOnPage ? t("consoleCity.arrivals.unchoose_page") : t("consoleCity.arrivals.choose_page")}
            </button>
            <button type="button" class="secondary" onClick={chooseAll}>
              {t("consoleCity.arrivals.choose_all", { count: data.total })}
            </button>
          </div>
          {data.total === 0 ? (
            <p class="muted">{t("consoleCity.arrivals.none")}</p>
          ) : (
            <table class="table arrivals">
              <thead>
                <tr>
                  <th>{t("consoleCity.arrivals.choose")}</th>
                  <th>{t("consoleCity.arrivals.ref")}</th>
                  <th>{t("console.households.status")}</th>
                  <th>{t("consoleCity.arrivals.persons")}</th>
                  <th>{t("console.households.needs")}</th>
                  <th>{t("consoleCity.arrivals.languages")}</th>
                  <th>{t("consoleCity.arrivals.arrival_date")}</th>
                  <th>{t("consoleCity.arrivals.appointments")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t("consoleCity.arrivals.choose")}>
                      <input
                        type="checkbox"
                        aria-label={t("consoleCity.arrivals.choose_household", { ref: r.ref })}
                        checked={sel.has(r.id)}
                        onChange={(e) => sel.set([r.id], (e.target as HTMLInputElement).checked)}
                      />
                    </td>
                    <td data-label={t("consoleCity.arrivals.ref")}>
                      <a href={`/city/households/${r.id}`}>{r.ref}</a>
                    </td>
                    <td data-label={t("console.households.status")}>
                      <Status status={r.status} />
                    </td>
                    <td data-label={t("consoleCity.arrivals.persons")}>
                      {r.persons === null ? "—" : t("consoleCity.persons", { count: r.persons })}
                      {r.children ? ` · ${t("consoleCity.children", { count: r.children })}` : ""}
                    </td>
                    <td data-label={t("console.households.needs")}>
                      {r.needs.map(needLabel).join(", ") || "—"}
                    </td>
                    <td data-label={t("consoleCity.arrivals.languages")}>
                      {r.languages.map(languageLabel).join(", ") || "—"}
                    </td>
                    <td data-label={t("consoleCity.arrivals.arrival_date")}>
                      {r.arrivalDate ? dateTime(r.arrivalDate) : t("consoleCity.arrivals.not_set")}
                    </td>
                    <td data-label={t("consoleCity.arrivals.appointments")}>{num(r.appointments)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            onPage={(p) => set({ page: String(p) })}
          />
        </>
      )}
      <BulkAppointment />
      <BulkDetails />
    </>
  );
}
