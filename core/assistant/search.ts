// The search index: one MiniSearch index per language over question, alternatives, keywords and
// answer; ranking; the confidence flag; and the switch to another language's index when the
// query is written in another language than the person chose. Pure and in memory.

import MiniSearch, { type SearchResult as MiniSearchResult } from "minisearch";
import { LANGUAGES, type Language } from "../languages";
import type { Entry } from "./knowledge";
import { detectLanguage, processTerm, SCRIPT_OF, terms, tokenize } from "./language";

export interface SearchOptions {
  /** The person's chosen language: answers are given in it. */
  lang: Language;
  /** Where the person is placed. Municipality entries are visible only when this matches. */
  municipalityId?: string | null;
  /** How many related entries to return (default 3). */
  related?: number;
}

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchResult {
  /**
   * The best entry, or null when nothing matched at all. `lang` is the language to answer in (the
   * person's chosen language); the entry exists in all five. Present even when not confident, so a
   * caller may offer it as "maybe you mean…" next to the hand-over.
   */
  best: (SearchHit & { lang: Language }) | null;
  /** The next entries, for "related" buttons: best first, scores at least a fraction of the best. */
  related: SearchHit[];
  /** True when the best entry is very likely the answer; false → hand over to a person. */
  confident: boolean;
  /** The language whose index matched (differs from `lang` for a question in another language). */
  matchedLang: Language | null;
  /** How much of the question the best entry covers (0–1, by word rarity), for logs and calibration. */
  coverage: number;
  /** Coverage × the best entry's score per meaningful query word, for logs and calibration. */
  evidence: number;
}

/**
 * Confidence thresholds, calibrated on tests/assistant-eval (see docs/assistant.md and
 * `npm run bench:assistant -- --sweep`). A result is confident when both hold:
 * - coverage ≥ minCoverage: the share of the question's meaningful words, weighted by rarity
 *   (IDF), that the best entry matches. Unknown words ("Mars", "pizza") weigh the most, so an
 *   off-topic question that shares one common word with an entry stays low.
 * - evidence ≥ minEvidence: coverage × the best entry's MiniSearch score per meaningful word —
 *   how strongly the matched words match (in the question field, exactly, rather than fuzzily in
 *   the answer).
 */
export interface Confidence {
  minCoverage: number;
  minEvidence: number;
}

export const DEFAULT_CONFIDENCE: Confidence = { minCoverage: 0.4, minEvidence: 10 };

/** Field boosts: a match in the question counts most, in the answer least. */
export const FIELD_BOOST = { question: 3, alternatives: 2.5, keywords: 2, answer: 1 } as const;
const FIELDS = ["question", "alternatives", "keywords", "answer"] as const;
/** Related entries must score at least this share of the best one. */
const RELATED_MIN_SHARE = 0.3;
/** A municipality's own entries are slightly preferred for people placed there. */
const MUNICIPALITY_BOOST = 1.2;
/** Another language's index wins over the chosen one only if it matches clearly better. */
const SWITCH_MARGIN = 1.3;

interface Doc {
  id: string;
  municipalityId: string | null;
  question: string;
  alternatives: string;
  keywords: string;
  answer: string;
}

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

interface LangResult {
  lang: Language;
  hits: MiniSearchResult[];
  coverage: number;
  /** coverage × score of the best hit per meaningful query word. */
  evidence: number;
  confident: boolean;
}

/** Typo tolerance on stems: one edit from 4 letters, two from 8; never on numbers ("112"). */
const FUZZY_MIN_LENGTH = 4;
const FUZZY_TWO_EDITS_LENGTH = 8;
/** Prefix matching ("registr" finds "registration") from 3 letters. */
const PREFIX_MIN_LENGTH = 3;
/** Coverage credit for a query word matched only as a prefix, or only through a typo. */
const PREFIX_CREDIT = 0.9;
const FUZZY_CREDIT = 0.6;
/** Compound splitting: only for unknown query words at least this long. */
const COMPOUND_MIN_LENGTH = 8;
const COMPOUND_PART_MIN = 4;

/** Per-language MiniSearch index plus its vocabulary (for splitting compound words). */
class LangIndex {
  readonly search: MiniSearch<Doc>;
  /** term → number of documents containing it. */
  readonly vocabulary = new Map<string, number>();
  private readonly docTerms = new Map<string, Set<string>>();

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
  }

  /**
   * Query words → search terms. An unknown long word that starts with a known word is split in
   * two ("kitaplatz" → "kita" + "platz", "masernimpfung" → "masern" + "impfung"): compounds are
   * common in German and German official words appear in every language.
   */
  queryTerms(query: string): string[] {
    const out: string[] = [];
    for (const term of terms(query, this.lang)) {
      if (out.includes(term)) continue;
      if (term.length < COMPOUND_MIN_LENGTH || this.vocabulary.has(term) || /\d/.test(term)) {
        out.push(term);
        continue;
      }
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
      if (!head) {
        out.push(term);
        continue;
      }
      const tail = term.slice(head.length).replace(/^s(?=.{3})/, "");
      out.push(head);
      if (!out.includes(tail)) out.push(tail);
    }
    return out;
  }

  /** Inverse document frequency of a query term, for weighting coverage. */
  weight(term: string): number {
    const n = this.search.documentCount || 1;
    const df = this.vocabulary.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}

