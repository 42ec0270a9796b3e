import type {
  AnswerForm as Form,
  HouseholdCard,
  AnswerItem as Item,
  QuestionForm,
  RawAnswer as Raw,
} from "@api/households";
import { useState } from "preact/hooks";
import { ApiError, get, post, put } from "../api";
import { date, dateTime, num, t } from "../i18n";
import {
  Card,
  ErrorLine,
  Field,
  languageLabel,
  needLabel,
  ReasonDialog,
  Status,
  useData,
} from "../ui/common";
import { PreArrivalSection } from "../ui/pre-arrival";

/** One input for one answer, by the question's type; gives back the value as the engine takes it. */
function AnswerInput({
  form,
  value,
  onChange,
  label,
  id,
}: {
  form: Form;
  value: Raw;
  onChange: (v: Raw) => void;
  label: string;
  id?: string;
}) {
  switch (form.type) {
    case "number":
      return (
        <input
          aria-label={label}
          type="number"
          min={form.min}
          max={form.max}
          value={value === null ? "" : String(value)}
          onInput={(e) => onChange((e.target as HTMLInputElement).value)}
        />
      );
    case "text":
      return (
        <input
          aria-label={label}
          type="text"
          maxLength={form.maxLength}
          value={value === null ? "" : String(value)}
          onInput={(e) => onChange((e.target as HTMLInputElement).value)}
        />
      );
    case "date":
      return (
        <input
          aria-label={label}
          type="date"
          value={typeof value === "string" ? value : ""}
          onInput={(e) => onChange((e.target as HTMLInputElement).value)}
        />
      );
    case "yesno":
      return (
        <select
          aria-label={label}
          value={value === true ? "yes" : value === false ? "no" : ""}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value === "yes")}
        >
          <option value="yes">{t("console.yes")}</option>
          <option value="no">{t("console.no")}</option>
        </select>
      );
    case "single":
      return (
        <select
          aria-label={label}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
        >
          {(form.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    case "multi": {
      const chosen = new Set(Array.isArray(value) ? value : []);
      return (
        <fieldset id={id} class="multi" aria-label={label}>
          {(form.choices ?? []).map((c) => (
            <label key={c.value} class="check">
              <input
                type="checkbox"
                checked={chosen.has(c.value)}
                onChange={() => {
                  if (chosen.has(c.value)) chosen.delete(c.value);
                  else chosen.add(c.value);
                  onChange([...chosen]);
                }}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      );
    }
    case "ranking":
      return (
        <RankingInput id={id} form={form} value={Array.isArray(value) ? value : []} onChange={onChange} />
      );
  }
}

function RankingInput({
  form,
  value,
  onChange,
  id,
}: {
  form: Form;
  value: string[];
  onChange: (v: Raw) => void;
  id?: string;
}) {
  const name = (choice: string) => form.choices?.find((c) => c.value === choice)?.label ?? choice;
  const rest = (form.choices ?? []).filter((c) => !value.includes(c.value));
  const move = (i: number, by: number) => {
    const next = [...value];
    const [x] = next.splice(i, 1);
    if (x !== undefined) next.splice(i + by, 0, x);
    onChange(next);
  };
  return (
    <div class="ranking" id={id}>
      <ol>
        {value.map((id, i) => (
          <li key={id}>
            {name(id)}
            <button
              type="button"
              class="link"
              disabled={i === 0}
              onClick={() => move(i, -1)}
              aria-label={t("console.move_up")}
            >
              ▲
            </button>
            <button
              type="button"
              class="link"
              disabled={i === value.length - 1}
              onClick={() => move(i, 1)}
              aria-label={t("console.move_down")}
            >
              ▼
            </button>
            <button
              type="button"
              class="link"
              onClick={() => onChange(value.filter((v) => v !== id))}
              aria-label={t("console.remove")}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {rest.length > 0 && (
        <select
          aria-label={t("console.add")}
          value=""
          onChange={(e) => onChange([...value, (e.target as HTMLSelectElement).value])}
        >
          <option value="">{t("console.add")}…</option>
          {rest.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/** Correcting one answer; when the change asks for more (a new member), those questions follow. */
function Correction({
  card,
  item,
  onDone,
  onCancel,
}: {
  card: HouseholdCard;
  item: Item;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [steps, setSteps] = useState<{ slot: string; label: string; form: Form; value: Raw }[]>([
    { slot: item.slot, label: item.label, form: item.form, value: item.raw },
  ]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await put(`/api/households/${card.id}/answers`, {
        version: card.version,
        changes: steps.map(({ slot, value }) => ({ slot, value })),
      });
      onDone();
    } catch (err) {
      const question = err instanceof ApiError ? (err.body.question as QuestionForm | undefined) : undefined;
      if (err instanceof ApiError && err.code === "needs_more" && question)
        setSteps([...steps, { ...question, value: null }]);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="correction" onSubmit={save}>
      {steps.map((s, i) => (
        <Field key={s.slot} label={s.label}>
          <AnswerInput
            form={s.form}
            value={s.value}
            label={s.label}
            onChange={(v) => setSteps(steps.map((x, j) => (j === i ? { ...x, value: v } : x)))}
          />
        </Field>
      ))}
      {steps.length > 1 && <p class="muted">{t("console.household.needs_more")}</p>}
      <ErrorLine error={error} />
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel}>
          {t("console.cancel")}
        </button>
        <button type="submit" disabled={busy}>
          {t("console.save")}
        </button>
      </div>
    </form>
  );
}

function TimelineEntry({ e }: { e: HouseholdCard["timeline"][number] }) {
  const text = (() => {
    switch (e.kind) {
      case "registered":
        return t("console.timeline.registered");
      case "round":
        return t("console.timeline.round", {
          number: e.number,
          status: t(`console.round_status.${e.status}`),
        });
      case "offer":
        return t("console.timeline.offer", {
          municipality: e.municipality,
          status: t(`console.offer_status.${e.status}`),
          reason: e.reason ? t(`console.decline_reason.${e.reason}`) : "",
        });
      case "message":
        return t("console.timeline.message", {
          kind: t(`console.message_kind.${e.messageKind}`, { defaultValue: String(e.messageKind) }),
          status: t(`console.delivery_status.${e.status}`),
        });
      case "question":
        return t("console.timeline.question", { text: e.text });
      case "correction":
        return t("console.timeline.correction", {
          label: e.label ?? e.slot,
          before: e.before,
          after: e.after,
        });
      default:
        return t(`console.timeline.${String(e.action).replace(/\./g, "_")}`, {
          defaultValue: String(e.action),
        });
    }
  })();
  return (
    <li>
      <time dateTime={e.at}>{dateTime(e.at)}</time> {text}
    </li>
  );
}

function Actions({ card, reload }: { card: HouseholdCard; reload: () => void }) {
  const [dialog, setDialog] = useState<"hold" | "withdraw" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const release = () => post(`/api/households/${card.id}/release`).then(reload, setError);
  const setPriority = (priority: number) =>
    post(`/api/households/${card.id}/priority`, { priority }).then(reload, setError);
  return (
    <>
      {["registered", "on_hold", "offered"].includes(card.status) && (
        <label title={t("console.household.priority_hint")}>
          {t("console.household.priority")}{" "}
          <select
            value={String(card.priority)}
            onChange={(e) => setPriority(Number((e.target as HTMLSelectElement).value))}
          >
            {[0, 1, 2, 3].map((level) => (
              <option key={level} value={String(level)}>
                {t(`console.household.priority_level.${level}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {card.status === "registered" && (
        <button type="button" class="secondary" onClick={() => setDialog("hold")}>
          {t("console.household.hold")}
        </button>
      )}
      {card.status === "on_hold" && (
        <button type="button" class="secondary" onClick={release}>
          {t("console.household.release")}
        </button>
      )}
      {["registered", "on_hold", "offered"].includes(card.status) && (
        <button type="button" class="danger" onClick={() => setDialog("withdraw")}>
          {t("console.household.withdraw")}
        </button>
      )}
      <ErrorLine error={error} />
      {dialog && (
        <ReasonDialog
          title={t(`console.household.${dialog}_title`, { ref: card.ref })}
          confirm={t(`console.household.${dialog}`)}
          onClose={() => setDialog(null)}
          onConfirm={async (reason) => {
            await post(`/api/households/${card.id}/${dialog}`, { reason });
            reload();
          }}
        />
      )}
    </>
  );
}

export function HouseholdPage({ id }: { id: string }) {
  const { data: card, error, reload } = useData(() => get<HouseholdCard>(`/api/households/${id}`), [id]);
  const [editing, setEditing] = useState<string | null>(null);
  if (error) return <ErrorLine error={error} />;
  if (!card) return <p class="muted">{t("console.loading")}</p>;
  const f = card.facts;
  return (
    <>
      <header class="page-head">
        <h1>
          {t("console.household.title", { ref: card.ref })} <Status status={card.status} />
        </h1>
        <div class="actions">
          <Actions card={card} reload={reload} />
        </div>
      </header>
      <Card>
        <dl class="facts">
          <dt>{t("console.households.registered")}</dt>
          <dd>{date(card.registeredAt)}</dd>
          <dt>{t("console.households.persons")}</dt>
          <dd>{f.persons === null ? "—" : num(f.persons)}</dd>
          <dt>{t("console.households.children")}</dt>
          <dd>{f.children === null ? "—" : num(f.children)}</dd>
          <dt>{t("console.households.needs")}</dt>
          <dd>{f.needs.map(needLabel).join(", ") || "—"}</dd>
          <dt>{t("console.households.languages")}</dt>
          <dd>{f.languages.map(languageLabel).join(", ") || "—"}</dd>
          <dt>{t("console.household.language")}</dt>
          <dd>{t(`console.languages.${card.language}`)}</dd>
          {card.municipality && (
            <>
              <dt>{t("console.households.destination")}</dt>
              <dd>{card.municipality.name}</dd>
            </>
          )}
          {card.holdReason && (
            <>
              <dt>{t("console.household.hold_reason")}</dt>
              <dd>{card.holdReason}</dd>
            </>
          )}
          {card.withdrawReason && (
            <>
              <dt>{t("console.household.withdraw_reason")}</dt>
              <dd>{card.withdrawReason}</dd>
            </>
          )}
        </dl>
      </Card>
      {card.sections.map((section) => (
        <Card key={section.title} title={section.title}>
          <dl class="answers">
            {section.items.map((item) => (
              <div key={item.slot} class="answer">
                <dt>{item.label}</dt>
                <dd>
                  {editing === item.slot ? (
                    <Correction
                      card={card}
                      item={item}
                      onCancel={() => setEditing(null)}
                      onDone={() => {
                        setEditing(null);
                        reload();
                      }}
                    />
                  ) : (
                    <>
                      {item.value}
                      {card.editable && (
                        <button
                          type="button"
                          class="link"
                          onClick={() => setEditing(item.slot)}
                          aria-label={t("console.household.correct_label", { label: item.label })}
                        >
                          {t("console.household.correct")}
                        </button>
                      )}
                    </>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      ))}
      {(card.preArrival || card.status === "placed" || card.status === "arrived") && (
        <PreArrivalSection data={card.preArrival} />
      )}
      <Card title={t("console.household.timeline")}>
        <ol class="timeline">
          {card.timeline.map((e, i) => (
            <TimelineEntry key={`${e.at}-${i}`} e={e} />
          ))}
        </ol>
      </Card>
    </>
  );
}
