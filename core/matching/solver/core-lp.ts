/**
 * The LP relaxation's bound, certified — over every pair, or, where the whole LP does not
 * fit (beyond LP_PAIR_LIMIT pairs), by column generation over a core.
 *
 * Certified (`certifiedLp`): the Lagrangian function (lagrange.ts) at an LP's row duals
 * (clipped at 0) is a valid bound for ANY duals, whatever the LP solver's tolerances, and
 * equals the LP optimum at optimal duals over all pairs.
 *
 * Core (`coreLp`, the welfare stage): the restricted LP over each household's best few
 * pairs by their Lagrangian term W + λ·persons − demand·y at the descent's multipliers, and
 * the pair of the start assignment. Its duals price every eligible pair: a pair whose term
 * beats its household's best term in the core would improve the restricted LP, and the best
 * few of those per household join the core before the next solve. The bound is the
 * Lagrangian function at the core's duals — over ALL pairs, so valid whatever the core holds
 * — and once pricing finds nothing to add (the bound meets the restricted LP's optimum) it is
 * the LP optimum over all pairs. A slack in the people row ("people ≥ P" may be more than a
 * first core can place) keeps every restricted LP feasible; the bound is named "lp" only when
 * the slack is empty and the two meet.
 */
import { DIMENSION_COUNT as D, type MatchingContext } from "../welfare";
import type { Highs } from "./highs";
import { lagrangeTerm, lagrangeValue } from "./lagrange";
import { type LpMethod, type LpRestriction, type Stage, solveLp } from "./master";

export interface CertifiedLp {
  bound: number;
  lambda: number;
  /** The LP's solution per pair (positive values only). */
  x: Map<number, number>;
  /** The LP's own optimum (of the restricted LP, for a core). */
  lpValue: number;
  /** Of a restricted LP: the people its core could not place (the slack). */
  peopleSlack: number;
  /**
   * The duals in HiGHS' convention (for a maximisation: ≥ 0 on a binding ≤ row, ≤ 0 on a
   * binding ≥ row), which price the pairs outside a core.
   */
  pricing: { y: Float64Array; lambda: number };
}

/**
 * The LP relaxation of a stage, over every pair or a restriction, its bound certified over
 * every pair. Both readings of the duals' sign give valid bounds; the smaller is kept. No
 * bound (infinity) when HiGHS does not finish.
 */
export function certifiedLp(
  highs: Highs,
  ctx: MatchingContext,
  stage: Stage,
  people: number,
  end: number,
  method: LpMethod,
  restriction?: LpRestriction,
): CertifiedLp {
  const lp = solveLp(highs, ctx, stage, people, end, method, restriction);
  const pricing = {
    y: (lp.capacityDuals ?? new Float64Array(ctx.M * D)).map((v) => Math.max(0, v)),
    lambda: stage === "welfare" ? Math.max(0, -(lp.peopleDual ?? 0)) : 0,
  };
  let best: CertifiedLp = {
    bound: Number.POSITIVE_INFINITY,
    lambda: 0,
    x: lp.x,
    lpValue: lp.bound,
    peopleSlack: lp.peopleSlack ?? 0,
    pricing,
  };
  if (!lp.solved || !lp.capacityDuals) return best;
  for (const sign of [1, -1]) {
    const y = lp.capacityDuals.map((v) => sign * v);
    const lambda = stage === "welfare" ? Math.max(0, -sign * (lp.peopleDual ?? 0)) : 0;
    const bound = lagrangeValue(ctx, stage, y, lambda, people);
    if (bound < best.bound) best = { ...best, bound, lambda };
  }
  return best;
}

export interface CoreSettings {
  /** People the welfare stage must place ("people ≥ P"). */
  people: number;
  /** Multipliers that rank each household's pairs for the first core (the Lagrangian descent's). */
  y: Float64Array;
  lambda: number;
  /** A feasible assignment whose pairs join the first core. */
  start: Int32Array;
  end: number;
  /** Solves of the restricted LP at most: the deterministic work limit. */
  rounds: number;
}

