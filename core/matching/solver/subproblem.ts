/**
 * One MIP over a part of the problem: a set T of municipalities and a set N of
 * households, everything else held where it is. With T = all municipalities and
 * N = all households it is the exact model of a stage; with a few municipalities it is
 * one step of the large-neighbourhood search (see neighbourhoods.ts).
 *
 * Households in N are of three kinds:
 *  - inside: currently placed in T; they may stay, move within T, or lose their place;
 *  - unplaced: may get a place in T;
 *  - movers: placed outside T; they may move into T (which only frees capacity where
 *    they were) or stay where they are (all their T variables 0). They never lose a place.
 * Rows: Σ_{m∈T} x_hm ≤ 1 per household; capacity per municipality in T and dimension;
 * and, unless the objective is "people", people of inside + unplaced ≥ people inside
 * now, so that a step never loses a person.
 *
 * Objectives: "people" (persons placed), "welfare" (welfare + tie-break),
 * "lexicographic": Λ·persons + welfare + tie-break with Λ = 1 + Σ_{h∈N} (max welfare + 1),
 * larger than any welfare change within the subproblem, so one more person always wins,
 * and "fit" (fit + tie-break): the fit stage, where every household of N keeps its place
 * or its non-place (inside households must stay placed in T, unplaced ones are left out)
 * and the welfare of N may not drop (a row Σ W·x ≥ W now).
 */

import { DIMENSION_COUNT as D, type MatchingContext, take, tieBreak } from "../welfare";
import {
  addColumn,
  type ColumnBuilder,
  columnBuilder,
  type Highs,
  type MipOutcome,
  modelData,
  type RowBounds,
  runMip,
} from "./highs";
import { pairCost, pairEntries } from "./master";

export type SubObjective = "people" | "welfare" | "lexicographic" | "fit";

/** A feasible assignment kept up to date with its remaining capacity. */
export interface Incumbent {
  /** Municipality index per household, −1 = unplaced. */
  assignment: Int32Array;
  /** M×D capacity left. */
  remaining: Int32Array;
}

export interface SubproblemSettings {
  objective: SubObjective;
  /** Wall-clock limit: for the whole-problem MIP the budget, for a search step a safety stop. */
  timeSeconds: number;
  /** Branch-and-bound node limit: the deterministic work limit of a search step. */
  maxNodes?: number;
  /** A search step that starts from a good incumbent: skip the sub-MIP heuristics (LEAN). */
  lean?: boolean;
  relGap: number;
  absGap: number;
  presolve?: "on" | "off";
  /** Pairs (i·M + j) left out of the model: proven unusable (the fit stage's reduced-cost fixing). */
  excluded?: Set<number>;
  /**
   * Let HiGHS restart its root after fixing many columns (its default). The exact
   * strategy's lexicographic MIP runs without: measured in docs/matching.md ("Strategy exact").
   */
  restart?: boolean;
}

/**
 * HiGHS settings for search steps. Measured at national scale (60 steps): the root's
 * sub-MIP heuristics (RINS, RENS, reduced-cost, feasibility jump) and strong branching
 * took about 40 % of a step and found almost nothing the incumbent did not already give.
 */
const LEAN = {
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_feasibility_jump: false,
  mip_pscost_minreliable: 1,
} as const;

export interface SubproblemOutcome extends MipOutcome {
  improved: boolean;
  columns: number;
}

/** Persons and welfare (with the tie-break) of a set of households under an assignment. */
export function score(ctx: MatchingContext, assignment: Int32Array, households: Iterable<number>) {
  let people = 0;
  let welfare = 0;
  for (const i of households) {
    const j = assignment[i] as number;
    if (j < 0) continue;
    people += ctx.demand[i * D] as number;
    welfare += pairCost(ctx, "welfare", i, j);
  }
  return { people, welfare };
}

/** Fit points (with the tie-break) of a set of households under an assignment. */
export function fitScore(ctx: MatchingContext, assignment: Int32Array, households: Iterable<number>): number {
  let fit = 0;
  for (const i of households) {
    const j = assignment[i] as number;
    if (j >= 0) fit += (ctx.fit[i * ctx.M + j] as number) + tieBreak(ctx, i, j);
  }
  return fit;
}

