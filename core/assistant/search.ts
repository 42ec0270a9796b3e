// The search over all languages: one index per language (lang-index.ts); the signals of the best
// hit and the calibrated confidence (confidence.ts); the switch to another language's index when
// the query is written in another language than the person chose, or in Latin letters. Pure.

import type { SearchResult as MiniSearchResult } from "minisearch";
import { LANGUAGES, type Language } from "../languages";
import { type Confidence, DEFAULT_CONFIDENCE, isConfident, probability, type Signals } from "./confidence";
import type { Entry } from "./knowledge";
import { FIELD_BOOST, LangIndex, type QueryWord } from "./lang-index";
import { detectLanguage, type LanguageHint, SCRIPT_OF } from "./language";

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
   * person's chosen language); the entry exists in all five. Present even when not confident.
   */
  best: (SearchHit & { lang: Language }) | null;
  /** The next entries, for "related" buttons: best first, scores at least a fraction of the best. */
  related: SearchHit[];
  /**
   * "Did you mean …?": up to three entries, best first (the best one included), for the bot to
   * offer as buttons when the result is not confident. Empty when even the best is unlikely to fit
   * (probability under CANDIDATE_MIN): then the question is for a person at once.
   */
  candidates: SearchHit[];
  /** True when the best entry is very likely the answer; false → offer candidates / hand over. */
  confident: boolean;
  /** The calibrated probability that `best` is right (0–1); see confidence.ts for `confident`. */
  probability: number;
  /** The language whose index matched (differs from `lang` for a question in another language). */
  matchedLang: Language | null;
  /** True when the match read the question as Ukrainian or Russian typed in Latin letters. */
  transliterated: boolean;
  /** Two of the signals behind `probability`, for logs (rounded); all of them in `signals`. */
  coverage: number;
  evidence: number;
  signals: Signals;
}

export type { Confidence, Signals } from "./confidence";
export { DEFAULT_CONFIDENCE } from "./confidence";

/** Related entries and candidates must score at least this share of the best one. */
const RELATED_MIN_SHARE = 0.3;
const CANDIDATES = 3;
/** Below this probability no candidate is offered (see docs/assistant.md for how often each happens). */
export const CANDIDATE_MIN = 0.2;
/** A municipality's own entries are slightly preferred for people placed there. */
const MUNICIPALITY_BOOST = 1.2;
/** The person's own language, and the one the letters point to, are favoured by this much probability. */
const FAVOURED = 0.05;

/** Typo tolerance on stems: one edit from 4 letters, two from 8; never on numbers ("112"). */
const FUZZY_MIN_LENGTH = 4;
const FUZZY_TWO_EDITS_LENGTH = 8;
/** Prefix matching ("registr" finds "registration") from 3 letters. */
const PREFIX_MIN_LENGTH = 3;
/** Coverage credit for a query word matched only as a prefix, or only through a typo. */
const PREFIX_CREDIT = 0.9;
const FUZZY_CREDIT = 0.6;
/** Fields that say what an entry is about (a match only in the answer says less). */
const ABOUT_FIELDS = new Set(["question", "alternatives", "keywords"]);

interface Run {
  lang: Language;
  transliterated: boolean;
  hits: MiniSearchResult[];
  signals: Signals;
  probability: number;
}

const fuzzy = (term: string) =>
  /\d/.test(term)
    ? false
    : term.length >= FUZZY_TWO_EDITS_LENGTH
      ? 2
      : term.length >= FUZZY_MIN_LENGTH
        ? 1
        : false;

/** Edit distance of two short words (the typo tolerance of the search is at most two). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/**
 * How well a query term is matched by these words of a hit: exactly (1), as the start of a longer
 * word, through a typo, or not at all (0).
 */
