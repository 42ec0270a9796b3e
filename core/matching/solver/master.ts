/**
 * The LP relaxation of a stage over every eligible pair (the exact strategy, and the
 * decomposition up to LP_PAIR_LIMIT pairs: at national scale HiGHS-in-WebAssembly needs
 * minutes for this LP, see lagrange.ts).
 *
 * Rows: one per household (Σ_m x_hm ≤ 1), one per municipality × dimension
 * (Σ_h demand_hd · x_hm ≤ capacity_md), and the people row of the welfare stage
 * (Σ_h persons_h · x_hm ≥ P). Columns: eligible pairs, 0 ≤ x ≤ 1.
 */

import type { ModelData } from "highs";
import { DIMENSION_COUNT as D, type MatchingContext, tieBreak } from "../welfare";
import { addColumn, columnBuilder, type Highs, type Model, modelData } from "./highs";

export type Stage = "people" | "welfare";

/** Objective coefficient of a pair in a stage: persons, or welfare plus the tie-break. */
export function pairCost(ctx: MatchingContext, stage: Stage, i: number, j: number): number {
  if (stage === "people") return ctx.demand[i * D] as number;
  return (ctx.welfare[i * ctx.M + j] as number) + tieBreak(ctx, i, j);
}

/**
 * The matrix entries of a pair's column: 1 in its household's row, the household's demand
 * in the capacity rows of its municipality (`capacityRow` + dimension, non-zero ones only),
 * and its persons in the people row, if there is one for it.
 */
export function pairEntries(
  ctx: MatchingContext,
  i: number,
  householdRow: number,
  capacityRow: number,
  peopleRow: number | undefined,
): { rows: number[]; coefficients: number[] } {
  const rows = [householdRow];
  const coefficients = [1];
  for (let k = 0; k < D; k++) {
    const amount = ctx.demand[i * D + k] as number;
    if (amount > 0) {
      rows.push(capacityRow + k);
      coefficients.push(amount);
    }
  }
  if (peopleRow !== undefined) {
    rows.push(peopleRow);
    coefficients.push(ctx.demand[i * D] as number);
  }
  return { rows, coefficients };
}

export interface LpOutcome {
  /** The LP optimum: an upper bound of the stage. */
  bound: number;
  /** LP values per pair (i·M + j), positive ones only. */
  x: Map<number, number>;
  /** Whether HiGHS reached the LP optimum, within its tolerances (otherwise `bound` is the trivial bound). */
  solved: boolean;
  /** Row duals of the capacity rows (M×D) and of the people row, as HiGHS reports them. */
  capacityDuals?: Float64Array;
  peopleDual?: number;
  /** Of a restricted LP: the people its core could not place. */
  peopleSlack?: number;
}

/**
 * How HiGHS solves the LP: its default (simplex, for the exact strategy's small models), or
 * the interior-point method, with or without crossover to a vertex (the decomposition's
 * larger ones: measured at 1,000 × 50, 43,600 pairs, IPM took 1–5 s where the dual simplex
 * took 4–10 s). Without crossover the duals are approximate: solve.ts certifies the bound
 * by evaluating the Lagrangian function at them (lagrange.ts, lagrangeValue).
 */
export type LpMethod = "default" | "ipm" | "ipm-vertex";

/**
 * A restricted LP (the core of core-lp.ts): only these pairs, and a slack column in the
 * people row at this cost per missing person, so that "people ≥ P" stays feasible over a
 * core that cannot place P people. Its duals still certify a bound over every pair.
 */
export interface LpRestriction {
  pairs: Iterable<number>;
  peopleSlackCost: number;
}

export function solveLp(
  highs: Highs,
  ctx: MatchingContext,
  stage: Stage,
  peopleAtLeast: number,
  deadline: number,
  method: LpMethod = "default",
  restriction?: LpRestriction,
): LpOutcome {
  const peopleRow = ctx.H + ctx.M * D;
  const lower = new Float64Array(peopleRow + 1).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(peopleRow + 1).fill(1);
  ctx.capacity.forEach((cap, r) => {
    upper[ctx.H + r] = cap;
  });
  upper[peopleRow] = Number.POSITIVE_INFINITY;
  // Exactly P: "≥ P − 0.5" would be the same for whole assignments but a weaker LP.
  if (stage === "welfare") lower[peopleRow] = peopleAtLeast;
  const b = columnBuilder();
  const pairs: number[] = [];
  const add = (i: number, j: number) => {
    const { rows, coefficients } = pairEntries(ctx, i, i, ctx.H + j * D, peopleRow);
    addColumn(b, pairCost(ctx, stage, i, j), 0, 1, rows, coefficients);
    pairs.push(i * ctx.M + j);
  };
  if (restriction) {
    for (const pair of restriction.pairs) add(Math.floor(pair / ctx.M), pair % ctx.M);
    addColumn(b, -restriction.peopleSlackCost, 0, Number.POSITIVE_INFINITY, [peopleRow], [1]);
  } else {
    for (let i = 0; i < ctx.H; i++) {
      for (let j = 0; j < ctx.M; j++) if (ctx.eligible[i * ctx.M + j]) add(i, j);
    }
  }
  const model = highs.createModel(modelData(highs, b, { lower, upper }, false));
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, (deadline - performance.now()) / 1000),
      ...(method === "default"
        ? {}
        : { solver: "ipm", run_crossover: method === "ipm-vertex" ? "on" : "off" }),
    });
    model.run();
    const status = model.getModelStatus();
    const { optimal, unknown } = highs.constants.modelStatus;
    // IPM without crossover ends "unknown" when it stops at its tolerances; its duals still certify.
    if (status !== optimal && !(method === "ipm" && status === unknown)) {
      // No proven LP optimum in time: only the trivial bound is honest.
      return { bound: trivialBound(ctx, stage), x: new Map(), solved: false };
    }
    const solution = model.getSolution();
    const x = new Map<number, number>();
    solution.colValue.forEach((v, c) => {
      if (v > 1e-9 && c < pairs.length) x.set(pairs[c] as number, v);
    });
    return {
      bound: model.getObjectiveValue(),
      x,
      solved: true,
      ...(restriction ? { peopleSlack: solution.colValue[pairs.length] as number } : {}),
      capacityDuals: solution.rowDual.slice(ctx.H, peopleRow),
      peopleDual: solution.rowDual[peopleRow] as number,
    };
  } finally {
    model.dispose();
  }
}

/** Every household at its best pair, capacities ignored. */
function trivialBound(ctx: MatchingContext, stage: Stage): number {
  let sum = 0;
  for (let i = 0; i < ctx.H; i++) {
    let best = 0;
    for (let j = 0; j < ctx.M; j++)
      if (ctx.eligible[i * ctx.M + j]) best = Math.max(best, pairCost(ctx, stage, i, j));
    sum += best;
  }
  return sum;
}

/** Solves an LP within the deadline; `read` sees the model at a proven optimum, else `otherwise`. */
export function optimalLp<T>(
  highs: Highs,
  data: ModelData,
  deadline: number,
  read: (model: Model) => T,
  otherwise: () => T,
): T {
  const model = highs.createModel(data);
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, (deadline - performance.now()) / 1000),
    });
    model.run();
    return model.getModelStatus() === highs.constants.modelStatus.optimal ? read(model) : otherwise();
  } finally {
    model.dispose();
  }
}
