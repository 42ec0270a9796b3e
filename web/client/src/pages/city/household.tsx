import type { CityCard } from "@api/city";
import { useEffect, useState } from "preact/hooks";
import { get, post, put } from "../../api";
import { berlinInput, date, dateTime, t } from "../../i18n";
import { Card, ErrorLine, Field, languageLabel, needLabel, Status, useData } from "../../ui/common";
import { PreArrivalSection } from "../../ui/pre-arrival";
import { useSubmit } from "./common";

interface Row {
  at: string;
  place: string;
  what: string;
}

/** Arrival details and appointments by form: pickers for moments, one row per appointment. */
function DetailsForm({ card, onSaved }: { card: CityCard; onSaved: () => void }) {
  const a = card.arrival;
  const initial = () => ({
    arrivalDate: berlinInput(a.arrivalDate),
    meetingPoint: a.meetingPoint ?? "",
    address: a.address ?? "",
    contactName: a.contactName ?? "",
    contactPhone: a.contactPhone ?? "",
  });
  const [fields, setFields] = useState(initial);
  const [rows, setRows] = useState<Row[]>(() => a.appointments.map((x) => ({ ...x, at: berlinInput(x.at) })));
  const [saved, setSaved] = useState<{ changed: boolean; told: number } | null>(null);
  useEffect(() => {
    setFields(initial());
    setRows(a.appointments.map((x) => ({ ...x, at: berlinInput(x.at) })));
  }, [a.version]);
  const field = (key: keyof ReturnType<typeof initial>) => (e: Event) =>
    setFields({ ...fields, [key]: (e.target as HTMLInputElement).value });
  const row = (i: number, key: keyof Row) => (e: Event) =>
    setRows(rows.map((r, n) => (n === i ? { ...r, [key]: (e.target as HTMLInputElement).value } : r)));
  const { error, busy, submit } = useSubmit(async () => {
    setSaved(
      await put(`/api/city/arrivals/${card.id}/details`, {
        version: a.version,
        ...fields,
        appointments: rows,
      }),
    );
    onSaved();
  });
  return (
    <form onSubmit={submit} class="details" aria-label={t("consoleCity.details.title")}>
      <div class="filter-grid">
        <Field label={t("consoleCity.details.arrival_date")}>
          <input type="datetime-local" value={fields.arrivalDate} onInput={field("arrivalDate")} />
        </Field>
        <Field label={t("consoleCity.details.meeting_point")}>
          <input maxLength={300} value={fields.meetingPoint} onInput={field("meetingPoint")} />
        </Field>
        <Field label={t("consoleCity.details.address")}>
          <input maxLength={300} value={fields.address} onInput={field("address")} />
        </Field>
        <Field label={t("consoleCity.details.contact_name")}>
          <input maxLength={200} value={fields.contactName} onInput={field("contactName")} />
        </Field>
        <Field label={t("consoleCity.details.contact_phone")}>
          <input type="tel" maxLength={40} value={fields.contactPhone} onInput={field("contactPhone")} />
        </Field>
      </div>
      <h3>{t("consoleCity.details.appointments")}</h3>
      {rows.length === 0 && <p class="muted">{t("consoleCity.details.no_appointments")}</p>}
      {rows.map((r, i) => (
        <fieldset class="appointment-row" key={i}>
          <legend>{t("consoleCity.details.appointment_n", { n: i + 1 })}</legend>
          <Field label={t("consoleCity.appointment.at")}>
            <input type="datetime-local" required value={r.at} onInput={row(i, "at")} />
          </Field>
          <Field label={t("consoleCity.appointment.place")}>
            <input required maxLength={300} value={r.place} onInput={row(i, "place")} />
          </Field>
          <Field label={t("consoleCity.appointment.what")}>
            <input required maxLength={400} value={r.what} onInput={row(i, "what")} />
          </Field>
          <button type="button" class="secondary" onClick={() => setRows(rows.filter((_, n) => n !== i))}>
            {t("console.remove")}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="secondary"
        disabled={rows.length >= 10}
        onClick={() => setRows([...rows, { at: "", place: "", what: "" }])}
      >
        {t("consoleCity.details.add_appointment")}
      </button>
      <ErrorLine error={error} />
      {saved && (
        <p role="status" class="done">
          {saved.changed
            ? t("consoleCity.details.saved_told", { count: saved.told })
            : t("consoleCity.details.unchanged")}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("consoleCity.details.save_send")}
        </button>
      </div>
    </form>
  );
}

export function CityHouseholdPage({ params }: { params: { id: string } }) {
  const { data, error, reload } = useData(
    () => get<CityCard>(`/api/city/arrivals/${params.id}`),
    [params.id],
  );
  const [actionError, setActionError] = useState<unknown>(null);
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p class="muted">{t("console.loading")}</p>;
  const arrived = async () => {
    try {
      await post(`/api/city/arrivals/${data.id}/arrived`);
      reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const f = data.facts;
  return (
    <>
      <p>
        <a href="/city">‹ {t("consoleCity.arrivals.title")}</a>
      </p>
      <h1>
        {t("consoleCity.card.title", { ref: data.ref })} <Status status={data.status} />
      </h1>
      <ErrorLine error={actionError} />
      <Card
        title={t("consoleCity.card.overview")}
        actions={
          data.status === "placed" ? (
            <button type="button" onClick={arrived}>
              {t("consoleCity.card.mark_arrived")}
            </button>
          ) : null
        }
      >
        <dl class="facts">
          <dt>{t("consoleCity.arrivals.persons")}</dt>
          <dd>
            {f.persons === null ? "—" : t("consoleCity.persons", { count: f.persons })}
            {f.children ? ` · ${t("consoleCity.children", { count: f.children })}` : ""}
          </dd>
          <dt>{t("console.households.needs")}</dt>
          <dd>{f.needs.map(needLabel).join(", ") || t("consoleCity.card.no_needs")}</dd>
          <dt>{t("consoleCity.arrivals.languages")}</dt>
          <dd>{f.languages.map(languageLabel).join(", ") || "—"}</dd>
          <dt>{t("consoleCity.card.chat_language")}</dt>
          <dd>{t(`console.languages.${data.language}`, { defaultValue: data.language })}</dd>
          <dt>{t("consoleCity.card.ranking")}</dt>
          <dd>
            {data.ranking
              ? t("consoleCity.card.ranked", { position: data.ranking.position, of: data.ranking.of })
              : t("consoleCity.card.unranked")}
          </dd>
          <dt>{t("consoleCity.card.travel_date")}</dt>
          <dd>{f.travelDate ? date(f.travelDate) : "—"}</dd>
          <dt>{t("consoleCity.card.placed_at")}</dt>
          <dd>{dateTime(data.placedAt)}</dd>
          {data.arrivedAt && (
            <>
              <dt>{t("consoleCity.card.arrived_at")}</dt>
              <dd>{dateTime(data.arrivedAt)}</dd>
            </>
          )}
        </dl>
      </Card>
      <PreArrivalSection data={data.preArrival} />
      <Card title={t("consoleCity.details.title")}>
        <DetailsForm card={data} onSaved={reload} />
      </Card>
      <Card title={t("consoleCity.card.events")}>
        {data.events.length === 0 ? (
          <p class="muted">{t("consoleCity.card.no_events")}</p>
        ) : (
          <ul class="events">
            {data.events.map((e) => (
              <li key={e.id}>
                <a href={`/city/events/${e.id}`}>
                  {dateTime(e.startsAt)} · {t(`arrival.kind.${e.kind}`)} · {e.title}
                </a>{" "}
                — {t(`consoleCity.card.answer_${e.answer}`)}
                {e.attendedAt ? ` · ${t("consoleCity.events.attended")}` : ""}
                {e.cancelled ? ` · ${t("consoleCity.events.cancelled")}` : ""}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("consoleCity.card.questions")}>
        {data.questions.length === 0 ? (
          <p class="muted">{t("consoleCity.card.no_questions")}</p>
        ) : (
          <ul>
            {data.questions.map((q) => (
              <li key={q.at}>
                {dateTime(q.at)} · {q.text}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("consoleCity.card.answers")}>
        {data.sections.map((s) => (
          <section key={s.title} class="answers">
            <h3>{s.title}</h3>
            <dl>
              {s.items.map((i) => (
                <>
                  <dt>{i.label}</dt>
                  <dd>{i.value}</dd>
                </>
              ))}
            </dl>
          </section>
        ))}
      </Card>
    </>
  );
}
