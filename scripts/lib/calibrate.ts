// Fits the assistant's confidence model (core/assistant/confidence.ts) to labelled search
// results: logistic regression by gradient descent on standardised features with a little L2,
// then a threshold that keeps confident-and-wrong answers and accepted unanswerable questions
// under their limits while answering as many as possible. Used by `bench:assistant -- --calibrate`.

import {
  type Confidence,
  FEATURES,
  features,
  isConfident,
  type Signals,
} from "../../core/assistant/confidence";

export interface Sample {
  signals: Signals;
  /** the best entry is the right one */
  right: boolean;
  /** a question the knowledge base cannot answer */
  unanswerable: boolean;
}

export interface Limits {
  /** share of answerable questions answered confidently but wrongly, at most */
  wrong: number;
  /** share of unanswerable questions answered confidently, at most */
  accepted: number;
}

function fitLogistic(x: number[][], y: number[], steps = 4000, rate = 0.1, l2 = 0.01): number[] {
  const dims = x[0]?.length ?? 0;
  const w = new Array<number>(dims + 1).fill(0);
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(dims + 1).fill(0);
    x.forEach((row, i) => {
      const z = row.reduce((sum, v, j) => sum + v * (w[j + 1] ?? 0), w[0] ?? 0);
      const err = 1 / (1 + Math.exp(-z)) - (y[i] ?? 0);
      grad[0] = (grad[0] ?? 0) + err;
      row.forEach((v, j) => {
        grad[j + 1] = (grad[j + 1] ?? 0) + err * v;
      });
    });
    for (let j = 0; j <= dims; j++) {
      const reg = j === 0 ? 0 : l2 * (w[j] ?? 0);
      w[j] = (w[j] ?? 0) - rate * ((grad[j] ?? 0) / x.length + reg);
    }
  }
  return w;
}

/** Weights on the raw features, from a fit on standardised ones. */
function fitWeights(samples: Sample[]): Confidence["weights"] {
  const raw = samples.map((s) => features(s.signals));
  const dims = FEATURES.length;
  const mean = Array.from({ length: dims }, (_, j) => raw.reduce((a, r) => a + (r[j] ?? 0), 0) / raw.length);
  const sd = Array.from({ length: dims }, (_, j) => {
    const v = raw.reduce((a, r) => a + ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / raw.length;
    return Math.sqrt(v) || 1;
  });
  const x = raw.map((r) => r.map((v, j) => (v - (mean[j] ?? 0)) / (sd[j] ?? 1)));
  const w = fitLogistic(
    x,
    samples.map((s) => (s.right ? 1 : 0)),
  );
  const weights = { bias: w[0] ?? 0 } as Confidence["weights"];
  FEATURES.forEach((name, j) => {
    weights[name] = (w[j + 1] ?? 0) / (sd[j] ?? 1);
    weights.bias -= ((w[j + 1] ?? 0) * (mean[j] ?? 0)) / (sd[j] ?? 1);
  });
  return weights;
}

export interface Outcome {
  threshold: number;
  confidentRight: number;
  confidentWrong: number;
  accepted: number;
}

/** The rates at one threshold: over answerable questions, and over unanswerable ones. */
export function outcome(samples: Sample[], c: Confidence): Outcome {
  const answerable = samples.filter((s) => !s.unanswerable);
  const unanswerable = samples.filter((s) => s.unanswerable);
  const sure = (s: Sample) => isConfident(s.signals, c);
  return {
    threshold: c.threshold,
    confidentRight: answerable.filter((s) => sure(s) && s.right).length / (answerable.length || 1),
    confidentWrong: answerable.filter((s) => sure(s) && !s.right).length / (answerable.length || 1),
    accepted: unanswerable.filter(sure).length / (unanswerable.length || 1),
  };
}

/** Fits the weights, then picks the threshold and minimum margin that answer most within the limits. */
export function calibrate(samples: Sample[], limits: Limits): { confidence: Confidence; outcome: Outcome } {
  const weights = fitWeights(samples);
  let best: { confidence: Confidence; outcome: Outcome } | null = null;
  for (const minMargin of [0, 0.05, 0.1, 0.15, 0.2, 0.3]) {
    for (let t = 0.3; t <= 0.95; t += 0.01) {
      const confidence = { weights, threshold: Math.round(t * 100) / 100, minMargin };
      const o = outcome(samples, confidence);
      if (o.confidentWrong > limits.wrong || o.accepted > limits.accepted) continue;
      if (!best || o.confidentRight > best.outcome.confidentRight) best = { confidence, outcome: o };
    }
  }
  const fallback = { weights, threshold: 0.95, minMargin: 0.3 };
  return best ?? { confidence: fallback, outcome: outcome(samples, fallback) };
}
