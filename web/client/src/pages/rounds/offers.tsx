import type { OfferRow, OffersView } from "@api/rounds";
import { useState } from "preact/hooks";
import { get, post } from "../../api";
import { dateTime, num, t } from "../../i18n";
import { Card, ErrorLine, Status, useData } from "../../ui/common";

const STATUSES = ["pending", "accepted", "declined", "expired", "cancelled"];

/** After approval: every offer with its answer; an open one can be extended, withdrawn or sent again. */
export function OffersPanel({ roundId }: { roundId: string }) {
  const offers = useData(() => get<OffersView>(`/api/rounds/${roundId}/offers`), [roundId]);
  const [shown, setShown] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  const act = async (offer: OfferRow, action: "extend" | "withdraw" | "resend") => {
    setError(null);
    setDone("");
    try {
      const body =
        action === "extend"
          ? { deadline: new Date(new Date(offer.deadline).getTime() + 3 * 86_400_000).toISOString() }
          : {};
      await post(`/api/offers/${offer.id}/${action}`, body);
      setDone(t(`console.offers.${action}_done`, { ref: offer.ref }));
      offers.reload();
    } catch (err) {
      setError(err);
    }
  };
  const data = offers.data;
  return (
    <Card title={t("console.offers.title")}>
      <ErrorLine error={offers.error ?? error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      {data && (
        <>
          <div class="kpis">
            {STATUSES.map((s) => (
              <button
                key={s}
                type="button"
                class={`kpi ${shown === s ? "active" : ""}`}
                onClick={() => setShown(shown === s ? "" : s)}
              >
                <div class="value">{num(data.counts[s] ?? 0)}</div>
                <div class="label">{t(`console.offer_status.${s}`)}</div>
              </button>
            ))}
          </div>
          <table class="table">
            <thead>
              <tr>
                <th>{t("console.households.ref")}</th>
                <th>{t("console.households.destination")}</th>
                <th>{t("console.round.offer_status")}</th>
                <th>{t("console.round.deadline")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.rows
                .filter((o) => !shown || o.status === shown)
                .map((o) => (
                  <tr key={o.id}>
                    <td data-label={t("console.households.ref")}>
                      <a href={`/households/${o.intakeId}`}>{o.ref}</a>
                    </td>
                    <td data-label={t("console.households.destination")}>{o.municipality}</td>
                    <td data-label={t("console.round.offer_status")}>
                      <Status status={o.status} group="offer_status" />{" "}
                      {o.reason ? t(`console.decline_reason.${o.reason}`) : ""}
                    </td>
                    <td data-label={t("console.round.deadline")}>{dateTime(o.deadline)}</td>
                    <td>
                      {o.status === "pending" && (
                        <span class="actions">
                          <button type="button" class="link" onClick={() => act(o, "extend")}>
                            {t("console.offers.extend")}
                          </button>
                          <button type="button" class="link" onClick={() => act(o, "resend")}>
                            {t("console.offers.resend")}
                          </button>
                          <button type="button" class="link danger-text" onClick={() => act(o, "withdraw")}>
                            {t("console.offers.withdraw")}
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
