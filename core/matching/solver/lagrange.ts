/**
 * Upper bounds over ALL eligible pairs by Lagrangian relaxation, in plain JavaScript.
 *
 * Relax the capacity rows (multipliers y_md ≥ 0) and the people row of the welfare stage
 * (λ ≥ 0); what remains is "each household picks at most one eligible municipality",
 * solved by inspection. For ANY y, λ ≥ 0:
 *
 *   people  ≤ L₁(y)    = Σ_md y_md·cap_md + Σ_h max(0, max_m [persons_h − Σ_d demand_hd·y_md])
 *   welfare ≤ L₂(y, λ) = Σ_md y_md·cap_md − λ·P + Σ_h max(0, max_m [W_hm + λ·persons_h − Σ_d demand_hd·y_md])
 *
 * (L₂ bounds the welfare of any assignment placing at least P people.) The subproblem
 * has integral optima, so min L equals the LP relaxation's optimum: minimising L by
 * subgradient steps approaches the LP bound, and every iterate is already a valid bound.
 * Why not the LP itself: at national scale (3.4M pairs) HiGHS-in-WebAssembly needs
 * minutes for it, while one evaluation of L here takes a few milliseconds.
 *
 * The averaged choices of the iterates approximate an optimal LP solution (Barahona and
 * Anbil's volume algorithm uses the same average); they guide rounding and the search.
 */
import { DIMENSION_COUNT as D, type MatchingContext } from "../welfare";

export interface LagrangeOutcome {
  /** Best (smallest) bound found. */
  bound: number;
  /** Capacity multipliers (M×D) and people multiplier of the best bound. */
  y: Float64Array;
  lambda: number;
  /** Averaged choices per pair (i·M + j), an approximate LP solution. */
  x: Map<number, number>;
  iterations: number;
}

export interface LagrangeSettings {
  stage: "people" | "welfare";
  /** People the welfare stage must place (its people row). */
  people?: number;
  /** A known feasible value (lower bound) for the step length. */
  lowerBound: number;
  deadline: number;
  maxIterations?: number;
  /** Starting multipliers, e.g. from the previous stage. */
  y?: Float64Array;
  /** Welfare order of the pairs (welfareOrder), when the caller already has it. */
  order?: WelfareOrder;
  /** Stop when the bound has not improved for this many iterations. */
  stallIterations?: number;
}

/** Halve the step factor after this many iterations without a better bound. */
const PATIENCE = 30;
/** Polyak's target: this fraction below the best bound (tuned on seeded cohorts). */
const TARGET_BELOW = 0.005;

/** Households grouped by demand vector: the dual price of a household depends only on it. */
export function demandTypes(ctx: MatchingContext) {
  const typeOf = new Int32Array(ctx.H);
  const index = new Map<string, number>();
  const vectors: Int32Array[] = [];
  for (let i = 0; i < ctx.H; i++) {
    const vector = ctx.demand.subarray(i * D, (i + 1) * D);
    const key = vector.join(",");
    let t = index.get(key);
    if (t === undefined) {
      t = vectors.length;
      index.set(key, t);
      vectors.push(vector);
    }
    typeOf[i] = t;
  }
  return { typeOf, vectors };
}

/** Σ_d demand_d · y_md for each demand type and municipality, and each type's lowest. */
export function typeCosts(
  ctx: MatchingContext,
  vectors: Int32Array[],
  y: Float64Array,
  out: Float64Array,
  cheapest: Float64Array,
): void {
  vectors.forEach((vector, t) => {
    let low = Number.POSITIVE_INFINITY;
    for (let j = 0; j < ctx.M; j++) {
      let sum = 0;
      for (let k = 0; k < D; k++) if (vector[k]) sum += (vector[k] as number) * (y[j * D + k] as number);
      out[t * ctx.M + j] = sum;
      low = Math.min(low, sum);
    }
    cheapest[t] = low;
  });
}

/**
 * For the people stage, households with the same demand type and the same eligible
 * municipalities are interchangeable: evaluate each group once.
 */
function peopleGroups(ctx: MatchingContext, typeOf: Int32Array) {
  const index = new Map<string, number>();
  const members: number[][] = [];
  const representative: number[] = [];
  for (let i = 0; i < ctx.H; i++) {
    let key = `${typeOf[i]}|`;
    for (let j = 0; j < ctx.M; j++) key += ctx.eligible[i * ctx.M + j] ? "1" : "0";
    let g = index.get(key);
    if (g === undefined) {
      g = members.length;
      index.set(key, g);
      members.push([]);
      representative.push(i);
    }
    (members[g] as number[]).push(i);
  }
  return { members, representative };
}

