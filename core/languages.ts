/** The five languages of the product, in the order people are offered them. */
export const LANGUAGES = ["uk", "ru", "en", "de", "pl"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The sensible first choice for a Telegram `language_code` ("uk", "ru", "de-AT", …).
 * Unknown codes get Ukrainian: the people this product serves are mostly from Ukraine.
 */
export function defaultLanguage(languageCode: string | undefined): Language {
  const base = languageCode?.toLowerCase().split("-")[0];
  if (isLanguage(base)) return base;
  if (base === "be") return "ru";
  return "uk";
}