export class KnowledgeIndex {
  private readonly indexes: Record<Language, LangIndex>;
  private readonly entries = new Map<string, Entry>();

  constructor(
    entries: Iterable<Entry> = [],
    private readonly confidence: Confidence = DEFAULT_CONFIDENCE,
  ) {
    this.indexes = Object.fromEntries(LANGUAGES.map((lang) => [lang, new LangIndex(lang)])) as Record<
      Language,
      LangIndex
    >;
    for (const entry of entries) this.put(entry);
  }

  /** Adds an entry, or replaces the entry with the same id, in every language. */
  put(entry: Entry): void {
    this.entries.set(entry.id, entry);
    for (const lang of LANGUAGES) this.indexes[lang].put(entry);
  }

  remove(id: string): boolean {
    if (!this.entries.delete(id)) return false;
    for (const lang of LANGUAGES) this.indexes[lang].remove(id);
    return true;
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  all(): Entry[] {
    return [...this.entries.values()];
  }

  private run(query: string, lang: Language, municipalityId: string | null): LangResult {
    const index = this.indexes[lang];
    const queryTerms = index.queryTerms(query);
    const empty: LangResult = { lang, hits: [], coverage: 0, evidence: 0, confident: false };
    if (queryTerms.length === 0) return empty;
    const hits = index.search.search(queryTerms.join(" "), {
      tokenize: (q) => q.split(" "),
      processTerm: (t) => t,
      boost: { ...FIELD_BOOST },
      fuzzy: (term) =>
        /\d/.test(term)
          ? false
          : term.length >= FUZZY_TWO_EDITS_LENGTH
            ? 2
            : term.length >= FUZZY_MIN_LENGTH
              ? 1
              : false,
      prefix: (term) => term.length >= PREFIX_MIN_LENGTH && !/\d/.test(term),
      filter: (r) => r.municipalityId == null || r.municipalityId === municipalityId,
      boostDocument: (_id, _term, stored) => (stored?.municipalityId ? MUNICIPALITY_BOOST : 1),
    });
    const top = hits[0];
    if (!top) return empty;
    const total = queryTerms.reduce((sum, t) => sum + index.weight(t), 0);
    const matched = new Set(top.queryTerms);
    const docTerms = new Set(top.terms);
    // A word found as typed counts fully; as the start of a longer word a little less; only
    // through a typo correction ("kill" ~ "fill") much less.
    const credit = (t: string) =>
      docTerms.has(t) ? 1 : top.terms.some((d) => d.startsWith(t)) ? PREFIX_CREDIT : FUZZY_CREDIT;
    const covered = queryTerms
      .filter((t) => matched.has(t))
      .reduce((sum, t) => sum + index.weight(t) * credit(t), 0);
    const coverage = total > 0 ? covered / total : 0;
    const evidence = (coverage * top.score) / queryTerms.length;
    const confident = coverage >= this.confidence.minCoverage && evidence >= this.confidence.minEvidence;
    return { lang, hits, coverage, evidence, confident };
  }

  search(query: string, opts: SearchOptions): SearchResult {
    const municipalityId = opts.municipalityId ?? null;
    const chosen = this.run(query, opts.lang, municipalityId);
    const hint = detectLanguage(query);

    // Which other languages to try: the one the letters or words point to; all languages of the
    // query's script when it differs from the chosen language's; all others when the chosen one
    // is not confident.
    const others = new Set<Language>();
    if (hint.lang && hint.lang !== opts.lang) others.add(hint.lang);
    if (hint.script && hint.script !== SCRIPT_OF[opts.lang]) {
      for (const l of LANGUAGES) if (SCRIPT_OF[l] === hint.script) others.add(l);
    }
    if (!chosen.confident) for (const l of LANGUAGES) if (l !== opts.lang) others.add(l);

    // Pick: a confident result beats an unconfident one; among equals the higher evidence wins,
    // with the chosen language and the detected language favoured by SWITCH_MARGIN.
    // An unconfident result in another language is only taken when the letters or the script say
    // the question is in that language — otherwise the person's own language stays.
    const foreignScript = hint.script !== null && hint.script !== SCRIPT_OF[opts.lang];
    const rank = (r: LangResult) =>
      r.evidence * (r.lang === opts.lang || r.lang === hint.lang ? SWITCH_MARGIN : 1);
    let picked = chosen;
    for (const lang of others) {
      const other = this.run(query, lang, municipalityId);
      if (other.hits.length === 0) continue;
      if (!other.confident && lang !== hint.lang && !foreignScript) continue;
      const better =
        other.confident === picked.confident
          ? rank(other) > rank(picked)
          : other.confident && !picked.confident;
      if (better || picked.hits.length === 0) picked = other;
    }

    const [top, ...rest] = picked.hits;
    if (!top) {
      return { best: null, related: [], confident: false, matchedLang: null, coverage: 0, evidence: 0 };
    }
    const related = rest
      .filter((h) => h.score >= top.score * RELATED_MIN_SHARE)
      .slice(0, opts.related ?? 3)
      .map((h) => ({ id: String(h.id), score: round(h.score) }));
    return {
      best: { id: String(top.id), score: round(top.score), lang: opts.lang },
      related,
      confident: picked.confident,
      matchedLang: picked.lang,
      coverage: round(picked.coverage),
      evidence: round(picked.evidence),
    };
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
