/**
 * Large-neighbourhood search for instances too big for one exact MIP.
 *
 * Why: at 1,000 × 50 already, HiGHS (WebAssembly, one thread) proves the people stage
 * but then finds no feasible solution of the welfare stage within minutes: "people ≥ P*"
 * with P* maximal is an exact-fill knapsack over all municipalities. Small pieces of the
 * same problem, on the other hand, it solves exactly in a fraction of a second.
 *
 * So: repeatedly pick a few related municipalities, free the households placed there,
 * the unplaced ones that could go there and those placed elsewhere whom the LP would
 * move there, and let HiGHS re-solve that piece exactly (subproblem.ts) with everything
 * else fixed. A step is kept only if it is better (never fewer people), so the
 * incumbent improves monotonically and stays feasible.
 *
 * Neighbourhoods are guided by the LP relaxation: seeds are the municipalities where the
 * LP earns most above the incumbent, and a neighbourhood grows by the municipalities
 * most connected to it through households the LP would place differently. When a full
 * sweep improves nothing, neighbourhoods double in size.
 *
 * Deterministic: the budget is counted in steps (sub-MIPs), each sub-MIP is limited by
 * branch-and-bound nodes, not seconds, and every choice breaks ties by index, so the same
 * input gives the same search on any machine. The deadline is only a safety stop; when it
 * ends the search, the report says so (solve.ts, `stoppedBy: "time"`).
 */

import { DIMENSION_COUNT as D, type MatchingContext, placedLists } from "../welfare";
import type { Highs } from "./highs";
import { pairCost, type Stage } from "./master";
import { type Incumbent, type SubObjective, solveSubproblem } from "./subproblem";

export interface SearchSettings {
  objective: Exclude<SubObjective, "people">;
  /** LP values per pair (i·M + j) guiding the search. */
  guidance: Map<number, number>;
  /** Safety stop (performance.now() value); the step budget is what normally ends a search. */
  deadline: number;
  /** Work budget: at most this many sub-MIPs. */
  maxSteps: number;
  /** Stop as soon as this returns true (target gap reached). */
  done: () => boolean;
  /** Called after every step with the number of steps taken so far. */
  onStep?: (steps: number) => void;
  /** Target number of columns of one subproblem; doubled after a sweep without gain. */
  columns?: number;
  maxColumns?: number;
}

export interface SearchStats {
  steps: number;
  improvements: number;
  /** Why the search ended: target reached, step budget spent, nothing left to improve, or the safety stop. */
  stoppedBy: "done" | "steps" | "converged" | "time";
}

/** Branch-and-bound nodes one sub-MIP may use: its deterministic work limit. */
export const STEP_NODES = 200;
/** Safety time limit of one sub-MIP, in seconds; not expected to bind. */
const STEP_SAFETY_SECONDS = 20;

/** Per household, the municipalities where the LP puts weight (with the weight). */
function lpLists(ctx: MatchingContext, guidance: Map<number, number>): [number, number][][] {
  const lists: [number, number][][] = Array.from({ length: ctx.H }, () => []);
  for (const [pair, v] of guidance) {
    const i = Math.floor(pair / ctx.M);
    (lists[i] as [number, number][]).push([pair - i * ctx.M, v]);
  }
  return lists;
}

/** How much more the LP earns at each municipality than the incumbent (the seeds' order). */
function potentials(ctx: MatchingContext, incumbent: Incumbent, guidance: Map<number, number>, stage: Stage) {
  const potential = new Float64Array(ctx.M);
  for (const [pair, v] of guidance) {
    const i = Math.floor(pair / ctx.M);
    const j = pair - i * ctx.M;
    potential[j] = (potential[j] as number) + v * pairCost(ctx, stage, i, j);
  }
  incumbent.assignment.forEach((j, i) => {
    if (j >= 0) potential[j] = (potential[j] as number) - pairCost(ctx, stage, i, j);
  });
  return potential;
}

