import type { CityEventRow, EventCreated, EventTold, EventView } from "@api/city";
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, post, put } from "../../api";
import { berlinInput, dateTime, num, t } from "../../i18n";
import { Card, ErrorLine, Field, useData } from "../../ui/common";
import {
  type Audience,
  AudiencePicker,
  filledTexts,
  selection,
  type Texts,
  TextsEditor,
  useSubmit,
} from "./common";

const KINDS = ["course", "workshop", "appointment"] as const;

interface Draft {
  kind: string;
  startsAt: string;
  place: string;
  texts: Texts;
}

/** Kind, date and time, place, texts per language with a preview of how a household reads it. */
function EventFields({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const set = (key: keyof Draft) => (e: Event) =>
    onChange({ ...draft, [key]: (e.target as HTMLInputElement).value });
  return (
    <>
      <div class="filter-grid">
        <Field label={t("consoleCity.events.kind")}>
          <select value={draft.kind} onChange={set("kind")}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`arrival.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("consoleCity.events.starts_at")}>
          <input type="datetime-local" required value={draft.startsAt} onInput={set("startsAt")} />
        </Field>
        <Field label={t("consoleCity.events.place")}>
          <input required maxLength={300} value={draft.place} onInput={set("place")} />
        </Field>
      </div>
      <TextsEditor
        texts={draft.texts}
        onChange={(texts) => onChange({ ...draft, texts })}
        preview={{ kind: draft.kind, startsAt: draft.startsAt, place: draft.place }}
      />
    </>
  );
}

/** A new event, with its audience (everyone, those not yet arrived, or the chosen households). */
function NewEventForm({ onSaved }: { onSaved: (id: string) => void }) {
  const [draft, setDraft] = useState<Draft>({ kind: "course", startsAt: "", place: "", texts: {} });
  const [audience, setAudience] = useState<Audience>("placed");
  const { error, busy, submit } = useSubmit(async () => {
    const created = await post<EventCreated>("/api/city/events", {
      ...draft,
      texts: filledTexts(draft.texts),
      audience,
      intakeIds: audience === "selection" ? selection.ids() : [],
    });
    onSaved(created.id);
  });
  return (
    <form onSubmit={submit} aria-label={t("consoleCity.events.new")}>
      <EventFields draft={draft} onChange={setDraft} />
      <AudiencePicker value={audience} onChange={setAudience} />
      <ErrorLine error={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("consoleCity.events.create")}
        </button>
      </div>
    </form>
  );
}

export function EventsPage() {
  const { route } = useLocation();
  const { data, error } = useData(() => get<CityEventRow[]>("/api/city/events"), []);
  return (
    <>
      <h1>{t("consoleCity.events.title")}</h1>
      <Card title={t("consoleCity.events.new")}>
        <NewEventForm onSaved={(id) => route(`/city/events/${id}`)} />
      </Card>
      <ErrorLine error={error} />
      {data && (
        <Card title={t("consoleCity.events.list", { count: data.length })}>
          {data.length === 0 ? (
            <p class="muted">{t("consoleCity.events.none")}</p>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th>{t("consoleCity.events.starts_at")}</th>
                  <th>{t("consoleCity.events.kind")}</th>
                  <th>{t("consoleCity.events.name")}</th>
                  <th>{t("consoleCity.events.place")}</th>
                  <th>{t("consoleCity.events.registered_col")}</th>
                  <th>{t("consoleCity.events.declined_col")}</th>
                </tr>
              </thead>
              <tbody>
                {data.map((e) => (
                  <tr key={e.id} class={e.cancelled ? "cancelled" : ""}>
                    <td data-label={t("consoleCity.events.starts_at")}>{dateTime(e.startsAt)}</td>
                    <td data-label={t("consoleCity.events.kind")}>{t(`arrival.kind.${e.kind}`)}</td>
                    <td data-label={t("consoleCity.events.name")}>
                      <a href={`/city/events/${e.id}`}>{e.title || "—"}</a>
                      {e.cancelled ? ` · ${t("consoleCity.events.cancelled")}` : ""}
                    </td>
                    <td data-label={t("consoleCity.events.place")}>{e.place}</td>
                    <td data-label={t("consoleCity.events.registered_col")}>{num(e.registered)}</td>
                    <td data-label={t("consoleCity.events.declined_col")}>{num(e.declined)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </>
  );
}

export function EventPage({ params }: { params: { id: string } }) {
  const { data, error, reload } = useData(() => get<EventView>(`/api/city/events/${params.id}`), [params.id]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [told, setTold] = useState<number | null>(null);
  // registrations come in from the chat: the list follows them
  useEffect(() => {
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [params.id]);
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p class="muted">{t("console.loading")}</p>;
  const act = async (run: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await run();
      reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const cancel = () =>
    act(async () => {
      if (!window.confirm(t("consoleCity.events.cancel_confirm"))) return;
      setTold((await post<EventTold>(`/api/city/events/${data.id}/cancel`)).told);
    });
  const attendance = (intakeId: string, attended: boolean) =>
    act(() => put(`/api/city/events/${data.id}/attendance`, { intakeId, attended }));
  const title = Object.values(data.texts)[0]?.split("\n")[0] ?? "";
  return (
    <>
      <p>
        <a href="/city/events">‹ {t("consoleCity.events.title")}</a>
      </p>
      <h1>
        {t(`arrival.kind.${data.kind}`)}: {title}
        {data.cancelled ? ` · ${t("consoleCity.events.cancelled")}` : ""}
      </h1>
      <p>
        {dateTime(data.startsAt)} · {data.place}
      </p>
      <ErrorLine error={actionError} />
      {told !== null && (
        <p role="status" class="done">
          {t("consoleCity.events.told", { count: told })}
        </p>
      )}
      <Card title={t("consoleCity.events.registered", { count: data.registered.length })}>
        {data.registered.length === 0 ? (
          <p class="muted">{t("consoleCity.events.nobody")}</p>
        ) : (
          <ul class="registrations">
            {data.registered.map((r) => (
              <li key={r.id}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={r.attendedAt !== null}
                    aria-label={t("consoleCity.events.attended_ref", { ref: r.ref })}
                    onChange={(e) => attendance(r.id, (e.target as HTMLInputElement).checked)}
                  />
                  <a href={`/city/households/${r.id}`}>{r.ref}</a>
                  {r.persons ? ` · ${t("consoleCity.persons", { count: r.persons })}` : ""}
                </label>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("consoleCity.events.declined", { count: data.declined.length })}>
        {data.declined.length === 0 ? (
          <p class="muted">{t("consoleCity.events.nobody")}</p>
        ) : (
          <ul class="declines">
            {data.declined.map((d) => (
              <li key={d.id}>
                <a href={`/city/households/${d.id}`}>{d.ref}</a> · {dateTime(d.at)}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {!data.cancelled && (
        <Card
          title={t("consoleCity.events.change")}
          actions={
            <button type="button" class="danger" onClick={cancel}>
              {t("consoleCity.events.cancel")}
            </button>
          }
        >
          <EventEdit
            event={data}
            onSaved={(n) => {
              setTold(n);
              reload();
            }}
          />
        </Card>
      )}
    </>
  );
}

function EventEdit({ event, onSaved }: { event: EventView; onSaved: (told: number) => void }) {
  const [draft, setDraft] = useState<Draft>({
    kind: event.kind,
    startsAt: berlinInput(event.startsAt),
    place: event.place,
    texts: event.texts,
  });
  const { error, busy, submit } = useSubmit(async () => {
    const r = await put<EventTold>(`/api/city/events/${event.id}`, {
      ...draft,
      texts: filledTexts(draft.texts),
    });
    onSaved(r.told);
  });
  return (
    <form onSubmit={submit} aria-label={t("consoleCity.events.change")}>
      <EventFields draft={draft} onChange={setDraft} />
      <ErrorLine error={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("consoleCity.events.save")}
        </button>
      </div>
    </form>
  );
}
