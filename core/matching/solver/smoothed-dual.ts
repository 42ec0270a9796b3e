/**
 * The welfare stage's bound at national scale (beyond CORE_PAIR_LIMIT pairs, where neither
 * the LP nor a core LP is solved in time here): the Lagrangian dual min L₂(y, λ) of
 * lagrange.ts, minimised through a smooth approximation instead of subgradient steps.
 *
 * Each household's term max(0, max_m t_hm), t_hm = W_hm + λ·persons_h − Σ_d demand_hd·y_md,
 * is replaced by its log-sum-exp at temperature μ (welfare points):
 *
 *   F_μ(y, λ) = Σ_md y_md·cap_md − λ·P + Σ_h μ·log(1 + Σ_m exp(t_hm / μ))
 *
 * F_μ is convex and differentiable, L₂ ≤ F_μ ≤ L₂ + μ·Σ_h log(1 + #options_h), and its
 * gradient is capacity − demand placed by the softmax weights π_hm = exp(t_hm/μ)/(1 + Σ…)
 * (and placed people − P for λ). It is minimised over y, λ ≥ 0 by limited-memory BFGS on
 * the variables off their bound (a projected quasi-Newton step, Armijo backtracking), with
 * μ halved from MU_START over LEVELS levels: a large μ moves all prices at once, a small
 * one sharpens them. The bound reported is L₂ itself (exact, over every pair) at the best
 * iterate, so it is valid whatever the smoothing; the softmax weights at the last μ are an
 * approximate LP solution that guides the rounding and the search (as the averaged
 * choices of the descent do, but far closer: docs/matching.md, "the smoothed dual").
 *
 * Work is a fixed number of evaluations of F_μ (each a pass over the pairs that can
 * matter: those within CUT·μ of the household's best term), so the result is the same on
 * any machine; the deadline is only a safety stop (reported as `cut`). At national scale
 * the second half of the households of each evaluation runs on a second thread
 * (smoothed-thread.ts), added in a fixed order: the same result with it or without.
 */
import type { Worker } from "node:worker_threads";
import { typescriptThread } from "../../thread";
import { DIMENSION_COUNT as D, type MatchingContext } from "../welfare";
import { demandTypes, lagrangeValue, typeCosts, welfareOrder } from "./lagrange";

export interface SmoothedSettings {
  /** People the welfare stage must place ("people ≥ P"). */
  people: number;
  /** Starting multipliers (e.g. a short descent's); zero when absent. */
  y?: Float64Array;
  lambda?: number;
  /** Evaluations of F_μ in all (and one more for the weights): the deterministic work limit. */
  evaluations: number;
  /** Safety stop (performance.now() time). */
  deadline: number;
  /** Whether half of each evaluation goes to a second thread: from THREAD_PAIRS pairs when absent. */
  thread?: boolean;
}

export interface SmoothedOutcome {
  /** L₂ at the best multipliers found: a valid upper bound on the welfare stage. */
  bound: number;
  y: Float64Array;
  lambda: number;
  /** Softmax weights per pair (i·M + j, weights above 0.001) at the best multipliers. */
  x: Map<number, number>;
  evaluations: number;
  /** Whether the deadline stopped it before its evaluations were done. */
  cut: boolean;
}

/** Temperatures: MU_START, halved LEVELS − 1 times (1 … 0.002 welfare points). */
const MU_START = 1;
const LEVELS = 10;
/** Options more than CUT·μ below a household's best term weigh under e^−30: left out. */
const CUT = 30;
/** Correction pairs kept by the limited-memory BFGS. */
const MEMORY = 8;

/**
 * What one evaluation reads, on shared memory so that a second thread reads it too. Each
 * household's eligible options are listed best welfare first (`start`, `municipality`,
 * `points`: W of that pair), so that the scan can stop early.
 */
