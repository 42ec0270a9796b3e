import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type TFunction } from "i18next";

import { LANGUAGES, type Language } from "../core/languages";

export { defaultLanguage, isLanguage, LANGUAGES, type Language } from "../core/languages";

export type Resources = Record<Language, Record<string, unknown>>;

/**
 * Reads locales/<lang>/*.json. A file holds one or more top-level groups ("intake", "consent" …)
 * and all files of a language merge at the root; a group defined twice is an error.
 */
export function readLocales(dir = path.join(process.cwd(), "locales")): Resources {
  const resources = {} as Resources;
  for (const lang of LANGUAGES) {
    const bundle: Record<string, unknown> = {};
    for (const file of readdirSync(path.join(dir, lang)).filter((f) => f.endsWith(".json"))) {
      const content = JSON.parse(readFileSync(path.join(dir, lang, file), "utf8")) as Record<string, unknown>;
      for (const [group, value] of Object.entries(content)) {
        if (group in bundle) throw new Error(`locales/${lang}/${file}: group "${group}" is defined twice`);
        bundle[group] = value;
      }
    }
    resources[lang] = bundle;
  }
  return resources;
}

export type Translate = TFunction;

export interface I18n {
  t(lang: Language): Translate;
  exists(key: string, lang: Language): boolean;
}

export async function createI18n(resources: Resources = readLocales()): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: resources[l] }])),
    lng: "en",
    fallbackLng: "en",
    supportedLngs: [...LANGUAGES],
    // Messages go out as plain text (no parse mode), so nothing needs HTML escaping.
    interpolation: { escapeValue: false },
    returnNull: false,
    initImmediate: false,
    showSupportNotice: false,
  });
  return {
    t: (lang) => instance.getFixedT(lang),
    exists: (key, lang) => instance.exists(key, { lng: lang, fallbackLng: false }),
  };
}
