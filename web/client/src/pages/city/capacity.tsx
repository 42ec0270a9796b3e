import type { CapacityView, CityCriteria } from "@api/city";
import { useEffect, useState } from "preact/hooks";
import { get, put } from "../../api";
import { num, t } from "../../i18n";
import { Card, ErrorLine, Field, useData } from "../../ui/common";

/** A form's end: what went wrong, or that it was saved, and the save button. */
function SaveRow({ error, saved }: { error: unknown; saved: boolean }) {
  return (
    <>
      <ErrorLine error={error} />
      {saved && (
        <p role="status" class="done">
          {t("consoleCity.capacity.saved")}
        </p>
      )}
      <div class="actions">
        <button type="submit">{t("console.save")}</button>
      </div>
    </>
  );
}

/** What the municipality looks for: matching weighs households that fit it a little more here. */
function Criteria() {
  const { data, error } = useData(() => get<CityCriteria>("/api/city/criteria"), []);
  const [families, setFamilies] = useState(false);
  const [sectors, setSectors] = useState<Set<string>>(new Set());
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (data) {
      setFamilies(data.seeksFamilies);
      setSectors(new Set(data.jobSectors));
    }
  }, [data]);
  if (error) return <ErrorLine error={error} />;
  if (!data) return null;
  const toggle = (s: string) => {
    const next = new Set(sectors);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    setSectors(next);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setSaveError(null);
    setSaved(false);
    try {
      await put("/api/city/criteria", { seeksFamilies: families, jobSectors: [...sectors] });
      setSaved(true);
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <Card title={t("consoleCity.criteria.title")}>
      <form class="stack" onSubmit={save} aria-label={t("consoleCity.criteria.title")}>
        <p class="muted">{t("consoleCity.criteria.hint")}</p>
        <label class="check">
          <input type="checkbox" checked={families} onChange={() => setFamilies(!families)} />
          {t("consoleCity.criteria.families")}
        </label>
        <fieldset class="multi">
          <legend>{t("consoleCity.criteria.sectors")}</legend>
          {data.sectors.map((s) => (
            <label key={s} class="check">
              <input type="checkbox" checked={sectors.has(s)} onChange={() => toggle(s)} />
              {t(`intake.choices.sector.${s}`)}
            </label>
          ))}
        </fieldset>
        <SaveRow error={saveError} saved={saved} />
      </form>
    </Card>
  );
}

/** The clerk's own municipality: its capacity per dimension, never below what is taken (audited). */
export function CapacityPage() {
  const { data, error, reload } = useData(() => get<CapacityView>("/api/city/capacity"), []);
  const [values, setValues] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (data) setValues(Object.fromEntries(data.dimensions.map((d) => [d, String(data.capacity[d] ?? 0)])));
  }, [data]);
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p class="muted">{t("console.loading")}</p>;
  const save = async (e: Event) => {
    e.preventDefault();
    setSaveError(null);
    setSaved(false);
    try {
      await put("/api/city/capacity", {
        capacity: Object.fromEntries(data.dimensions.map((d) => [d, Number(values[d] ?? 0)])),
      });
      setSaved(true);
      reload();
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <>
      <h1>{t("consoleCity.capacity.title", { city: data.name })}</h1>
      <Card>
        <form onSubmit={save} aria-label={t("consoleCity.capacity.title", { city: data.name })}>
          <div class="filter-grid">
            {data.dimensions.map((d) => (
              <div key={d}>
                <Field label={t(`console.dimension.${d}`)}>
                  <input
                    type="number"
                    min={data.taken[d] ?? 0}
                    max={100000}
                    value={values[d] ?? ""}
                    onInput={(e) => setValues({ ...values, [d]: (e.target as HTMLInputElement).value })}
                  />
                </Field>
                <p class="muted">{t("consoleCity.capacity.taken", { taken: num(data.taken[d] ?? 0) })}</p>
              </div>
            ))}
          </div>
          <SaveRow error={saveError} saved={saved} />
        </form>
      </Card>
      <Criteria />
    </>
  );
}