/** Mutable state of the descent: multipliers, the choices they induce, the direction. */
interface Descent {
  y: Float64Array;
  lambda: number;
  choice: Int32Array;
  /** Previous search direction over the capacity rows and, last, the people row. */
  direction: Float64Array;
}

export function lagrangeBound(ctx: MatchingContext, settings: LagrangeSettings): LagrangeOutcome {
  const { H, M } = ctx;
  const { typeOf, vectors } = demandTypes(ctx);
  const groups = settings.stage === "people" ? peopleGroups(ctx, typeOf) : undefined;
  const order = groups ? undefined : (settings.order ?? welfareOrder(ctx));
  const people = settings.stage === "welfare" ? (settings.people ?? 0) : 0;
  const state: Descent = {
    y: startingMultipliers(ctx, settings),
    lambda: 0,
    choice: new Int32Array(H).fill(-1),
    direction: new Float64Array(M * D + 1),
  };
  const tc = new Float64Array(vectors.length * M);
  const cheapest = new Float64Array(vectors.length);
  // Uint16 counts: at most 60,000 iterations are averaged.
  const counts = settings.stage === "welfare" ? new Uint16Array(H * M) : undefined;
  let counted = 0;
  let best = { bound: Number.POSITIVE_INFINITY, y: state.y.slice(), lambda: 0 };
  let theta = 1;
  let sinceImprovement = 0;
  let lastImprovement = 0;
  let iterations = 0;
  const maxIterations = Math.min(settings.maxIterations ?? 400, 60_000);
  while (iterations < maxIterations && performance.now() < settings.deadline) {
    if (settings.stallIterations && iterations - lastImprovement > settings.stallIterations) break;
    iterations++;
    typeCosts(ctx, vectors, state.y, tc, cheapest);
    let value = -state.lambda * people;
    for (let r = 0; r < M * D; r++) value += (state.y[r] as number) * (ctx.capacity[r] as number);
    value += groups
      ? choosePeople(ctx, groups, typeOf, tc, state.choice, iterations)
      : chooseWelfare(ctx, order as WelfareOrder, typeOf, tc, cheapest, state.lambda, state.choice);

    if (value < best.bound - 1e-9) {
      best = { bound: value, y: state.y.slice(), lambda: state.lambda };
      sinceImprovement = 0;
      lastImprovement = iterations;
    } else if (++sinceImprovement >= PATIENCE) {
      theta /= 2;
      sinceImprovement = 0;
    }
    // Average the choices of the later iterates only: the first ones are far from optimal.
    if (counts && iterations > 20) {
      counted++;
      state.choice.forEach((j, i) => {
        if (j >= 0) counts[i * M + j] = (counts[i * M + j] as number) + 1;
      });
    }
    const norm = deflectedDirection(ctx, state, settings.stage === "welfare" ? people : undefined);
    if (norm === 0) break; // the choices fit and are complementary: L is at its minimum
    // Polyak's step towards a target a little below the best bound, above the known value.
    const target = Math.max(settings.lowerBound, best.bound - TARGET_BELOW * Math.abs(best.bound));
    const step = (theta * Math.max(value - target, 1e-6 * Math.abs(value))) / norm;
    const { y, direction } = state;
    for (let r = 0; r < M * D; r++) y[r] = Math.max(0, (y[r] as number) - step * (direction[r] as number));
    state.lambda = Math.max(0, state.lambda - step * (direction[M * D] as number));
  }
  return { bound: best.bound, y: best.y, lambda: best.lambda, x: averaged(counts, counted), iterations };
}

/**
 * Without a start, each bed is priced at 1 in the people stage (L₁ is then the total
 * number of beds, already a good bound) and nothing at all in the welfare stage.
 */
function startingMultipliers(ctx: MatchingContext, settings: LagrangeSettings): Float64Array {
  if (settings.y) return settings.y.slice();
  const y = new Float64Array(ctx.M * D);
  if (settings.stage === "people") for (let j = 0; j < ctx.M; j++) y[j * D] = 1;
  return y;
}