export interface DualArrays {
  M: number;
  start: Int32Array;
  municipality: Int32Array;
  points: Int32Array;
  persons: Int32Array;
  typeOf: Int32Array;
  /** Per demand type and municipality Σ_d demand·y (T×M) and each type's lowest: written before each evaluation. */
  tc: Float64Array;
  cheapest: Float64Array;
  /** Each household's best option (its position in the list) at its last evaluation, −1 for none: the scan starts from its term. */
  best: Int32Array;
  /** λ and μ of the evaluation. */
  params: Float64Array;
}

function sharedInt32(from: ArrayLike<number>): Int32Array {
  const array = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, from.length)));
  array.set(from);
  return array;
}

function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(1, length)));
}

/** A household range's part of one evaluation. */
export interface DualPart {
  /** Σ_h μ·log(1 + Σ_m exp(t_hm/μ)) over the range. */
  value: number;
  /** People placed by the softmax weights. */
  placed: number;
}

/**
 * Households [from, to) of one evaluation: their part of F_μ and of the people placed, and
 * the softmax weight placed per demand type and municipality into `share` (T×M) — the
 * gradient's demand is Σ_t vector_t · share_t, folded in once by the caller instead of per
 * pair and dimension. The result does not depend on `best` (only how soon the scan stops).
 */
export function evaluateRange(
  a: DualArrays,
  from: number,
  to: number,
  share: Float64Array,
  weights?: Map<number, number>,
): DualPart {
  const { M, start, municipality, points, persons, typeOf, tc, cheapest, best } = a;
  const lambda = a.params[0] as number;
  const mu = a.params[1] as number;
  const kept = new Int32Array(M);
  const weight = new Float64Array(M);
  share.fill(0);
  let value = 0;
  let placed = 0;
  for (let i = from; i < to; i++) {
    const type = typeOf[i] as number;
    const tBase = type * M;
    const people = persons[i] as number;
    const bonus = lambda * people;
    const low = cheapest[type] as number;
    const previous = best[i] as number;
    let top =
      previous >= 0
        ? Math.max(
            0,
            (points[previous] as number) + bonus - (tc[tBase + (municipality[previous] as number)] as number),
          )
        : 0;
    let arg = -1;
    let argValue = 0;
    let n = 0;
    const end = start[i + 1] as number;
    // Best welfare first: W + λ·persons − the type's cheapest price bounds every later term.
    for (let k = start[i] as number; k < end; k++) {
      const ceiling = (points[k] as number) + bonus;
      if (ceiling - low < top - CUT * mu) break;
      const j = municipality[k] as number;
      const t = ceiling - (tc[tBase + j] as number);
      if (t < top - CUT * mu) continue;
      if (t > top) top = t;
      if (t > argValue) {
        argValue = t;
        arg = k;
      }
      kept[n] = j;
      weight[n++] = t;
    }
    best[i] = arg;
    const floor = top - CUT * mu;
    let sum = Math.exp(-top / mu); // the option of no place (term 0)
    for (let q = 0; q < n; q++) {
      const t = weight[q] as number;
      // ties with the best term are common (whole welfare points, many prices at 0)
      const e = t === top ? 1 : t >= floor ? Math.exp((t - top) / mu) : 0;
      weight[q] = e;
      sum += e;
    }
    value += top + mu * Math.log(sum);
    let household = 0;
    for (let q = 0; q < n; q++) {
      if (weight[q] === 0) continue;
      const p = (weight[q] as number) / sum;
      const j = kept[q] as number;
      household += p;
      if (weights && p > 1e-3) weights.set(i * M + j, p);
      share[tBase + j] = (share[tBase + j] as number) + p;
    }
    placed += people * household;
  }
  return { value, placed };
}

/** Eligible pairs from which an evaluation's second half of the households goes to a second thread. */
const THREAD_PAIRS = 100_000;
/** How long the main thread waits for the second thread's half before computing it itself (and no longer asking). */
const PATIENCE_MS = 10_000;
/** The control words shared with the second thread: evaluation published, claimed, done. */
export const PUBLISHED = 0;
export const CLAIMED = 1;
export const DONE = 2;