/** Lexicographic comparison (people, then welfare); positive when a is better. */
export function compareScores(
  a: { people: number; welfare: number },
  b: { people: number; welfare: number },
): number {
  if (a.people !== b.people) return a.people - b.people;
  return Math.abs(a.welfare - b.welfare) < 1e-9 ? 0 : a.welfare - b.welfare;
}

/** The MIP of a subproblem: model data, the pair of each column, and the incumbent as a start. */
interface Built {
  columns: ColumnBuilder;
  rows: RowBounds;
  columnPair: number[];
  start: number[];
}

/**
 * Rows and bounds: what is left in each municipality of T plus what the inside
 * households use there; the people row (unless the objective is people). Also Λ.
 */
function rowsOf(
  ctx: MatchingContext,
  incumbent: Incumbent,
  localOf: Map<number, number>,
  households: number[],
  objective: SubObjective,
) {
  const N = households.length;
  const peopleRow = N + localOf.size * D;
  const welfareRow = peopleRow + 1;
  const upper = new Float64Array(welfareRow + 1).fill(1);
  const lower = new Float64Array(welfareRow + 1).fill(Number.NEGATIVE_INFINITY);
  for (const [j, t] of localOf) {
    for (let k = 0; k < D; k++) upper[N + t * D + k] = incumbent.remaining[j * D + k] as number;
  }
  let peopleInside = 0;
  let welfareInside = 0;
  let lambda = 1;
  households.forEach((i, n) => {
    let maxWelfare = 0;
    for (const m of localOf.keys()) maxWelfare = Math.max(maxWelfare, ctx.welfare[i * ctx.M + m] as number);
    lambda += maxWelfare + 1;
    const j = incumbent.assignment[i] as number;
    const t = localOf.get(j);
    if (t === undefined) return;
    peopleInside += ctx.demand[i * D] as number;
    welfareInside += ctx.welfare[i * ctx.M + j] as number;
    // The fit stage: a household placed in T stays placed.
    if (objective === "fit") lower[n] = 1;
    for (let k = 0; k < D; k++) {
      upper[N + t * D + k] = (upper[N + t * D + k] as number) + (ctx.demand[i * D + k] as number);
    }
  });
  upper[peopleRow] = Number.POSITIVE_INFINITY;
  upper[welfareRow] = Number.POSITIVE_INFINITY;
  if (objective !== "people") lower[peopleRow] = peopleInside - 0.5;
  // Welfare is integral: "≥ now − 0.5" keeps it from dropping by a single point.
  if (objective === "fit") lower[welfareRow] = welfareInside - 0.5;
  return { rows: { lower, upper }, peopleRow, welfareRow, lambda };
}

function build(
  ctx: MatchingContext,
  incumbent: Incumbent,
  localOf: Map<number, number>,
  households: number[],
  objective: SubObjective,
  excluded?: Set<number>,
): Built {
  const N = households.length;
  const { rows, peopleRow, welfareRow, lambda } = rowsOf(ctx, incumbent, localOf, households, objective);
  const columns = columnBuilder();
  const columnPair: number[] = [];
  const start: number[] = [];
  households.forEach((i, n) => {
    const current = incumbent.assignment[i] as number;
    const mover = current >= 0 && !localOf.has(current);
    const persons = ctx.demand[i * D] as number;
    // A mover gives up its current welfare by moving; it stays placed either way.
    const currentWelfare = mover ? pairCost(ctx, "welfare", i, current) : 0;
    for (const [j, t] of localOf) {
      if (!ctx.eligible[i * ctx.M + j] || excluded?.has(i * ctx.M + j)) continue;
      // A mover stays placed either way: it is not in the people row.
      const { rows, coefficients } = pairEntries(ctx, i, n, N + t * D, mover ? undefined : peopleRow);
      const people = mover ? 0 : persons;
      const welfare = pairCost(ctx, "welfare", i, j) - currentWelfare;
      let cost =
        objective === "people" ? people : objective === "welfare" ? welfare : lambda * people + welfare;
      if (objective === "fit") {
        rows.push(welfareRow);
        coefficients.push(
          (ctx.welfare[i * ctx.M + j] as number) - (mover ? (ctx.welfare[i * ctx.M + current] as number) : 0),
        );
        const fitNow = mover ? (ctx.fit[i * ctx.M + current] as number) + tieBreak(ctx, i, current) : 0;
        cost = (ctx.fit[i * ctx.M + j] as number) + tieBreak(ctx, i, j) - fitNow;
      }
      addColumn(columns, cost, 0, 1, rows, coefficients);
      columnPair.push(i * ctx.M + j);
      start.push(current === j ? 1 : 0);
    }
  });
  return { columns, rows, columnPair, start };
}

