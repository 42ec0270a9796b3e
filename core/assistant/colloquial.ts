// Everyday words people type for things the entries name in standard words: "шмотки" for одяг,
// "Klamotten" for Kleidung, "ciuchy" for ubrania, "telly" for TV. A query word found here is
// searched together with the standard words (as one word for the confidence: matching either
// counts). Applies to every entry, including those staff add at run time. Pure data + a lookup.
//
// Keep to words with one clear meaning; an ambiguous word ("права": rights or a driving licence)
// does more harm than good. tests/unit/assistant-search.test.ts checks that every target word
// is known to the knowledge base.

import type { Language } from "../languages";
import { terms } from "./language";

/** colloquial word → the standard words (space-separated) it stands for, per language */
const COLLOQUIAL: Record<Language, Record<string, string>> = {
  uk: {
    шмотки: "одяг",
    шмоття: "одяг",
    задарма: "безкоштовно",
    нахаляву: "безкоштовно",
    безплатно: "безкоштовно",
    безплатний: "безкоштовно",
    хата: "житло квартира",
    квартирка: "квартира",
    телек: "телебачення",
    телевізор: "телебачення",
    садік: "садочок",
    садик: "садочок",
    ясла: "садочок",
    бумажка: "документ",
    бумага: "документ",
    папірець: "документ",
    прописка: "реєстрація",
    прописатися: "зареєструвати",
    ауслендер: "Ausländerbehörde",
    джобцентр: "Jobcenter",
    сімка: "SIM",
    симка: "SIM",
    мобілка: "телефон",
    страховка: "страхування",
    адвокат: "юрист",
    хазяїн: "власник",
    хазяйка: "власник",
    орендодавець: "власник",
    зубний: "стоматолог",
    зубник: "стоматолог",
    водійські: "посвідчення водія",
  },
  ru: {
    шмотки: "одежда",
    шмотье: "одежда",
    нахаляву: "бесплатно",
    даром: "бесплатно",
    задаром: "бесплатно",
    хата: "жилье квартира",
    квартирка: "квартира",
    телек: "телевидение",
    телик: "телевидение",
    телевизор: "телевидение",
    садик: "детский сад",
    ясли: "детский сад",
    бумажка: "документ",
    бумага: "документ",
    прописка: "регистрация",
    прописаться: "регистрация",
    ауслендер: "Ausländerbehörde",
    джобцентр: "Jobcenter",
    симка: "SIM",
    мобильник: "телефон",
    адвокат: "юрист",
    хозяин: "владелец арендодатель",
    хозяйка: "владелец арендодатель",
    зубной: "стоматолог",
    водительские: "водительское удостоверение",
  },
  en: {
    apartment: "flat",
    telly: "TV",
    television: "TV",
    kindergarden: "kindergarten Kita",
    nursery: "Kita",
    daycare: "Kita",
    preschool: "Kita",
    jobcentre: "Jobcenter",
    attorney: "lawyer",
    solicitor: "lawyer",
    landlady: "landlord",
    shots: "vaccination",
    jab: "vaccination",
    vaccine: "vaccination",
    kid: "child",
    kids: "children",
    papers: "documents",
    cellphone: "phone",
  },
  de: {
    klamotten: "Kleidung",
    umsonst: "kostenlos",
    gratis: "kostenlos",
    bude: "Wohnung",
    fernseher: "Rundfunkbeitrag",
    fernsehen: "Rundfunkbeitrag",
    gez: "Rundfunkbeitrag",
    kindergarden: "Kita",
    krippe: "Kita",
    doktor: "Arzt",
    rechtsanwalt: "Anwalt Rechtsberatung",
    spritze: "Impfung",
    stütze: "Bürgergeld",
    hartz: "Bürgergeld",
    papiere: "Dokumente",
  },
  pl: {
    ciuchy: "ubrania",
    ciuszki: "ubrania",
    gratis: "bezpłatnie",
    darmo: "bezpłatnie",
    chata: "mieszkanie",
    telewizor: "telewizja",
    abonament: "Rundfunkbeitrag",
    żłobek: "przedszkole",
    prawnik: "porada prawna",
    adwokat: "porada prawna",
    lekarka: "lekarz",
    szczepionka: "szczepienie",
    komórka: "telefon",
    papiery: "dokumenty",
    robota: "praca",
    roboty: "praca",
  },
};

/** Per language: a query word's index term → the index terms of the standard words. */
const expansions: Record<Language, Map<string, string[]>> = Object.fromEntries(
  (Object.keys(COLLOQUIAL) as Language[]).map((lang) => {
    const map = new Map<string, string[]>();
    for (const [word, standard] of Object.entries(COLLOQUIAL[lang])) {
      const [term] = terms(word, lang);
      if (term) map.set(term, terms(standard, lang));
    }
    return [lang, map];
  }),
) as Record<Language, Map<string, string[]>>;

/** The standard words' terms for a colloquial word's term, or none. */
export function standardTerms(term: string, lang: Language): string[] {
  return expansions[lang].get(term) ?? [];
}

/** Every target term per language, for the test that they are known to the knowledge base. */
export function colloquialTargets(lang: Language): string[] {
  return [...new Set([...expansions[lang].values()].flat())];
}
