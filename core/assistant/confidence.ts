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
}

export interface Confidence {
  /** Weights of the logistic model; `bias` is the intercept. */
  weights: {
    bias: number;
    coverage: number;
    questionCoverage: number;
    margin: number;
    evidence: number;
    words: number;
  };
  /** A result is confident when its probability is at least this. */
  threshold: number;
}

/**
 * Calibrated on the dev splits (see docs/assistant.md "Confidence"); the threshold keeps
 * confident-and-wrong answers at or under 2 % and hands over at least 90 % of unanswerable ones there.
 */
export const DEFAULT_CONFIDENCE: Confidence = {
  weights: {
    bias: -5.612,
    coverage: 1.305,
    questionCoverage: 2.5,
    margin: 2.391,
    evidence: 1.024,
    words: 0.733,
  },
  threshold: 0.75,
};

/** The model's inputs for a result, as the calibration sees them. */
export function features(s: Signals): number[] {
  return [s.coverage, s.questionCoverage, s.margin, Math.log1p(s.evidence), Math.log1p(s.words)];
}

/** The probability that the best entry is right (0–1). */
export function probability(s: Signals, c: Confidence = DEFAULT_CONFIDENCE): number {
  const w = c.weights;
  const [coverage, questionCoverage, margin, evidence, words] = features(s) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const z =
    w.bias +
    w.coverage * coverage +
    w.questionCoverage * questionCoverage +
    w.margin * margin +
    w.evidence * evidence +
    w.words * words;
  return 1 / (1 + Math.exp(-z));
}