export function solveSubproblem(
  highs: Highs,
  ctx: MatchingContext,
  incumbent: Incumbent,
  municipalities: number[],
  households: number[],
  settings: SubproblemSettings,
): SubproblemOutcome {
  const localOf = new Map<number, number>(municipalities.map((j, t) => [j, t]));
  const built = build(ctx, incumbent, localOf, households, settings.objective, settings.excluded);
  const before = score(ctx, incumbent.assignment, households);
  const model = highs.createModel(modelData(highs, built.columns, built.rows, true));
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, settings.timeSeconds),
      mip_rel_gap: settings.relGap,
      mip_abs_gap: settings.absGap,
      // Measured on pilot-size instances: presolve removes little here and costs time.
      presolve: settings.presolve ?? "off",
      ...(settings.maxNodes === undefined ? {} : { mip_max_nodes: settings.maxNodes }),
      ...(settings.lean ? LEAN : {}),
      ...(settings.restart === false ? { mip_allow_restart: false } : {}),
    });
    if (built.columnPair.length > 0) model.setSolution({ colValue: Float64Array.from(built.start) });
    const outcome = runMip(highs, model);
    const inT = (j: number) => localOf.has(j);
    const improved =
      outcome.x !== undefined &&
      apply(ctx, incumbent, inT, households, built.columnPair, outcome.x, before, settings);
    return { ...outcome, improved, columns: built.columnPair.length };
  } finally {
    model.dispose();
  }
}

/** Whether every household is placed (anywhere) under both assignments, or under neither. */
function samePlaced(a: Int32Array, b: Int32Array, households: number[]): boolean {
  return households.every((i) => (a[i] as number) >= 0 === (b[i] as number) >= 0);
}

/** Applies a subproblem solution if it is better for the objective; returns whether it was. */
function apply(
  ctx: MatchingContext,
  incumbent: Incumbent,
  inT: (j: number) => boolean,
  households: number[],
  columnPair: number[],
  x: Float64Array,
  before: { people: number; welfare: number },
  settings: SubproblemSettings,
): boolean {
  const chosen = new Map<number, number>();
  columnPair.forEach((pair, c) => {
    if ((x[c] as number) < 0.5) return;
    const i = Math.floor(pair / ctx.M);
    chosen.set(i, pair - i * ctx.M);
  });
  const next = incumbent.assignment.slice();
  for (const i of households) {
    const current = incumbent.assignment[i] as number;
    const mover = current >= 0 && !inT(current);
    // Without a chosen column an inside or unplaced household has no place; a mover stays.
    next[i] = chosen.get(i) ?? (mover ? current : -1);
  }
  const after = score(ctx, next, households);
  const better =
    settings.objective === "people"
      ? after.people > before.people
      : settings.objective === "fit"
        ? after.people === before.people &&
          after.welfare >= before.welfare - 0.5 &&
          samePlaced(incumbent.assignment, next, households) &&
          fitScore(ctx, next, households) > fitScore(ctx, incumbent.assignment, households) + 1e-9
        : compareScores(after, before) > 0;
  if (!better || after.people < before.people) return false;
  for (const i of households) {
    const from = incumbent.assignment[i] as number;
    const to = next[i] as number;
    if (from === to) continue;
    if (from >= 0) take(ctx, incumbent.remaining, i, from, -1);
    if (to >= 0) take(ctx, incumbent.remaining, i, to);
    incumbent.assignment[i] = to;
  }
  return true;
}
