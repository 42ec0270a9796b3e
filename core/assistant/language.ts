// Text processing per language: tokenizing, normalising, stop words, stemming and guessing a
// language from its letters. Pure functions, shared by indexing and querying so that both sides
// of a match are processed the same way.

import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stemmer as stemGerman } from "@orama/stemmers/german";
import { stemmer as stemRussian } from "@orama/stemmers/russian";
import { stemmer as stemUkrainian } from "@orama/stemmers/ukrainian";
import type { Language } from "../languages";
import { spellingKey } from "./spelling";

/**
 * Latin letters with diacritics folded to plain ones, because people often type without them
 * ("Auslanderbehorde", "zaswiadczenie"). Applied to index and query alike. Cyrillic letters are
 * left alone: й, ї, ё are distinct letters there.
 */
const LATIN_FOLD: Record<string, string> = {
  ä: "a",
  ö: "o",
  ü: "u",
  ß: "ss",
  ą: "a",
  ć: "c",
  ę: "e",
  ł: "l",
  ń: "n",
  ó: "o",
  ś: "s",
  ź: "z",
  ż: "z",
  é: "e",
  è: "e",
  á: "a",
  à: "a",
  â: "a",
  ô: "o",
  û: "u",
  í: "i",
  ñ: "n",
  ç: "c",
};
const LATIN_FOLD_RE = new RegExp(`[${Object.keys(LATIN_FOLD).join("")}]`, "g");

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

/** Lowercase, fold Latin diacritics, ё→е (Russian is often typed without ё). */
export function normalize(token: string): string {
  return token
    .toLowerCase()
    .replace(LATIN_FOLD_RE, (ch) => LATIN_FOLD[ch] ?? ch)
    .replaceAll("ё", "е");
}

/**
 * Splits text into word tokens. Apostrophes inside words are dropped, not split on, so the
 * Ukrainian "сім'я"/"сім’я"/"сімʼя" all become "сімя". "§24" gives "24"; "B1" stays one token.
 */
