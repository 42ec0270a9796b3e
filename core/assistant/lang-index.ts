// One language's index: a MiniSearch index over question, alternatives, keywords and answer, its
// vocabulary, and how a message becomes query words — transliterated back to Cyrillic when it is
// Ukrainian or Russian typed in Latin letters, with the question sentence of a long message
// weighing more than its context, and colloquial words joined by the standard ones. Pure.

import MiniSearch from "minisearch";
import type { Language } from "../languages";
import { standardTerms } from "./colloquial";
import type { Entry } from "./knowledge";
import { processTerm, terms, tokenize } from "./language";
import { spellingKey } from "./spelling";
import { type CyrillicLanguage, toCyrillic } from "./transliterate";

export interface Doc {
  id: string;
  municipalityId: string | null;
  question: string;
  alternatives: string;
  keywords: string;
  answer: string;
}

export const FIELDS = ["question", "alternatives", "keywords", "answer"] as const;
/** Field boosts: a match in the question counts most, in the answer least. */
export const FIELD_BOOST = { question: 3, alternatives: 2.5, keywords: 2, answer: 1 } as const;

/**
 * A meaningful word of the query, with the terms that stand for it (itself; the standard words
 * for a colloquial one) and its weight (the question sentence of a long message counts more).
 */
export interface QueryWord {
  terms: string[];
  boost: number;
}

