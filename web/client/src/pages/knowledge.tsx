import type { KnowledgeInsights as Insights } from "@api/staff";
import { useState } from "preact/hooks";
import { get } from "../api";
import { num, t } from "../i18n";
import { Card, ErrorLine, Field, useData } from "../ui/common";

const PERIODS = [7, 30, 90, 365];

/** Which entries to write or fix next: questions handed to a person, grouped, and 👍/👎 per entry. */
export function KnowledgePage() {
  const [days, setDays] = useState(30);
  const { data, error } = useData(() => get<Insights>(`/api/knowledge?days=${days}`), [days]);
  return (
    <>
      <h1>{t("consoleKnowledge.title")}</h1>
      <Field label={t("consoleKnowledge.period")}>
        <select value={String(days)} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
          {PERIODS.map((d) => (
            <option key={d} value={String(d)}>
              {t("consoleKnowledge.days", { count: d })}
            </option>
          ))}
        </select>
      </Field>
      <ErrorLine error={error} />
      {data && <Groups groups={data.groups} />}
      {data && <Feedback feedback={data.feedback} />}
    </>
  );
}

function Groups({ groups }: { groups: Insights["groups"] }) {
  return (
    <Card title={t("consoleKnowledge.handed_over")}>
      <p class="muted">{t("consoleKnowledge.handed_over_hint")}</p>
      {groups.length === 0 ? (
        <p>{t("consoleKnowledge.none")}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("consoleKnowledge.topic")}</th>
              <th>{t("consoleKnowledge.questions")}</th>
              <th>{t("consoleKnowledge.open")}</th>
              <th>{t("consoleKnowledge.examples")}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={`${g.entry?.id ?? g.words.join(" ")}:${g.examples[0] ?? ""}`}>
                <td>{g.entry ? g.entry.question : t("consoleKnowledge.no_entry")}</td>
                <td class="num">{num(g.count)}</td>
                <td class="num">{num(g.open)}</td>
                <td>
                  {g.examples.map((e) => (
                    <div key={e}>{e}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function Feedback({ feedback }: { feedback: Insights["feedback"] }) {
  return (
    <Card title={t("consoleKnowledge.feedback")}>
      {feedback.length === 0 ? (
        <p>{t("consoleKnowledge.none")}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("consoleKnowledge.entry")}</th>
              <th>{t("consoleKnowledge.helped")}</th>
              <th>{t("consoleKnowledge.not_helped")}</th>
            </tr>
          </thead>
          <tbody>
            {feedback.map((f) => (
              <tr key={f.entry?.id}>
                <td>{f.entry?.question}</td>
                <td class="num">{num(f.helped)}</td>
                <td class="num">{num(f.notHelped)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
