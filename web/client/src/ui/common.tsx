import { type ComponentChildren, cloneElement, type VNode } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
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
