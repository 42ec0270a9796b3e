import { type ComponentChildren, cloneElement, type VNode } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError } from "../api";
import { t } from "../i18n";

/** A refused or failed request, in the staff member's language. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t("console.errors.server_error");
  const message = (error.body as { message?: string }).message;
  if (message) return message;
  // a refused move names its reason by code: shown in words
  const params: Record<string, string | number> = { ...error.params };
  if (typeof params.reason === "string") params.reason = t(`console.pair_reason.${params.reason}`);
  return t(`console.errors.${error.code}`, { ...params, defaultValue: t("console.errors.server_error") });
}

export function ErrorLine({ error }: { error: unknown }) {
  return error ? (
    <p class="error" role="alert">
      {errorText(error)}
    </p>
  ) : null;
}

/** Loads data for a page; `reload` fetches again (after a change). */
export function useData<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    setError(null);
    load().then(
      (d) => alive && setData(d),
      (e) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [...deps, version]);
  return { data, error, reload: () => setVersion((v) => v + 1) };
}

/** A status as a small badge; `group` names its texts (console.status, console.round_status …). */
export function Status({ status, group = "status" }: { status: string; group?: string }) {
  return <span class={`status status-${status}`}>{t(`console.${group}.${status}`)}</span>;
}

export function Card({
  title,
  children,
  actions,
}: {
  title?: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card">
      {(title || actions) && (
        <header class="card-head">
          {title && <h2>{title}</h2>}
          {actions && <div class="actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** Asks for a short text (a reason) before an action; nothing happens on cancel. */
export function ReasonDialog(props: {
  title: string;
  confirm: string;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await props.onConfirm(reason.trim());
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="dialog" role="dialog" aria-modal="true" aria-label={props.title}>
      <form onSubmit={submit}>
        <h2>{props.title}</h2>
        <label>
          {t("console.reason")}
          <textarea
            required
            maxLength={500}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <ErrorLine error={error} />
        <div class="actions">
          <button type="button" class="secondary" onClick={props.onClose}>
            {t("console.cancel")}
          </button>
          <button type="submit" disabled={busy || reason.trim() === ""}>
            {props.confirm}
          </button>
        </div>
      </form>
    </div>
  );
}

export function Pager(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <div class="pager">
      <button
        type="button"
        class="secondary"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        ‹ {t("console.previous")}
      </button>
      <span>{t("console.page_of", { page: props.page, pages })}</span>
      <button
        type="button"
        class="secondary"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {t("console.next")} ›
      </button>
    </div>
  );
}

/** Needs and languages by their names, never their codes. */
export const needLabel = (code: string) =>
  code === "wheelchair" || code === "pets"
    ? t(`console.needs.${code}`)
    : t(`intake.choices.medical_needs.${code}`);
export const languageLabel = (code: string) => t(`intake.choices.languages.${code}`);

/** A labelled control: the label names the control alone (for people and for screen readers). */
export function Field({ label, children }: { label: string; children: VNode }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}

/**
 * A table's filters live in the address (these keys), so a filtered table can be reloaded,
 * shared and exported; any change but the page's goes back to page one.
 */
export function useFilters(keys: readonly string[]) {
  const { query, route, path } = useLocation();
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const key of keys) {
      const value = key in changes ? changes[key] : query[key];
      if (value) next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    route(`${path}?${next.toString()}`, true);
  };
  const search = new URLSearchParams();
  for (const key of keys) if (query[key]) search.set(key, query[key] as string);
  /** one filter's value and its change, for an <input> or a <select> */
  const bind = (key: string) => ({
    value: (query[key] as string | undefined) ?? "",
    onChange: (e: Event) => set({ [key]: (e.target as HTMLInputElement).value || undefined }),
  });
  return { query: query as Record<string, string | undefined>, set, search: search.toString(), bind };
}

export type Filters = ReturnType<typeof useFilters>;
type Choice = { value: string; label: string };

/** A filter of one value out of a few: "any" (no filter) first, unless it always has a value. */
export function ChoiceFilter(props: {
  label: string;
  filters: Filters;
  name: string;
  choices: Choice[];
  /** the value shown when none is set; then there is no "any" */
  fallback?: string;
}) {
  const { value, onChange } = props.filters.bind(props.name);
  return (
    <Field label={props.label}>
      <select value={value || props.fallback || ""} onChange={onChange}>
        {props.fallback === undefined && <option value="">{t("console.any")}</option>}
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The household's size: at least and at most this many persons. */
export function PersonsFilter({ filters }: { filters: Filters }) {
  return (
    <>
      <Field label={t("console.households.persons_min")}>
        <input type="number" min={1} max={20} {...filters.bind("minPersons")} />
      </Field>
      <Field label={t("console.households.persons_max")}>
        <input type="number" min={1} max={20} {...filters.bind("maxPersons")} />
      </Field>
    </>
  );
}

/** Checkboxes for a filter that takes several values (kept in the address as "a,b,c"). */
export function MultiSelect(props: { label: string; options: Choice[]; filters: Filters; name: string }) {
  const current = props.filters.query[props.name];
  const chosen = new Set((current ?? "").split(",").filter(Boolean));
  const toggle = (v: string) => {
    if (chosen.has(v)) chosen.delete(v);
    else chosen.add(v);
    props.filters.set({ [props.name]: [...chosen].join(",") || undefined });
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