/**
 * What the second thread is given (smoothed-thread.ts): typed arrays on shared memory, which
 * a worker thread receives as views of the same memory, not as copies.
 */
export interface HelperData {
  arrays: DualArrays;
  from: number;
  to: number;
  share: Float64Array;
  control: Int32Array;
  result: Float64Array;
}

/**
 * A second thread for households [from, to): each evaluation is published (a sequence
 * number), and whichever thread claims it first computes that half — the main thread, if
 * the helper is not yet running or is slow; the arithmetic is the same either way, so the
 * result is too. `collect` returns the helper's part (its share in `share`), or null when
 * the main thread claimed the half and must compute it.
 */
function startHelper(a: DualArrays, from: number, to: number, share: Float64Array) {
  const control = new Int32Array(new SharedArrayBuffer(12));
  const result = sharedFloat64(2);
  const data: HelperData = { arrays: a, from, to, share, control, result };
  let thread: Worker;
  try {
    thread = typescriptThread(new URL("./smoothed-thread.ts", import.meta.url), data);
  } catch {
    return null;
  }
  // A helper that fails never claims an evaluation: the main thread computes every half.
  thread.on("error", () => {});
  thread.unref();
  let sequence = 0;
  let alive = true;
  let helped = 0;
  const close = () => {
    alive = false;
    Atomics.store(control, PUBLISHED, -1);
    Atomics.notify(control, PUBLISHED);
  };
  return {
    publish() {
      if (!alive) return;
      sequence++;
      Atomics.store(control, PUBLISHED, sequence);
      Atomics.notify(control, PUBLISHED);
    },
    collect(): DualPart | null {
      if (!alive) return null;
      if (Atomics.compareExchange(control, CLAIMED, sequence - 1, sequence) === sequence - 1) return null;
      const limit = performance.now() + PATIENCE_MS;
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done === sequence) {
          helped++;
          return { value: result[0] as number, placed: result[1] as number };
        }
        if (performance.now() > limit) {
          close();
          return null;
        }
        Atomics.wait(control, DONE, done, 100);
      }
    },
    close,
    helped: () => helped,
  };
}

/**
 * One evaluation: F_μ, its gradient into `g`, and (when asked) the softmax weights. The
 * households are split into two fixed halves, the second on a second thread from
 * THREAD_PAIRS eligible pairs (or as `thread` says), and their parts are added in a fixed
 * order: the same result with the thread or without. `close` ends the thread. Exported for
 * its tests.
 */
export function smoothedEvaluator(ctx: MatchingContext, people: number, options: { thread?: boolean } = {}) {
  const { H, M, welfare, demand, capacity } = ctx;
  const R = M * D;
  const order = welfareOrder(ctx);
  const { typeOf, vectors } = demandTypes(ctx);
  const T = vectors.length;
  const points = new Int32Array(order.municipality.length);
  for (let i = 0; i < H; i++)
    for (let k = order.start[i] as number; k < (order.start[i + 1] as number); k++)
      points[k] = welfare[i * M + (order.municipality[k] as number)] as number;
  const a: DualArrays = {
    M,
    start: sharedInt32(order.start),
    municipality: sharedInt32(order.municipality),
    points: sharedInt32(points),
    persons: sharedInt32(Array.from({ length: H }, (_, i) => demand[i * D] as number)),
    typeOf: sharedInt32(typeOf),
    tc: sharedFloat64(T * M),
    cheapest: sharedFloat64(T),
    best: sharedInt32(new Int32Array(H).fill(-1)),
    params: sharedFloat64(2),
  };
  const half = Math.floor(H / 2);
  const first = new Float64Array(T * M);
  const second = new Float64Array(T * M);
  const helperShare = sharedFloat64(T * M);
  const helper =
    (options.thread ?? points.length >= THREAD_PAIRS) ? startHelper(a, half, H, helperShare) : null;
  const evaluate = (z: Float64Array, mu: number, g: Float64Array, weights?: Map<number, number>): number => {
    const lambda = z[R] as number;
    a.params[0] = lambda;
    a.params[1] = mu;
    typeCosts(ctx, vectors, z, a.tc, a.cheapest);
    // the weights are asked once, at the end: on this thread, in household order
    if (!weights) helper?.publish();
    let value = -lambda * people;
    for (let r = 0; r < R; r++) {
      value += (z[r] as number) * (capacity[r] as number);
      g[r] = capacity[r] as number;
    }
    const part0 = evaluateRange(a, 0, half, first, weights);
    const fromHelper = weights ? null : (helper?.collect() ?? null);
    const part1 = fromHelper ?? evaluateRange(a, half, H, second, weights);
    const secondShare = fromHelper ? helperShare : second;
    value += part0.value + part1.value;
    g[R] = -people + part0.placed + part1.placed;
    vectors.forEach((vector, t) => {
      for (let d = 0; d < D; d++) {
        const amount = vector[d] as number;
        if (!amount) continue;
        for (let j = 0; j < M; j++)
          g[j * D + d] =
            (g[j * D + d] as number) -
            amount * ((first[t * M + j] as number) + (secondShare[t * M + j] as number));
      }
    });
    return value;
  };
  return {
    evaluate,
    /** Evaluations whose second half the second thread computed. */
    helped: () => helper?.helped() ?? 0,
    close: () => helper?.close(),
  };
}

