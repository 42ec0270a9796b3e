import type { PreArrivalCard } from "@api/households";
import { date, num, t } from "../i18n";
import { Card } from "./common";

/**
 * Pre-arrival data (each member's name as in the passport, date of birth, a contact phone),
 * which the household gives and confirms in chat after accepting (shared/pre-arrival.ts); the
 * server sends it only to this city's staff, and only once confirmed.
 */
export function PreArrivalSection({ data }: { data: PreArrivalCard | null }) {
  return (
    <Card title={t("consoleCity.pre_arrival.title")}>
      {data ? (
        <>
          <table class="table pre-arrival">
            <thead>
              <tr>
                <th>{t("consoleCity.pre_arrival.name")}</th>
                <th>{t("consoleCity.pre_arrival.birth_date")}</th>
                <th>{t("consoleCity.pre_arrival.age")}</th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => (
                <tr key={`${m.name}-${m.birthDate}`}>
                  <td>{m.name}</td>
                  <td>{m.birthDate}</td>
                  <td>{num(m.age)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t("consoleCity.pre_arrival.phone")}: <a href={`tel:${data.phoneE164}`}>{data.phone}</a>
          </p>
          <p class="muted">
            {t("consoleCity.pre_arrival.confirmed", { date: date(data.confirmedAt) })} ·{" "}
            {t("consoleCity.pre_arrival.note")}
          </p>
        </>
      ) : (
        <p class="muted">{t("consoleCity.pre_arrival.none")}</p>
      )}
    </Card>
  );
}