/**
 * The subgradient g (capacity − used per row; placed − P for the people row, when there
 * is one), with components that would push a multiplier at 0 below 0 dropped, deflected
 * by the previous direction (Camerini, Fratta and Maffioli: d = g + β·d', β = 1.5·max(0,
 * −g·d')/|d'|²), which damps the zig-zag of plain subgradient steps. The multipliers
 * then move against d. Returns |d|².
 */
function deflectedDirection(ctx: MatchingContext, state: Descent, people: number | undefined): number {
  const R = ctx.M * D;
  const used = new Float64Array(R);
  let placed = 0;
  state.choice.forEach((j, i) => {
    if (j < 0) return;
    placed += ctx.demand[i * D] as number;
    for (let k = 0; k < D; k++)
      used[j * D + k] = (used[j * D + k] as number) + (ctx.demand[i * D + k] as number);
  });
  const g = new Float64Array(R + 1);
  for (let r = 0; r < R; r++) {
    const slack = (ctx.capacity[r] as number) - (used[r] as number);
    g[r] = slack < 0 || (state.y[r] as number) > 0 ? slack : 0;
  }
  if (people !== undefined && (placed < people || state.lambda > 0)) g[R] = placed - people;
  let dot = 0;
  let previous = 0;
  for (let r = 0; r <= R; r++) {
    dot += (g[r] as number) * (state.direction[r] as number);
    previous += (state.direction[r] as number) ** 2;
  }
  const beta = previous > 0 && dot < 0 ? (-1.5 * dot) / previous : 0;
  let norm = 0;
  for (let r = 0; r <= R; r++) {
    state.direction[r] = (g[r] as number) + beta * (state.direction[r] as number);
    norm += (state.direction[r] as number) ** 2;
  }
  return norm;
}

function averaged(counts: Uint16Array | undefined, n: number): Map<number, number> {
  const x = new Map<number, number>();
  if (!counts || n === 0) return x;
  counts.forEach((c, pair) => {
    if (c > 0) x.set(pair, c / n);
  });
  return x;
}

/**
 * Each group takes its best municipality (or none); returns Σ of the households' terms.
 * Ties are common here (every municipality is worth `persons` to a household while its
 * multipliers are 0), and a group sending all its members to the first tied municipality
 * makes the subgradient swing from one municipality to the next. Members are spread
 * round-robin over the tied municipalities instead: any mix of tied choices is a valid
 * subgradient, and a spread one points much better.
 */
function choosePeople(
  ctx: MatchingContext,
  groups: { members: number[][]; representative: number[] },
  typeOf: Int32Array,
  tc: Float64Array,
  choice: Int32Array,
  rotation: number,
): number {
  let sum = 0;
  const tied: number[] = [];
  groups.members.forEach((members, g) => {
    const i = groups.representative[g] as number;
    const persons = ctx.demand[i * D] as number;
    const t = typeOf[i] as number;
    let best = 0;
    tied.length = 0;
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j]) continue;
      const v = persons - (tc[t * ctx.M + j] as number);
      if (v > best + 1e-9) {
        best = v;
        tied.length = 0;
      }
      if (v > 0 && v >= best - 1e-9) tied.push(j);
    }
    sum += best * members.length;
    members.forEach((member, n) => {
      choice[member] = tied.length === 0 ? -1 : (tied[(n + rotation + g) % tied.length] as number);
    });
  });
  return sum;
}

/**
 * Per household, its eligible municipalities by welfare, best first (ties by index): a
 * bucket sort, since welfare points are small whole numbers (0–240).
 */
export interface WelfareOrder {
  /** Household i's list is municipality[start[i]] … municipality[start[i + 1] − 1]. */
  start: Int32Array;
  municipality: Int32Array;
}

export function welfareOrder(ctx: MatchingContext): WelfareOrder {
  const { H, M, welfare, eligible } = ctx;
  const start = new Int32Array(H + 1);
  for (let i = 0; i < H; i++) {
    let n = 0;
    for (let j = 0; j < M; j++) n += eligible[i * M + j] as number;
    start[i + 1] = (start[i] as number) + n;
  }
  const municipality = new Int32Array(start[H] as number);
  let top = 0;
  for (const w of welfare) top = Math.max(top, w);
  const buckets = new Int32Array(top + 2);
  for (let i = 0; i < H; i++) {
    buckets.fill(0);
    for (let j = 0; j < M; j++) {
      if (!eligible[i * M + j]) continue;
      const b = top - (welfare[i * M + j] as number) + 1;
      buckets[b] = (buckets[b] as number) + 1;
    }
    for (let b = 1; b < buckets.length; b++) buckets[b] = (buckets[b] as number) + (buckets[b - 1] as number);
    const base = start[i] as number;
    for (let j = 0; j < M; j++) {
      if (!eligible[i * M + j]) continue;
      const b = top - (welfare[i * M + j] as number);
      municipality[base + (buckets[b] as number)] = j;
      buckets[b] = (buckets[b] as number) + 1;
    }
  }
  return { start, municipality };
}