/**
 * The limited-memory BFGS direction on the free variables (off their bound of 0, or with a
 * gradient pushing them up), projected onto y, λ ≥ 0; the projected gradient (scaled by
 * `spectral`, the last step's |s|²/s·y) when the memory is empty or that is not a descent
 * direction. Returns the directional derivative g·d.
 */
function direction(
  z: Float64Array,
  g: Float64Array,
  memory: { s: Float64Array; y: Float64Array }[],
  spectral: number,
  d: Float64Array,
): number {
  const n = z.length;
  const free = new Uint8Array(n);
  for (let r = 0; r < n; r++) free[r] = (z[r] as number) > 0 || (g[r] as number) < 0 ? 1 : 0;
  const dot = (u: Float64Array, v: Float64Array) => {
    let sum = 0;
    for (let r = 0; r < n; r++) if (free[r]) sum += (u[r] as number) * (v[r] as number);
    return sum;
  };
  const q = new Float64Array(n);
  for (let r = 0; r < n; r++) q[r] = free[r] ? (g[r] as number) : 0;
  const a = new Float64Array(memory.length);
  const rho = memory.map((pair) => dot(pair.s, pair.y));
  for (let m = memory.length - 1; m >= 0; m--) {
    const pair = memory[m] as { s: Float64Array; y: Float64Array };
    if ((rho[m] as number) <= 1e-12) continue;
    a[m] = dot(pair.s, q) / (rho[m] as number);
    for (let r = 0; r < n; r++)
      if (free[r]) q[r] = (q[r] as number) - (a[m] as number) * (pair.y[r] as number);
  }
  const last = memory[memory.length - 1];
  const yy = last ? dot(last.y, last.y) : 0;
  const scale =
    last && yy > 0 && (rho[memory.length - 1] as number) > 0
      ? (rho[memory.length - 1] as number) / yy
      : spectral;
  for (let r = 0; r < n; r++) q[r] = (q[r] as number) * scale;
  memory.forEach((pair, m) => {
    if ((rho[m] as number) <= 1e-12) return;
    const b = dot(pair.y, q) / (rho[m] as number);
    for (let r = 0; r < n; r++)
      if (free[r]) q[r] = (q[r] as number) + ((a[m] as number) - b) * (pair.s[r] as number);
  });
  let slope = 0;
  for (let r = 0; r < n; r++) {
    d[r] = free[r] ? Math.max(0, (z[r] as number) - (q[r] as number)) - (z[r] as number) : 0;
    slope += (g[r] as number) * (d[r] as number);
  }
  if (slope < 0) return slope;
  memory.length = 0;
  slope = 0;
  for (let r = 0; r < n; r++) {
    d[r] = Math.max(0, (z[r] as number) - spectral * (g[r] as number)) - (z[r] as number);
    slope += (g[r] as number) * (d[r] as number);
  }
  return slope;
}