export function tokenize(text: string): string[] {
  return text
    .replace(/(\p{L})['’ʼ`´](?=\p{L})/gu, "$1")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

// Stop words: question words, pronouns, auxiliaries, politeness, and the country name that almost
// every question contains ("in Germany"). Kept short on purpose: only words that never decide
// which entry is meant. Listed in normalized form (see `normalize`).
const STOP_WORDS: Record<Language, string> = {
  en: `a an the and or but if then so to of in on at by for with from about as into over after before
    under again is are was were be been being am do does did doing done have has had having i im me my
    mine myself we us our ours you your yours he him his she her hers it its they them their what which
    who whom whose this that these those there here when where why how can could should would will shall
    may might must not no yes please hi hello hey thanks thank any some all also just only very much many
    more most other such own same too than get got getting need needs want wants know tell let make give
    go going ok okay germany dont don cant s t`,
  de: `der die das den dem des ein eine einer eines einem einen und oder aber wenn dann so zu im in am an
    auf aus bei mit nach von vom zum zur fur uber unter vor ist sind war waren sein bin bist wird werden
    wurde habe hast hat haben hatte ich mich mir mein meine meinen meiner meinem meines wir uns unser
    unsere du dich dir dein deine sie ihr ihre ihnen er ihn ihm es man was wer wie wo wann warum welche
    welcher welches welchen wieso weshalb kann kannst konnen konnte muss musst mussen soll sollte darf
    durfen will mochte nicht kein keine ja nein bitte hallo danke auch noch schon nur sehr viel viele
    mehr gibt es etwas bekomme bekommen tun machen mache deutschland denn doch mal hier dort wohin
    wende wenden guten`,
  uk: `і й та а але або чи що як де коли чому навіщо хто який яка яке які якщо то це цей ця ці той ті
    там тут в у на з із зі до від для про по за під над при без через мене мені мій моя моє мої ми нас
    нам наш наша наше наші ти тебе тобі твій твоя ви вас вам ваш ваша він вона воно вони його її їх їм
    є був була були буде бути можна треба потрібно не ні так вже ще тільки дуже теж також будь ласка
    привіт дякую добрий день щоб би б ж же німеччина німеччині німеччину німеччини скільки мені мною
    себе собі свій своя свої своє хочу хочемо куди звертатися звернутися такий така таке такі шо нашо
    чо нічо шоб доброго вечора ранку`,
  ru: `и й а но или ли что как где когда почему зачем кто какой какая какое какие каком если то это этот
    эта эти тот та те там тут здесь в во на с со к ко от до для про по за под над при без через из у о
    об меня мне мой моя мое мои мы нас нам наш наша наше наши ты тебя тебе твой вы вас вам ваш ваша он
    она оно они его ее их им есть был была были будет быть можно нужно надо не ни да нет так уже еще
    только очень тоже также пожалуйста привет спасибо здравствуйте чтобы бы б же германия германии
    германию сколько себя себе свой своя свои хочу хотим куда обращаться обратиться такой такая такое такие
    чё че чо ничё шо што добрый доброе вечер`,
  pl: `i a ale lub albo czy ze jak gdzie kiedy dlaczego po co kto jaki jaka jakie co to ten ta te tam tu
    w we na z do od dla o po za pod nad przy bez przez mnie mi moj moja moje moi my nas nam nasz nasza
    nasze wy was wam wasz on ona ono oni jego jej ich im jest sa byl byla byli bedzie byc mozna trzeba
    nie tak juz jeszcze tylko bardzo tez takze prosze czesc dziekuje dzien dobry zeby by sie niemcy
    niemczech niemiec ile mam masz ma maja swoj swoja swoje chce chcemy dokad zwrocic zwracac`,
};

const stopSets: Record<Language, Set<string>> = Object.fromEntries(
  Object.entries(STOP_WORDS).map(([lang, words]) => [lang, new Set(words.split(/\s+/).map(normalize))]),
) as Record<Language, Set<string>>;

export function isStopWord(token: string, lang: Language): boolean {
  return stopSets[lang].has(normalize(token));
}

/**
 * A light Polish stemmer (no maintained Polish stemmer without dependencies exists on npm): strips
 * the longest matching inflectional ending from a diacritic-folded word, keeping a stem of at
 * least 3 letters. "lekarza", "lekarzem", "lekarzy" → "lekarz"; "szkoły", "szkole", "szkołę" →
 * "szkol"; "dokumentów" → "dokument". It over- and under-stems sometimes; fuzzy and prefix
 * matching absorb the rest.
 */
const POLISH_SUFFIXES = [
  "owaniami",
  "owaniach",
  "owaniem",
  "owania",
  "owanie",
  "owaniu",
  "owanym",
  "owanej",
  "owanego",
  "osciami",
  "osciach",
  "iejsze",
  "iejszy",
  "owany",
  "owana",
  "owane",
  "ujecie",
  "ujemy",
  "ujesz",
  "ajacy",
  "ajaca",
  "ajace",
  "alysmy",
  "ilysmy",
  "owac",
  "ywac",
  "iwac",
  "osci",
  "alem",
  "alam",
  "ilem",
  "ilam",
  "ylem",
  "ylam",
  "owie",
  "ami",
  "ach",
  "ego",
  "emu",
  "ymi",
  "imi",
  "ych",
  "ich",
  "owi",
  "iem",
  "uje",
  "uja",
  "esz",
  "isz",
  "ysz",
  "emy",
  "imy",
  "ymy",
  "cie",
  "osc",
  "om",
  "ow",
  "ej",
  "ym",
  "im",
  "em",
  "ie",
  "ia",
  "iu",
  "io",
  "ii",
  "ac",
  "ec",
  "ic",
  "yc",
  "a",
  "e",
  "i",
  "o",
  "u",
  "y",
];

export function stemPolish(word: string): string {
  for (const suffix of POLISH_SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** German: after folding, "ae/oe/ue" typed for ä/ö/ü are collapsed the same way on both sides. */
function germanDigraphs(word: string): string {
  return word.replace(/([aou])e/g, (m, v: string, offset: number) => (offset > 0 ? v : m));
}

const stemmers: Record<Language, (word: string) => string> = {
  en: stemEnglish,
  de: (w) => germanDigraphs(stemGerman(w)),
  ru: stemRussian,
  uk: stemUkrainian,
  pl: stemPolish,
};

/**
 * One token → the index term for language `lang`, or null for a stop word / noise. Words in the
 * other script than the index language (German official terms like "Jobcenter" in a Ukrainian
 * text, a Cyrillic word in a Polish query) are stemmed with a stemmer of their own script.
 */
export function processTerm(token: string, lang: Language): string | null {
  const word = normalize(token);
  if (word.length < 2 && !/^\d$/.test(word)) return null;
  if (stopSets[lang].has(word)) return null;
  if (/\d/.test(word)) return word;
  const cyrillic = CYRILLIC.test(word);
  if (cyrillic) {
    if (lang === "uk" || lang === "ru") return stemmers[lang](word);
    return /[іїєґ]/.test(word) ? stemUkrainian(word) : stemRussian(word);
  }
  if (LATIN.test(word)) {
    if (lang === "uk" || lang === "ru") return stemmers.de(word);
    return stemmers[lang](word);
  }
  return word;
}

/** Query and document terms for `lang`, in order, stop words removed. */
export function terms(text: string, lang: Language): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token, lang);
    if (term) out.push(term);
  }
  return out;
}

export type Script = "cyrillic" | "latin";

export interface LanguageHint {
  /** The language the text seems to be in, or null when nothing points to one. */
  lang: Language | null;
  /**
   * What `lang` rests on: letters only one language uses, its common short words, or Ukrainian or
   * Russian words typed in Latin letters ("yak otrymaty", "kak najti").
   */
  by: "letters" | "words" | "transliteration" | null;
  /** The dominant script of the text, or null if it has no letters. */
  script: Script | null;
  /** True when the text looks like Ukrainian or Russian in Latin letters (lang may still be null: either). */
  transliterated: boolean;
}

const LETTER_SIGNALS: { lang: Language; re: RegExp }[] = [
  { lang: "uk", re: /[іїєґ]/g },
  { lang: "ru", re: /[ыэъё]/g },
  { lang: "pl", re: /[ąćęłńśźżó]/g },
  { lang: "de", re: /[äöüß]/g },
];

export const SCRIPT_OF: Record<Language, Script> = {
  uk: "cyrillic",
  ru: "cyrillic",
  en: "latin",
  de: "latin",
  pl: "latin",
};

/** The single language with the most hits, or null on a tie or no hit. */
function argmax(counts: Map<Language, number>): Language | null {
  let best: Language | null = null;
  let bestCount = 0;
  let tie = false;
  for (const [lang, count] of counts) {
    if (count > bestCount) {
      best = lang;
      bestCount = count;
      tie = false;
    } else if (count === bestCount && count > 0) {
      tie = true;
    }
  }
  return tie ? null : best;
}

/**
 * Short words of Ukrainian and Russian by spelling key, to recognise them in Latin letters: the
 * stop words plus the verbs every question has. A word that is also a stop word of English,
 * German or Polish ("na", "do", "to") proves nothing and is not counted.
 */
const TRANSLIT_WORDS: Record<"uk" | "ru", string> = {
  uk: `${STOP_WORDS.uk} я ти він вона ми ви робити зробити отримати знайти дізнатися подати`,
  ru: `${STOP_WORDS.ru} я ты он она мы вы делать сделать получить найти узнать подать што`,
};
const translitKeys = Object.fromEntries(
  (["uk", "ru"] as const).map((lang) => [lang, new Set(TRANSLIT_WORDS[lang].split(/\s+/).map(spellingKey))]),
) as Record<"uk" | "ru", Set<string>>;
/** Letter groups that English, German and Polish words rarely have but transliterations do. */
const TRANSLIT_LETTERS = /zh|kh|shch|ya|yu|iu|ia$|yy$|yi$/;
/** Infinitive endings: Ukrainian -ty ("otrymaty"), Russian -t' ("poluchit", "delat'"). */
const UK_INFINITIVE = /[aeiouy]ty$/;
const RU_INFINITIVE = /[aeiou]t'?$/;

/** Ukrainian or Russian in Latin letters? Scores the words that say so against Latin stop words. */
function transliteration(tokens: string[], latinStops: number): LanguageHint | null {
  const latin = (t: string) => stopSets.en.has(t) || stopSets.de.has(t) || stopSets.pl.has(t);
  const candidates = tokens.filter((t) => !latin(t));
  const score = { uk: 0, ru: 0, either: 0 };
  for (const token of candidates) {
    const key = spellingKey(token);
    const uk = translitKeys.uk.has(key);
    const ru = translitKeys.ru.has(key);
    if (uk || ru) score.either += 1;
    else if (TRANSLIT_LETTERS.test(token)) score.either += 0.5;
    if (uk && !ru) score.uk += 1;
    if (ru && !uk) score.ru += 1;
    if (UK_INFINITIVE.test(token)) score.uk += 0.5;
    else if (RU_INFINITIVE.test(token)) score.ru += 0.25;
  }
  if (score.either < 1 || score.either <= latinStops) return null;
  const lang = score.uk > score.ru ? "uk" : score.ru > score.uk ? "ru" : null;
  return { lang, by: "transliteration", script: "latin", transliterated: true };
}

/**
 * Guesses the language of a text. First from letters only one of our languages uses: і/ї/є/ґ → uk;
 * ы/э/ъ/ё → ru; ą/ć/ę/ł/ń/ś/ź/ż/ó → pl; ä/ö/ü/ß → de. Otherwise from its short function words
 * (the stop word lists): "is my the" → en, "wie ich der" → de, "що як мені" → uk, "что как мне" →
 * ru. Only languages of the text's dominant script count. Latin text whose words are Ukrainian or
 * Russian ones ("yak otrymaty posvidku", "kak najti vracha") is recognised as transliterated.
 */
export function detectLanguage(text: string): LanguageHint {
  const lower = text.toLowerCase();
  const cyr = (lower.match(/[\u0400-\u04ff]/g) ?? []).length;
  const lat = (lower.match(/[a-zäöüßąćęłńśźżó]/g) ?? []).length;
  const script: Script | null = cyr === 0 && lat === 0 ? null : cyr >= lat ? "cyrillic" : "latin";
  const none = { lang: null, by: null, transliterated: false } as const;
  if (!script) return { ...none, script };
  const inScript = (lang: Language) => SCRIPT_OF[lang] === script;

  const letters = new Map<Language, number>();
  for (const { lang, re } of LETTER_SIGNALS) {
    if (inScript(lang)) letters.set(lang, (lower.match(re) ?? []).length);
  }
  const byLetters = argmax(letters);
  if (byLetters) return { lang: byLetters, by: "letters", script, transliterated: false };

  const words = new Map<Language, number>();
  const tokens = tokenize(lower).map(normalize);
  for (const lang of Object.keys(stopSets) as Language[]) {
    if (!inScript(lang)) continue;
    words.set(lang, tokens.filter((t) => stopSets[lang].has(t)).length);
  }
  if (script === "latin") {
    const translit = transliteration(tokens, Math.max(0, ...words.values()));
    if (translit) return translit;
  }
  const byWords = argmax(words);
  return byWords ? { lang: byWords, by: "words", script, transliterated: false } : { ...none, script };
}
