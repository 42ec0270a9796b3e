// How sure the assistant is that its best entry answers the question: a logistic model over a few
// signals of the search, calibrated on tests/assistant-eval (the dev half of realistic/ plus the
// first evaluation set) with `npm run bench:assistant -- --calibrate`. Pure.

/** The signals of one search result (see search.ts for how each is measured). */
export interface Signals {
  /** Share of the question's meaningful words (weighted by rarity) the best entry matches, 0–1. */
  coverage: number;
  /** The same, counting only matches in the entry's question, alternatives or keywords, 0–1. */
  questionCoverage: number;
  /** How far the best entry is ahead of the second: 1 − second score / best score, 0–1. */
  margin: number;
  /** Coverage × the best entry's score per meaningful word. */
  evidence: number;
  /** How many meaningful words the question has. */
  words: number;
  /**
   * Share of the question (weighted by rarity) made of words no entry has, in any form, that the
   * best entry does not match: "Apfelkuchen" in "Rezept für Apfelkuchen", "bitcoin", "Mars".
   */
  unknown: number;
}

/** The model's inputs, in order: the signals, evidence and words on a log scale. */
export const FEATURES = ["coverage", "questionCoverage", "margin", "evidence", "words", "unknown"] as const;
export type Feature = (typeof FEATURES)[number];

export interface Confidence {
  /** Weights of the logistic model per feature; `bias` is the intercept. */
  weights: Record<Feature | "bias", number>;
  /** A result is confident when its probability is at least this … */
  threshold: number;
  /** … and the best entry is at least this far ahead of the second (margin): a tie is never sure. */
  minMargin: number;
}

/**
 * Calibrated on the dev splits (see docs/assistant.md "Confidence"): the threshold and margin that
 * answer most while keeping confident-and-wrong answers at or under 1 % and accepted unanswerable
 * questions at or under 7.5 % there (stricter than the aims, because held-out questions do worse).
 */
export const DEFAULT_CONFIDENCE: Confidence = {
  weights: {
    bias: -4.939,
    coverage: 0.484,
    questionCoverage: 2.141,
    margin: 2.688,
    evidence: 1.031,
    words: 0.932,
    unknown: -1.609,
  },
  threshold: 0.84,
  minMargin: 0.3,
};

/** The model's inputs for a result, in the order of FEATURES. */
export function features(s: Signals): number[] {
  return [s.coverage, s.questionCoverage, s.margin, Math.log1p(s.evidence), Math.log1p(s.words), s.unknown];
}

/** The probability that the best entry is right (0–1). */
export function probability(s: Signals, c: Confidence = DEFAULT_CONFIDENCE): number {
  const x = features(s);
  const z = FEATURES.reduce((sum, name, i) => sum + c.weights[name] * (x[i] ?? 0), c.weights.bias);
  return 1 / (1 + Math.exp(-z));
}

/** Whether a result with these signals is confident: probability and margin both high enough. */
export function isConfident(s: Signals, c: Confidence = DEFAULT_CONFIDENCE): boolean {
  return probability(s, c) >= c.threshold && s.margin >= c.minMargin;
}