export interface CoreOutcome {
  /** The best certified bound of the rounds (infinity if no LP finished). */
  bound: number;
  lambda: number;
  /** Whether the bound is the LP optimum over every pair (pricing found nothing, no slack). */
  proven: boolean;
  /** The last restricted LP's vertex solution. */
  x: Map<number, number>;
  rounds: number;
  /** Pairs in the last core. */
  columns: number;
  /** Whether the time limit (the safety stop) ended the rounds. */
  cut: boolean;
}

/** Pairs per household in the first core, and added at most per household and round. */
const FIRST_PAIRS = 4;
const ADDED_PAIRS = 3;
/** The bound and the restricted LP's optimum this close (relative): the core's LP is the LP. */
const TOLERANCE = 1e-4;

/**
 * Per household, the pairs outside `inCore` whose term beats the household's best term in
 * the core (and 0), best first, at most `limit` each; with `initial`, its best `limit` pairs
 * outside the core whatever their terms (the first core).
 */
function pricedPairs(
  ctx: MatchingContext,
  pricing: { y: Float64Array; lambda: number },
  inCore: Uint8Array,
  limit: number,
  initial: boolean,
): number[] {
  const { H, M, eligible } = ctx;
  const terms = new Float64Array(M);
  const found: number[] = [];
  const candidates: number[] = [];
  for (let i = 0; i < H; i++) {
    let coreBest = 0;
    candidates.length = 0;
    for (let j = 0; j < M; j++) {
      const pair = i * M + j;
      if (!eligible[pair]) continue;
      const term = lagrangeTerm(ctx, "welfare", pricing.y, pricing.lambda, i, j);
      terms[j] = term;
      if (inCore[pair]) coreBest = Math.max(coreBest, term);
      else candidates.push(j);
    }
    const better = initial ? candidates : candidates.filter((j) => (terms[j] as number) > coreBest + 1e-7);
    better.sort((a, b) => (terms[b] as number) - (terms[a] as number) || a - b);
    for (const j of better.slice(0, limit)) found.push(i * M + j);
  }
  return found;
}

/** The welfare stage's LP bound by column generation over a core (see the header). */
export function coreLp(highs: Highs, ctx: MatchingContext, settings: CoreSettings): CoreOutcome {
  const inCore = new Uint8Array(ctx.H * ctx.M);
  const core: number[] = [];
  const join = (pair: number) => {
    if (inCore[pair]) return;
    inCore[pair] = 1;
    core.push(pair);
  };
  settings.start.forEach((j, i) => {
    if (j >= 0) join(i * ctx.M + j);
  });
  for (const pair of pricedPairs(ctx, settings, inCore, FIRST_PAIRS, true)) join(pair);
  // A missing person costs more than any welfare a person can bring.
  let peopleSlackCost = 1;
  for (const w of ctx.welfare) peopleSlackCost = Math.max(peopleSlackCost, w + 1);
  const outcome: CoreOutcome = {
    bound: Number.POSITIVE_INFINITY,
    lambda: 0,
    proven: false,
    x: new Map(),
    rounds: 0,
    columns: 0,
    cut: false,
  };
  for (let round = 1; round <= settings.rounds; round++) {
    if (performance.now() >= settings.end) {
      outcome.cut = true;
      break;
    }
    const lp = certifiedLp(highs, ctx, "welfare", settings.people, settings.end, "ipm-vertex", {
      pairs: core.slice().sort((a, b) => a - b),
      peopleSlackCost,
    });
    if (!Number.isFinite(lp.bound)) {
      outcome.cut = performance.now() >= settings.end;
      break;
    }
    Object.assign(outcome, { x: lp.x, rounds: round, columns: core.length });
    if (lp.bound < outcome.bound) Object.assign(outcome, { bound: lp.bound, lambda: lp.lambda });
    const met = outcome.bound - lp.lpValue <= TOLERANCE * Math.abs(outcome.bound);
    outcome.proven = met && lp.peopleSlack < 1e-6;
    if (met) break;
    const added = pricedPairs(ctx, lp.pricing, inCore, ADDED_PAIRS, false);
    if (added.length === 0) break;
    for (const pair of added) join(pair);
  }
  return outcome;
}