function credit(term: string, words: string[]): number {
  if (words.includes(term)) return 1;
  if (words.some((d) => d.startsWith(term))) return PREFIX_CREDIT;
  const edits = fuzzy(term) || 0;
  return words.some((d) => distance(term, d) <= edits) ? FUZZY_CREDIT : 0;
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

  private run(query: string, lang: Language, municipalityId: string | null, transliterated: boolean): Run {
    const index = this.indexes[lang];
    const words = index.queryWords(query, transliterated);
    const none: Signals = {
      coverage: 0,
      questionCoverage: 0,
      margin: 0,
      evidence: 0,
      words: words.length,
      unknown: 0,
    };
    const empty: Run = { lang, transliterated, hits: [], signals: none, probability: 0 };
    if (words.length === 0) return empty;
    const boostOf = new Map<string, number>();
    for (const w of words) for (const t of w.terms) boostOf.set(t, Math.max(boostOf.get(t) ?? 0, w.boost));
    const hits = index.search.search([...boostOf.keys()].join(" "), {
      tokenize: (q) => q.split(" "),
      processTerm: (t) => t,
      boost: { ...FIELD_BOOST },
      boostTerm: (term) => boostOf.get(term) ?? 1,
      fuzzy,
      prefix: (term) => term.length >= PREFIX_MIN_LENGTH && !/\d/.test(term),
      filter: (r) => r.municipalityId == null || r.municipalityId === municipalityId,
      boostDocument: (_id, _term, stored) => (stored?.municipalityId ? MUNICIPALITY_BOOST : 1),
    });
    const top = hits[0];
    if (!top) return empty;
    const signals = this.signals(index, words, top, hits[1]?.score ?? 0);
    return { lang, transliterated, hits, signals, probability: probability(signals, this.confidence) };
  }

  /** coverage, questionCoverage, margin, evidence of the best hit (see confidence.ts). */
  private signals(index: LangIndex, words: QueryWord[], top: MiniSearchResult, second: number): Signals {
    const matched = new Set(top.queryTerms);
    const about = Object.entries(top.match)
      .filter(([, fields]) => fields.some((f) => ABOUT_FIELDS.has(f)))
      .map(([term]) => term);
    let total = 0;
    let covered = 0;
    let coveredAbout = 0;
    let unknown = 0;
    for (const word of words) {
      const weight = index.weight(word.terms[0] ?? "") * word.boost;
      total += weight;
      const found = word.terms.filter((t) => matched.has(t));
      if (found.length === 0 && word.terms.every((t) => !index.vocabulary.has(t))) unknown += weight;
      if (found.length === 0) continue;
      covered += weight * Math.max(FUZZY_CREDIT, ...found.map((t) => credit(t, top.terms)));
      coveredAbout += weight * Math.max(...found.map((t) => credit(t, about)));
    }
    const coverage = total > 0 ? covered / total : 0;
    return {
      coverage,
      questionCoverage: total > 0 ? coveredAbout / total : 0,
      margin: top.score > 0 ? 1 - second / top.score : 0,
      evidence: (coverage * top.score) / words.length,
      words: words.length,
      unknown: total > 0 ? unknown / total : 0,
    };
  }

  /** Which indexes to search, and how to read the query in each (see `search`). */
  private plan(lang: Language, hint: LanguageHint): { lang: Language; transliterated: boolean }[] {
    const plan: { lang: Language; transliterated: boolean }[] = [];
    const add = (l: Language, transliterated: boolean) => {
      const t = transliterated && SCRIPT_OF[l] === "cyrillic";
      if (!plan.some((p) => p.lang === l && p.transliterated === t))
        plan.push({ lang: l, transliterated: t });
    };
    const latinText = hint.script === "latin";
    add(lang, latinText && (hint.transliterated || SCRIPT_OF[lang] === "cyrillic"));
    if (hint.lang && hint.lang !== lang) add(hint.lang, hint.transliterated);
    if (hint.transliterated) for (const l of ["uk", "ru"] as const) add(l, true);
    if (hint.script && hint.script !== SCRIPT_OF[lang]) {
      for (const l of LANGUAGES) if (SCRIPT_OF[l] === hint.script) add(l, false);
      if (latinText) for (const l of ["uk", "ru"] as const) add(l, true);
    }
    return plan;
  }

  /**
   * Searches the person's language first, then others: the one the letters or words point to; all
   * of the query's script when it differs from the person's language's; Ukrainian and Russian read
   * from Latin letters when the text looks transliterated (or the person writes uk/ru in Latin);
   * and all others when the first answers are not confident. A confident result beats an
   * unconfident one; among equals the higher probability wins, the person's and the detected
   * language favoured. An unconfident result in another language is taken only when the letters,
   * words or script point to it — otherwise the person's own language stays.
   */
  search(query: string, opts: SearchOptions): SearchResult {
    const municipalityId = opts.municipalityId ?? null;
    const hint = detectLanguage(query);
    const plan = this.plan(opts.lang, hint);
    const runs = plan.map((p) => this.run(query, p.lang, municipalityId, p.transliterated));
    const confident = (r: Run) => r.hits.length > 0 && isConfident(r.signals, this.confidence);
    if (!runs.some(confident)) {
      for (const l of LANGUAGES) {
        if (!plan.some((p) => p.lang === l && !p.transliterated))
          runs.push(this.run(query, l, municipalityId, false));
      }
    }
    const foreignScript = hint.script !== null && hint.script !== SCRIPT_OF[opts.lang];
    const pointed = (r: Run) =>
      r.lang === opts.lang ||
      r.lang === hint.lang ||
      (r.transliterated && hint.transliterated) ||
      (foreignScript && SCRIPT_OF[r.lang] === hint.script);
    const favoured = (r: Run) => r.lang === opts.lang || r.lang === hint.lang;
    const rank = (r: Run) => r.probability + (favoured(r) ? FAVOURED : 0);
    let picked: Run | null = null;
    for (const run of runs) {
      if (run.hits.length === 0 || (!confident(run) && !pointed(run))) continue;
      const better =
        picked === null || (confident(run) === confident(picked) ? rank(run) > rank(picked) : confident(run));
      if (better) picked = run;
    }
    return this.result(picked, opts);
  }

  private result(picked: Run | null, opts: SearchOptions): SearchResult {
    const top = picked?.hits[0];
    if (!picked || !top) {
      return {
        best: null,
        related: [],
        candidates: [],
        confident: false,
        probability: 0,
        matchedLang: null,
        transliterated: false,
        coverage: 0,
        evidence: 0,
        signals: { coverage: 0, questionCoverage: 0, margin: 0, evidence: 0, words: 0, unknown: 0 },
      };
    }
    const near = picked.hits
      .filter((h) => h.score >= top.score * RELATED_MIN_SHARE)
      .map((h) => ({ id: String(h.id), score: round(h.score) }));
    return {
      best: { id: String(top.id), score: round(top.score), lang: opts.lang },
      related: near.slice(1, 1 + (opts.related ?? 3)),
      candidates: picked.probability >= CANDIDATE_MIN ? near.slice(0, CANDIDATES) : [],
      confident: isConfident(picked.signals, this.confidence),
      probability: round(picked.probability),
      matchedLang: picked.lang,
      transliterated: picked.transliterated,
      coverage: round(picked.signals.coverage),
      evidence: round(picked.signals.evidence),
      signals: picked.signals,
    };
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
