import type { Preview } from "@api/city";
import { useState } from "preact/hooks";
import { post } from "../../api";
import { LANGUAGES, type Language, t } from "../../i18n";
import { Field, languageLabel } from "../../ui/common";
import { createSelection } from "../../ui/selection";

/**
 * What the city pages share: the households chosen on the arrivals page (kept while the clerk
 * moves between pages, for an appointment, an event or a message to them), texts per language
 * with a preview of how a household reads them, and the audience of an event or a message.
 */
export const { selection, useSelection } = createSelection("rematch.city.chosen");

export type Texts = Partial<Record<Language, string>>;

/** One text per language (a tab each); the preview shows it as a household in that language reads it. */
export function TextsEditor(props: {
  texts: Texts;
  onChange: (texts: Texts) => void;
  preview?: Record<string, unknown>;
}) {
  const [tab, setTab] = useState<Language>("de");
  const [shown, setShown] = useState<string | null>(null);
  const value = props.texts[tab] ?? "";
  const showPreview = async () => {
    const { text } = await post<Preview>("/api/city/preview", {
      lang: tab,
      texts: props.texts,
      ...(props.preview ?? {}),
    });
    setShown(text);
  };
  return (
    <fieldset class="texts">
      <legend>{t("consoleCity.texts.title")}</legend>
      <div class="tabs" role="tablist">
        {LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={tab === l}
            class={tab === l ? "tab active" : "tab"}
            onClick={() => {
              setTab(l);
              setShown(null);
            }}
          >
            {props.texts[l]?.trim() ? "✓ " : ""}
            {t(`console.languages.${l}`)}
          </button>
        ))}
      </div>
      <Field label={t("consoleCity.texts.text_in", { language: languageLabel(tab) })}>
        <textarea
          rows={4}
          maxLength={3000}
          value={value}
          onInput={(e) => props.onChange({ ...props.texts, [tab]: (e.target as HTMLTextAreaElement).value })}
        />
      </Field>
      <p class="muted">{t("consoleCity.texts.fallback")}</p>
      <button type="button" class="secondary" onClick={showPreview}>
        {t("consoleCity.texts.preview", { language: languageLabel(tab) })}
      </button>
      {shown !== null && (
        <figure class="preview">
          <figcaption>{t("consoleCity.texts.preview_label")}</figcaption>
          <pre>{shown || t("consoleCity.texts.empty")}</pre>
        </figure>
      )}
    </fieldset>
  );
}

/** Only the texts that say something. */
export const filledTexts = (texts: Texts): Texts =>
  Object.fromEntries(Object.entries(texts).filter(([, v]) => v?.trim())) as Texts;

export type Audience = "placed" | "not_arrived" | "selection" | "event";

export function AudiencePicker(props: {
  value: Audience;
  onChange: (a: Audience) => void;
  withEvent?: boolean;
}) {
  const sel = useSelection();
  const options: Audience[] = [
    "placed",
    "not_arrived",
    "selection",
    ...(props.withEvent ? ["event" as const] : []),
  ];
  return (
    <fieldset class="audience">
      <legend>{t("consoleCity.audience.title")}</legend>
      {options.map((a) => (
        <label key={a} class="check">
          <input
            type="radio"
            name="audience"
            checked={props.value === a}
            onChange={() => props.onChange(a)}
          />
          {a === "selection"
            ? t("consoleCity.audience.selection", { count: sel.size() })
            : t(`consoleCity.audience.${a}`)}
        </label>
      ))}
      {props.value === "selection" && sel.size() === 0 && (
        <p class="muted">{t("consoleCity.audience.choose_first")}</p>
      )}
    </fieldset>
  );
}

/** A form that sends once at a time and shows what the server refused. */
export function useSubmit(run: () => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
