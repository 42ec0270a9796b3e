import type { BroadcastPage, BroadcastRow, CityEventRow, Resent } from "@api/city";
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../../api";
import { dateTime, num, t } from "../../i18n";
import { Card, ErrorLine, Field, Pager, useData } from "../../ui/common";
import {
  type Audience,
  AudiencePicker,
  filledTexts,
  selection,
  type Texts,
  TextsEditor,
  useSubmit,
} from "./common";

/** Audience, texts per language with preview, now or at a time. */
function Composer({ onSent }: { onSent: () => void }) {
  const [audience, setAudience] = useState<Audience>("placed");
  const [eventId, setEventId] = useState("");
  const [texts, setTexts] = useState<Texts>({});
  const [scheduledAt, setScheduledAt] = useState("");
  const events = useData(() => get<CityEventRow[]>("/api/city/events"), []);
  const upcoming = (events.data ?? []).filter((e) => !e.cancelled && e.startsAt > new Date().toISOString());
  const { error, busy, submit } = useSubmit(async () => {
    await post("/api/city/broadcasts", {
      audience,
      intakeIds: audience === "selection" ? selection.ids() : [],
      eventId: audience === "event" ? eventId : undefined,
      texts: filledTexts(texts),
      scheduledAt,
    });
    setTexts({});
    setScheduledAt("");
    onSent();
  });
  return (
    <form onSubmit={submit} aria-label={t("consoleCity.broadcasts.new")}>
      <AudiencePicker value={audience} onChange={setAudience} withEvent />
      {audience === "event" && (
        <Field label={t("consoleCity.broadcasts.event")}>
          <select
            required
            value={eventId}
            onChange={(e) => setEventId((e.target as HTMLSelectElement).value)}
          >
            <option value="">—</option>
            {upcoming.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {dateTime(ev.startsAt)} · {ev.title}
              </option>
            ))}
          </select>
        </Field>
      )}
      <TextsEditor texts={texts} onChange={setTexts} />
      <Field label={t("consoleCity.broadcasts.schedule")}>
        <input
          type="datetime-local"
          value={scheduledAt}
          onInput={(e) => setScheduledAt((e.target as HTMLInputElement).value)}
        />
      </Field>
      <p class="muted">{t("consoleCity.broadcasts.schedule_hint")}</p>
      <ErrorLine error={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {scheduledAt ? t("consoleCity.broadcasts.schedule_send") : t("consoleCity.broadcasts.send_now")}
        </button>
      </div>
    </form>
  );
}

const STAT_KEYS = ["total", "delivered", "pending", "failed", "blocked", "unknown"] as const;

function BroadcastCard({ b, onChange }: { b: BroadcastRow; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [queued, setQueued] = useState<number | null>(null);
  const missed = b.stats.failed + b.stats.unknown;
  const again = async () => {
    try {
      setQueued((await post<Resent>(`/api/city/broadcasts/${b.id}/again`)).queued);
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  const cancel = async () => {
    try {
      await post(`/api/city/broadcasts/${b.id}/cancel`);
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  const text = Object.values(b.texts)[0] ?? "";
  return (
    <section
      class="card broadcast"
      aria-label={t("consoleCity.broadcasts.one", {
        when: dateTime(b.scheduledAt ?? b.startedAt ?? b.createdAt),
      })}
    >
      <header class="card-head">
        <h2>
          {dateTime(b.scheduledAt ?? b.startedAt ?? b.createdAt)} ·{" "}
          {t(`consoleCity.broadcasts.status_${b.status}`)}
        </h2>
        <div class="actions">
          {b.status === "scheduled" && (
            <button type="button" class="secondary" onClick={cancel}>
              {t("consoleCity.broadcasts.cancel")}
            </button>
          )}
          {missed > 0 && (
            <button type="button" onClick={again}>
              {t("consoleCity.broadcasts.again", { count: missed })}
            </button>
          )}
        </div>
      </header>
      <p>
        {b.audience === "selection"
          ? t("consoleCity.audience.selection", { count: b.selected })
          : t(`consoleCity.audience.${b.audience}`)}
      </p>
      <p class="muted">{text.slice(0, 200)}</p>
      <dl class="stats">
        {STAT_KEYS.map((k) => (
          <div key={k} class={`stat stat-${k}`}>
            <dt>{t(`consoleCity.broadcasts.stat_${k}`)}</dt>
            <dd>{num(b.stats[k])}</dd>
          </div>
        ))}
      </dl>
      <ErrorLine error={error} />
      {queued !== null && (
        <p role="status" class="done">
          {t("consoleCity.broadcasts.queued", { count: queued })}
        </p>
      )}
    </section>
  );
}

export function BroadcastsPage() {
  const [page, setPage] = useState(1);
  const { data, error, reload } = useData(
    () => get<BroadcastPage>(`/api/city/broadcasts?page=${page}`),
    [page],
  );
  // the figures follow the worker as it sends
  useEffect(() => {
    const timer = setInterval(reload, 4000);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      <h1>{t("consoleCity.broadcasts.title")}</h1>
      <Card title={t("consoleCity.broadcasts.new")}>
        <Composer onSent={reload} />
      </Card>
      <ErrorLine error={error} />
      {data && (
        <>
          <h2>{t("consoleCity.broadcasts.sent_list", { count: data.total })}</h2>
          {data.rows.length === 0 && <p class="muted">{t("consoleCity.broadcasts.none")}</p>}
          {data.rows.map((b) => (
            <BroadcastCard key={b.id} b={b} onChange={reload} />
          ))}
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}