/** Compound splitting: only for unknown query words at least this long. */
const COMPOUND_MIN_LENGTH = 8;
const COMPOUND_PART_MIN = 4;
/** A message this long (in words) with several sentences: its question sentence weighs more. */
const CONTEXT_MIN_WORDS = 10;
const QUESTION_BOOST = 2;

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN_WORD = /^[a-z'4]+$/i;

function toDoc(entry: Entry, lang: Language): Doc {
  const t = entry.translations[lang];
  return {
    id: entry.id,
    municipalityId: entry.municipalityId,
    question: t.question,
    alternatives: t.alternatives.join("\n"),
    keywords: entry.keywords.join("\n"),
    answer: t.answer,
  };
}

/**
 * The sentences of a message with their weight: in a message of several sentences and at least
 * CONTEXT_MIN_WORDS words, the last one with a question mark (else the last) is the question and
 * weighs QUESTION_BOOST; the others are context.
 */
export function weightedSentences(text: string): { text: string; boost: number }[] {
  const sentences = text
    .split(/(?<=[.!?…\n])\s*/u)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
  if (sentences.length < 2 || tokenize(text).length < CONTEXT_MIN_WORDS) return [{ text, boost: 1 }];
  const asked = sentences.map((s) => s.includes("?")).lastIndexOf(true);
  const question = asked >= 0 ? asked : sentences.length - 1;
  return sentences.map((s, i) => ({ text: s, boost: i === question ? QUESTION_BOOST : 1 }));
}

export class LangIndex {
  readonly search: MiniSearch<Doc>;
  /** term → number of documents containing it. */
  readonly vocabulary = new Map<string, number>();
  private readonly docTerms = new Map<string, Set<string>>();
  /** Cyrillic words of the documents by spelling key, to read transliterated queries (uk, ru). */
  private readonly surfaces = new Map<string, Map<string, number>>();
  private readonly docSurfaces = new Map<string, string[]>();

  constructor(readonly lang: Language) {
    this.search = new MiniSearch<Doc>({
      fields: [...FIELDS],
      storeFields: ["municipalityId"],
      tokenize: (text) => tokenize(text),
      processTerm: (token) => processTerm(token, lang),
    });
  }

  put(entry: Entry): void {
    const doc = toDoc(entry, this.lang);
    if (this.search.has(doc.id)) this.remove(doc.id);
    this.search.add(doc);
    const docTerms = new Set(FIELDS.flatMap((f) => terms(doc[f], this.lang)));
    this.docTerms.set(doc.id, docTerms);
    for (const term of docTerms) this.vocabulary.set(term, (this.vocabulary.get(term) ?? 0) + 1);
    if (this.lang === "uk" || this.lang === "ru") {
      const words = FIELDS.flatMap((f) => tokenize(doc[f])).filter((w) => CYRILLIC.test(w));
      this.docSurfaces.set(doc.id, words);
      for (const word of words) this.count(spellingKey(word), word.toLowerCase(), 1);
    }
  }

  remove(id: string): void {
    if (!this.search.has(id)) return;
    this.search.discard(id);
    for (const term of this.docTerms.get(id) ?? []) {
      const n = (this.vocabulary.get(term) ?? 1) - 1;
      if (n <= 0) this.vocabulary.delete(term);
      else this.vocabulary.set(term, n);
    }
    this.docTerms.delete(id);
    for (const word of this.docSurfaces.get(id) ?? []) this.count(spellingKey(word), word.toLowerCase(), -1);
    this.docSurfaces.delete(id);
  }

  private count(key: string, word: string, delta: number): void {
    const words = this.surfaces.get(key) ?? new Map<string, number>();
    const n = (words.get(word) ?? 0) + delta;
    if (n > 0) words.set(word, n);
    else words.delete(word);
    if (words.size > 0) this.surfaces.set(key, words);
    else this.surfaces.delete(key);
  }

  /**
   * A Latin word of a transliterated query → the word to search: kept when the index knows it as
   * typed (German terms such as "Jobcenter"); else the document word with the same spelling key
   * ("posvidku" → "посвідку", "hochu" → "хочу"); else the rule-based Cyrillic spelling.
   */
  private fromLatin(token: string): string {
    const asTyped = processTerm(token, this.lang);
    if (asTyped === null || this.vocabulary.has(asTyped)) return token;
    const known = this.surfaces.get(spellingKey(token));
    if (known) return [...known].sort((a, b) => b[1] - a[1])[0]?.[0] ?? token;
    return toCyrillic(token, this.lang as CyrillicLanguage);
  }

  /**
   * A message → its meaningful words. `transliterated`: Latin words are read as Ukrainian or
   * Russian (only for those indexes). An unknown long word that starts with a known word is split
   * in two ("kitaplatz" → "kita" + "platz"): compounds are common in German, and German official
   * words appear in every language.
   */
  queryWords(query: string, transliterated: boolean): QueryWord[] {
    const byTerm = new Map<string, QueryWord>();
    const add = (list: string[], boost: number) => {
      const [head] = list;
      if (!head) return;
      const known = byTerm.get(head);
      if (known) known.boost = Math.max(known.boost, boost);
      else byTerm.set(head, { terms: list, boost });
    };
    const readLatin = transliterated && (this.lang === "uk" || this.lang === "ru");
    for (const sentence of weightedSentences(query)) {
      for (const raw of tokenize(sentence.text)) {
        const token = readLatin && LATIN_WORD.test(raw) ? this.fromLatin(raw) : raw;
        const term = processTerm(token, this.lang);
        if (!term) continue;
        for (const part of this.split(term)) add([part, ...standardTerms(part, this.lang)], sentence.boost);
      }
    }
    return [...byTerm.values()];
  }

  private split(term: string): string[] {
    if (term.length < COMPOUND_MIN_LENGTH || this.vocabulary.has(term) || /\d/.test(term)) return [term];
    let head = "";
    for (const known of this.vocabulary.keys()) {
      if (
        known.length >= COMPOUND_PART_MIN &&
        known.length > head.length &&
        term.length - known.length >= COMPOUND_PART_MIN - 1 &&
        term.startsWith(known)
      ) {
        head = known;
      }
    }
    if (!head) return [term];
    const tail = term.slice(head.length).replace(/^s(?=.{3})/, "");
    return tail === head ? [head] : [head, tail];
  }

  /** Inverse document frequency of a query term, for weighting coverage. */
  weight(term: string): number {
    const n = this.search.documentCount || 1;
    const df = this.vocabulary.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