export function smoothedDual(ctx: MatchingContext, settings: SmoothedSettings): SmoothedOutcome {
  const evaluator = smoothedEvaluator(ctx, settings.people, { thread: settings.thread });
  try {
    return descend(ctx, settings, evaluator.evaluate);
  } finally {
    evaluator.close();
  }
}

function descend(
  ctx: MatchingContext,
  settings: SmoothedSettings,
  evaluate: ReturnType<typeof smoothedEvaluator>["evaluate"],
): SmoothedOutcome {
  const R = ctx.M * D;
  const n = R + 1;
  const z = new Float64Array(n);
  if (settings.y) z.set(settings.y.subarray(0, R).map((v) => Math.max(0, v)));
  z[R] = Math.max(0, settings.lambda ?? 0);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const next = new Float64Array(n);
  const gNext = new Float64Array(n);
  const perLevel = Math.max(1, Math.floor(settings.evaluations / LEVELS));
  const memory: { s: Float64Array; y: Float64Array }[] = [];
  let evaluations = 0;
  let bestBound = Number.POSITIVE_INFINITY;
  let bestZ = z.slice();
  const certify = () => {
    const bound = lagrangeValue(ctx, "welfare", z.subarray(0, R), z[R] as number, settings.people);
    if (bound < bestBound) {
      bestBound = bound;
      bestZ = z.slice();
    }
  };
  let cut = false;
  let mu = MU_START;
  let spectral = 0;
  for (let level = 0; level < LEVELS && (level === 0 || evaluations < settings.evaluations); level++) {
    mu = MU_START / 2 ** level;
    memory.length = 0;
    let value = evaluate(z, mu, g);
    evaluations++;
    if (spectral === 0) {
      let largest = 0;
      for (let r = 0; r < n; r++) largest = Math.max(largest, Math.abs(g[r] as number));
      spectral = largest > 0 ? 1 / largest : 1;
    }
    const levelEnd =
      level === LEVELS - 1
        ? settings.evaluations
        : Math.min(settings.evaluations, evaluations + perLevel - 1);
    while (evaluations < levelEnd) {
      if (performance.now() >= settings.deadline) {
        cut = true;
        break;
      }
      const slope = direction(z, g, memory, spectral, d);
      if (slope > -1e-12) break; // this level's minimum
      let step = 1;
      let trial = 0;
      for (;;) {
        for (let r = 0; r < n; r++) next[r] = (z[r] as number) + step * (d[r] as number);
        trial = evaluate(next, mu, gNext);
        evaluations++;
        if (trial <= value + 1e-4 * step * slope || step < 1e-8 || evaluations >= levelEnd) break;
        step /= 2;
      }
      if (trial > value) break; // no descent within the budget: this level is done
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      let sy = 0;
      let ss = 0;
      for (let r = 0; r < n; r++) {
        s[r] = (next[r] as number) - (z[r] as number);
        y[r] = (gNext[r] as number) - (g[r] as number);
        sy += (s[r] as number) * (y[r] as number);
        ss += (s[r] as number) ** 2;
      }
      spectral = sy > 0 ? Math.min(1e6, Math.max(1e-10, ss / sy)) : Math.min(1e6, 1e3 * spectral);
      if (sy > 1e-12) {
        memory.push({ s, y });
        if (memory.length > MEMORY) memory.shift();
      }
      z.set(next);
      g.set(gNext);
      value = trial;
    }
    certify();
    if (cut) break;
  }
  const x = new Map<number, number>();
  evaluate(bestZ, mu, g, x);
  return {
    bound: bestBound,
    y: bestZ.subarray(0, R).slice(),
    lambda: bestZ[R] as number,
    x,
    evaluations,
    cut,
  };
}