export function searchNeighbourhoods(
  highs: Highs,
  ctx: MatchingContext,
  incumbent: Incumbent,
  settings: SearchSettings,
): SearchStats {
  const stats: SearchStats = { steps: 0, improvements: 0, stoppedBy: "steps" };
  const stop = (): boolean => {
    if (settings.done()) stats.stoppedBy = "done";
    else if (stats.steps >= settings.maxSteps) stats.stoppedBy = "steps";
    else if (performance.now() >= settings.deadline) stats.stoppedBy = "time";
    else return false;
    return true;
  };
  const lp = lpLists(ctx, settings.guidance);
  const lpAt: number[][] = Array.from({ length: ctx.M }, () => []);
  lp.forEach((list, i) => {
    for (const [j] of list) (lpAt[j] as number[]).push(i);
  });
  const maxColumns = settings.maxColumns ?? 4_800;
  let columns = settings.columns ?? 150;
  const stage: Stage = settings.objective === "lexicographic" ? "people" : "welfare";
  while (!stop()) {
    const potential = potentials(ctx, incumbent, settings.guidance, stage);
    const seeds = Array.from(potential.keys()).sort(
      (a, b) => (potential[b] as number) - (potential[a] as number) || a - b,
    );
    const covered = new Uint8Array(ctx.M);
    let improved = false;
    for (const seed of seeds) {
      if (covered[seed]) continue;
      if (stop()) return stats;
      const placed = placedLists(ctx, incumbent.assignment);
      const T = grow(ctx, incumbent, lp, lpAt, placed, seed, columns);
      for (const j of T) covered[j] = 1;
      const N = householdsFor(ctx, incumbent, lp, placed, T, columns);
      const remaining = (settings.deadline - performance.now()) / 1000;
      const outcome = solveSubproblem(highs, ctx, incumbent, T, N, {
        objective: settings.objective,
        maxNodes: STEP_NODES,
        lean: true,
        timeSeconds: Math.min(STEP_SAFETY_SECONDS, remaining),
        // No relative gap: with the lexicographic objective Λ·people dominates, and any
        // relative tolerance would hide whole welfare points. Welfare is integral and the
        // tie-break sums to < 0.5, so an absolute gap of 0.49 proves the welfare.
        relGap: 0,
        absGap: 0.49,
      });
      stats.steps++;
      settings.onStep?.(stats.steps);
      if (outcome.improved) {
        stats.improvements++;
        improved = true;
      }
    }
    if (!improved) {
      if (columns >= maxColumns) {
        stats.stoppedBy = "converged";
        return stats;
      }
      columns = Math.min(maxColumns, columns * 2);
    }
  }
  return stats;
}

/** The households that touch municipality t (placed there, or given LP weight there), weighted. */
function touching(lp: [number, number][][], placed: number[][], lpAt: number[][], t: number) {
  const weights = new Map<number, number>();
  for (const i of placed[t] as number[]) weights.set(i, 1);
  for (const i of lpAt[t] as number[]) {
    const v = (lp[i] as [number, number][]).find(([j]) => j === t)?.[1] ?? 0;
    weights.set(i, (weights.get(i) ?? 0) + v);
  }
  return weights;
}

/**
 * A neighbourhood around `seed`: add the municipality most connected to the current set
 * (through households placed in one and weighted by the LP in the other) until about
 * `columns` columns: each household placed in T brings about one more from outside, and
 * each has a column per municipality of T.
 */
function grow(
  ctx: MatchingContext,
  incumbent: Incumbent,
  lp: [number, number][][],
  lpAt: number[][],
  placed: number[][],
  seed: number,
  columns: number,
): number[] {
  const T: number[] = [];
  const inT = new Uint8Array(ctx.M);
  const link = new Float64Array(ctx.M);
  let inside = 0;
  let next = seed;
  while (next >= 0) {
    T.push(next);
    inT[next] = 1;
    inside += (placed[next] as number[]).length;
    for (const [i, w] of touching(lp, placed, lpAt, next)) {
      const current = incumbent.assignment[i] as number;
      if (current >= 0 && !inT[current]) link[current] = (link[current] as number) + w;
      for (const [j, v] of lp[i] as [number, number][]) if (!inT[j]) link[j] = (link[j] as number) + w * v;
    }
    if (2 * (inside + 10) * T.length >= columns) return T;
    next = -1;
    for (let j = 0; j < ctx.M; j++) {
      if (!inT[j] && (next < 0 || (link[j] as number) > (link[next] as number))) next = j;
    }
  }
  return T;
}

/**
 * The households of a neighbourhood: everyone placed in T; the unplaced who could go to
 * T, those the LP places there first; and movers placed elsewhere whom the LP gives
 * weight in T or who would gain most by moving there.
 */
function householdsFor(
  ctx: MatchingContext,
  incumbent: Incumbent,
  lp: [number, number][][],
  placed: number[][],
  T: number[],
  columns: number,
): number[] {
  const inT = new Uint8Array(ctx.M);
  for (const j of T) inT[j] = 1;
  const inside = T.flatMap((j) => placed[j] as number[]);
  const budget = Math.max(20, Math.floor(columns / T.length) - inside.length);
  const unplaced: [number, number][] = [];
  const movers: [number, number][] = [];
  for (let i = 0; i < ctx.H; i++) {
    const current = incumbent.assignment[i] as number;
    if (current >= 0 && inT[current]) continue;
    let lpWeight = 0;
    for (const [j, v] of lp[i] as [number, number][]) if (inT[j]) lpWeight += v;
    let best = Number.NEGATIVE_INFINITY;
    for (const j of T) {
      if (ctx.eligible[i * ctx.M + j]) best = Math.max(best, ctx.welfare[i * ctx.M + j] as number);
    }
    if (best === Number.NEGATIVE_INFINITY) continue;
    if (current < 0) {
      unplaced.push([i, lpWeight * 1e6 + (ctx.demand[i * D] as number) * 1e3 + best]);
    } else {
      const gain = best - (ctx.welfare[i * ctx.M + current] as number);
      if (lpWeight > 0 || gain > 0) movers.push([i, lpWeight * 1e6 + gain]);
    }
  }
  const top = (list: [number, number][], n: number) =>
    list
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n)
      .map(([i]) => i);
  return [...inside, ...top(unplaced, budget), ...top(movers, Math.ceil(budget / 2))];
}
