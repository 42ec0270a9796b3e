import { t } from "../i18n";

export function NotFound() {
  return <p role="alert">{t("console.errors.not_found")}</p>;
}
