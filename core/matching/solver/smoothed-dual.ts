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
 * any machine; the deadline is only a safety stop (reported as `cut`).
 */
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

/** One evaluation: F_μ, its gradient into `g`, and (when asked) the softmax weights. Exported for its test. */
export function smoothedEvaluator(ctx: MatchingContext, people: number) {
  const { H, M, welfare, demand, capacity } = ctx;
  const R = M * D;
  const { start, municipality } = welfareOrder(ctx);
  const { typeOf, vectors } = demandTypes(ctx);
  const tc = new Float64Array(vectors.length * M);
  const cheapest = new Float64Array(vectors.length);
  // Each household's best option at the last evaluation: the scan starts from its term.
  const best = new Int32Array(H).fill(-1);
  const kept = new Int32Array(M);
  const weight = new Float64Array(M);
  // The weight placed per demand type and municipality: the gradient's demand is Σ_t
  // vector_t · share_t, folded in once at the end instead of per pair and dimension.
  const share = new Float64Array(vectors.length * M);
  return (z: Float64Array, mu: number, g: Float64Array, weights?: Map<number, number>): number => {
    const lambda = z[R] as number;
    typeCosts(ctx, vectors, z, tc, cheapest);
    share.fill(0);
    let value = -lambda * people;
    for (let r = 0; r < R; r++) {
      value += (z[r] as number) * (capacity[r] as number);
      g[r] = capacity[r] as number;
    }
    g[R] = -people;
    for (let i = 0; i < H; i++) {
      const base = i * M;
      const tBase = (typeOf[i] as number) * M;
      const persons = demand[i * D] as number;
      const bonus = lambda * persons;
      const low = cheapest[typeOf[i] as number] as number;
      const previous = best[i] as number;
      let top =
        previous >= 0
          ? Math.max(0, (welfare[base + previous] as number) + bonus - (tc[tBase + previous] as number))
          : 0;
      let arg = -1;
      let argValue = 0;
      let n = 0;
      const end = start[i + 1] as number;
      // Best welfare first: W + λ·persons − the type's cheapest price bounds every later term.
      for (let k = start[i] as number; k < end; k++) {
        const j = municipality[k] as number;
        const ceiling = (welfare[base + j] as number) + bonus;
        if (ceiling - low < top - CUT * mu) break;
        const t = ceiling - (tc[tBase + j] as number);
        if (t < top - CUT * mu) continue;
        if (t > top) top = t;
        if (t > argValue) {
          argValue = t;
          arg = j;
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
      let placed = 0;
      for (let q = 0; q < n; q++) {
        if (weight[q] === 0) continue;
        const p = (weight[q] as number) / sum;
        const j = kept[q] as number;
        placed += p;
        if (weights && p > 1e-3) weights.set(base + j, p);
        share[tBase + j] = (share[tBase + j] as number) + p;
      }
      g[R] = (g[R] as number) + persons * placed;
    }
    vectors.forEach((vector, t) => {
      for (let d = 0; d < D; d++) {
        const amount = vector[d] as number;
        if (!amount) continue;
        for (let j = 0; j < M; j++)
          g[j * D + d] = (g[j * D + d] as number) - amount * (share[t * M + j] as number);
      }
    });
    return value;
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
  const R = ctx.M * D;
  const n = R + 1;
  const evaluate = smoothedEvaluator(ctx, settings.people);
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