/**
 * Each household takes its best municipality (or none); returns Σ of the households'
 * terms. Exact, but fast: prices are never negative, so W_hm + λ·persons bounds the term
 * of every municipality, and scanning them best welfare first can stop as soon as that
 * bound falls below the best term found (the search starts from the household's previous
 * choice). Ties go to the lowest index, as a full scan would.
 */
function chooseWelfare(
  ctx: MatchingContext,
  order: WelfareOrder,
  typeOf: Int32Array,
  tc: Float64Array,
  cheapest: Float64Array,
  lambda: number,
  choice: Int32Array,
): number {
  const { M, welfare, demand } = ctx;
  const { start, municipality } = order;
  let sum = 0;
  for (let i = 0; i < ctx.H; i++) {
    const base = i * M;
    const t = typeOf[i] as number;
    const tBase = t * M;
    const bonus = lambda * (demand[i * D] as number);
    const low = cheapest[t] as number;
    // Start from the previous iteration's choice: multipliers move little between
    // iterations, so it is usually still the best, and the scan below stops sooner.
    let best = 0;
    let arg = -1;
    const previous = choice[i] as number;
    if (previous >= 0) {
      const v = (welfare[base + previous] as number) + bonus - (tc[tBase + previous] as number);
      if (v > 0) {
        best = v;
        arg = previous;
      }
    }
    const end = start[i + 1] as number;
    for (let k = start[i] as number; k < end; k++) {
      const j = municipality[k] as number;
      const ceiling = (welfare[base + j] as number) + bonus;
      if (ceiling - low < best) break;
      const v = ceiling - (tc[tBase + j] as number);
      if (v > best || (v === best && v > 0 && j < arg)) {
        best = v;
        arg = j;
      }
    }
    sum += best;
    choice[i] = arg;
  }
  return sum;
}

/**
 * The Lagrangian function itself at given multipliers, over every eligible pair: L₁(y) for
 * the people stage, L₂(y, λ) for the welfare stage with "at least `people` people". Any
 * y, λ ≥ 0 give a valid upper bound, so this certifies the bound of an LP whatever its
 * solver's tolerances: at the LP's optimal duals it equals the LP optimum (solve.ts).
 * Negative entries are read as 0.
 */
export function lagrangeValue(
  ctx: MatchingContext,
  stage: "people" | "welfare",
  y: Float64Array,
  lambda: number,
  people: number,
): number {
  const { H, M, eligible } = ctx;
  const mu = stage === "welfare" ? Math.max(0, lambda) : 0;
  let value = stage === "welfare" ? -mu * people : 0;
  for (let r = 0; r < M * D; r++) value += Math.max(0, y[r] as number) * (ctx.capacity[r] as number);
  for (let i = 0; i < H; i++) {
    let best = 0;
    for (let j = 0; j < M; j++) {
      if (!eligible[i * M + j]) continue;
      const term = lagrangeTerm(ctx, stage, y, mu, i, j);
      if (term > best) best = term;
    }
    value += best;
  }
  return value;
}

/**
 * One pair's term of the Lagrangian function: its value in the stage (persons, or W_hm +
 * λ·persons) less what its demand costs at the prices y (negative prices read as 0). Also
 * what prices a pair outside a core (core-lp.ts).
 */
export function lagrangeTerm(
  ctx: MatchingContext,
  stage: "people" | "welfare",
  y: Float64Array,
  lambda: number,
  i: number,
  j: number,
): number {
  const { M, demand, welfare } = ctx;
  const persons = demand[i * D] as number;
  let term = stage === "people" ? persons : (welfare[i * M + j] as number) + lambda * persons;
  for (let k = 0; k < D; k++) {
    const amount = demand[i * D + k] as number;
    if (amount) term -= amount * Math.max(0, y[j * D + k] as number);
  }
  return term;
}
