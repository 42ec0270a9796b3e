/**
 * The optimal method: lexicographic, people first, then welfare, by two solves.
 *
 *   Stage 1 ("people"):  P* = max Σ persons_h · x_hm
 *   Stage 2 ("welfare"): max Σ (W_hm + tie_hm) · x_hm   subject to  Σ persons_h · x_hm ≥ P*
 *
 * both over binary x_hm for eligible pairs, with Σ_m x_hm ≤ 1 per household (never
 * split, at most one place) and Σ_h demand_hd · x_hm ≤ capacity_md for every
 * municipality and capacity dimension. Hard constraints (medical care, accessibility,
 * pets, relatives when required) are met by leaving ineligible pairs out of the model.
 *
 * Two strategies, chosen by size (`strategy: "auto"`):
 *  - exact (≤ 2,500 eligible pairs, e.g. the pilot): the LP bound and one HiGHS MIP per
 *    stage over every pair, warm-started from the better baseline, proven optimal unless
 *    its node limit (deterministic) or the time limit (a safety stop) ends it first;
 *  - decomposition (larger): Lagrangian bounds over every pair (lagrange.ts), a start
 *    rounded from the Lagrangian choices (rounding.ts), cheap local moves
 *    (local-search.ts), then a large-neighbourhood search of exact HiGHS sub-MIPs
 *    (neighbourhoods.ts) until the gap reaches `mipRelGap` or the work budget is spent.
 *    The budget is counted in iterations and sub-MIPs (scaled by `effort`), never in
 *    seconds, so the result does not depend on the machine; the time limit is a safety
 *    stop, and the report says when it cut the search short (`stoppedBy: "time"`).
 * Both report, per stage, the value, the best proven bound over ALL eligible pairs and the
 * gap between them (docs/matching.md, "How good is the answer").
 */

import type { SolverReport, StageReport } from "../model";
import { type MatchingContext, remainingCapacity } from "../welfare";
import type { Highs, MipOutcome } from "./highs";
import { lagrangeBound } from "./lagrange";
import { improveLocally } from "./local-search";
import { type Stage, solveLp } from "./master";
import { searchNeighbourhoods } from "./neighbourhoods";
import { roundLp } from "./rounding";
import { compareScores, type Incumbent, score, solveSubproblem } from "./subproblem";

/** Up to this many eligible pairs, "auto" solves each stage as one exact MIP. */
export const EXACT_PAIR_LIMIT = 2_500;
/** Share of the budget kept for explanations and metrics after the stages. */
const RESERVE = 0.08;
/**
 * Decomposition work budget at effort 1: Lagrangian pair evaluations of the welfare
 * bound (about 1,750 iterations over the 3.4M pairs of the national benchmark, where the
 * bound is within 0.1 % of its limit) and neighbourhood steps.
 */
const LAGRANGE_PAIR_WORK = 6e9;
/**
 * Branch-and-bound nodes of each exact-strategy MIP at effort 1: the pilot needs 1–150;
 * at 2,000 eligible pairs a node costs about 35 ms here, so the limit ends a hard
 * instance after about a minute, deterministically, before the default time limit.
 */
const EXACT_NODES = 1_500;
const SEARCH_STEPS = 400;

export interface Optimised {
  assignment: Int32Array;
  report: SolverReport;
}

function countEligible(ctx: MatchingContext): number {
  let n = 0;
  for (const e of ctx.eligible) n += e;
  return n;
}

const wholeUnits = (x: number) => Math.floor(x + 1e-6);

/** Value of an assignment in a stage: people, or welfare points without the tie-break. */
function stageValue(ctx: MatchingContext, assignment: Int32Array, stage: Stage): number {
  let value = 0;
  assignment.forEach((j, i) => {
    if (j < 0) return;
    value += stage === "people" ? (ctx.households[i]?.persons ?? 0) : (ctx.welfare[i * ctx.M + j] as number);
  });
  return value;
}

function stageReport(
  value: number,
  lpBound: number,
  mip: MipOutcome | undefined,
  timeMs: number,
): StageReport {
  let bound = wholeUnits(lpBound);
  if (mip) bound = Math.min(bound, wholeUnits(mip.dualBound));
  // HiGHS may report a proven optimum a hair below the value found; the value is a lower bound.
  bound = Math.max(bound, value);
  return {
    status: bound <= value ? "optimal" : "feasible",
    value,
    bound,
    gap: (bound - value) / Math.max(1, value),
    lpBound,
    mipDualBound: mip ? mip.dualBound : null,
    mipGap: mip ? mip.gap : null,
    timeMs,
  };
}

const everyone = (ctx: MatchingContext) => ({
  municipalities: [...ctx.municipalities.keys()],
  households: [...ctx.households.keys()],
});

/**
 * Exact strategy: LP bound and one MIP per stage over every pair. The people MIP is
 * skipped when the LP bound already proves the start's people maximal.
 */
function exact(highs: Highs, ctx: MatchingContext, incumbent: Incumbent, end: number, onStage: OnStage) {
  const all = everyone(ctx);
  // Both stages: the requested gap, and the node limit that ends them deterministically.
  const limits = { relGap: ctx.options.mipRelGap, maxNodes: Math.round(EXACT_NODES * ctx.options.effort) };
  const t1 = performance.now();
  const lp1 = solveLp(highs, ctx, "people", 0, end);
  let mip1: MipOutcome | undefined;
  if (stageValue(ctx, incumbent.assignment, "people") < wholeUnits(lp1.bound)) {
    mip1 = solveSubproblem(highs, ctx, incumbent, all.municipalities, all.households, {
      objective: "people",
      timeSeconds: (0.35 * (end - performance.now())) / 1000,
      absGap: 0.99, // people are integral: a gap below 1 proves them
      ...limits,
    });
  }
  const people = stageReport(
    stageValue(ctx, incumbent.assignment, "people"),
    lp1.bound,
    mip1,
    performance.now() - t1,
  );
  onStage("people");
  const t2 = performance.now();
  const lp2 = solveLp(highs, ctx, "welfare", people.value, end);
  const mip2 = solveSubproblem(highs, ctx, incumbent, all.municipalities, all.households, {
    objective: "welfare",
    timeSeconds: (end - performance.now()) / 1000,
    absGap: 1e-7, // proves the welfare and the tie-break
    ...limits,
  });
  const welfare = stageReport(
    stageValue(ctx, incumbent.assignment, "welfare"),
    lp2.bound,
    mip2,
    performance.now() - t2,
  );
  onStage("welfare");
  const stoppedBy: StoppedBy =
    people.status === "optimal" && welfare.status === "optimal"
      ? "optimal"
      : [mip1, mip2].some((mip) => mip?.status === "timeLimit")
        ? "time"
        : [mip1, mip2].some((mip) => mip?.status === "solutionLimit") // the node limit
          ? "work"
          : "gap";
  return { people, welfare, steps: 0, improvements: 0, stoppedBy };
}

/**
 * Decomposition: Lagrangian bounds over every pair (lagrange.ts), a start rounded from
 * the averaged Lagrangian choices, then the neighbourhood search (neighbourhoods.ts):
 * lexicographic while people can still be added, welfare-only once they are maximal.
 */
function decomposed(
  highs: Highs,
  ctx: MatchingContext,
  incumbent: Incumbent,
  end: number,
  onStage: OnStage,
  eligiblePairs: number,
) {
  const t1 = performance.now();
  const effort = ctx.options.effort;
  const start = incumbent.assignment.slice();
  const startPeople = stageValue(ctx, start, "people");
  const l1 = lagrangeBound(ctx, {
    stage: "people",
    lowerBound: startPeople,
    deadline: end,
    maxIterations: Math.round(400 * effort),
    stallIterations: 60,
  });
  const peopleBound = wholeUnits(l1.bound);
  const peopleMs = performance.now() - t1;
  onStage("people");
  const t2 = performance.now();
  const l2 = lagrangeBound(ctx, {
    stage: "welfare",
    people: peopleBound,
    lowerBound: stageValue(ctx, start, "welfare"),
    deadline: end,
    maxIterations: Math.max(200, Math.round((effort * LAGRANGE_PAIR_WORK) / eligiblePairs)),
    stallIterations: 200,
  });
  // Start the search from the rounded Lagrangian solution: far better welfare, and the
  // search adds the people; the best baseline stays the fallback (compared at the end).
  const rounded = roundLp(ctx, l2.x, "welfare");
  incumbent.assignment.set(rounded);
  incumbent.remaining.set(remainingCapacity(ctx, rounded));
  onStage("welfare", 0.3);
  improveLocally(ctx, incumbent, end);
  onStage("welfare", 0.45);
  const maxSteps = Math.round(SEARCH_STEPS * effort);
  const people = () => stageValue(ctx, incumbent.assignment, "people");
  const welfareGap = () => {
    const value = stageValue(ctx, incumbent.assignment, "welfare");
    return (welfareBound(l2, peopleBound, people()) - value) / Math.max(1, value);
  };
  let steps = 0;
  let improvements = 0;
  let stoppedBy: StoppedBy = "work";
  for (const objective of ["lexicographic", "welfare"] as const) {
    const stats = searchNeighbourhoods(highs, ctx, incumbent, {
      objective,
      guidance: l2.x,
      deadline: end,
      maxSteps: maxSteps - steps,
      onStep: (done) => onStage("welfare", 0.45 + (0.55 * (steps + done)) / Math.max(1, maxSteps)),
      done:
        objective === "lexicographic"
          ? () => people() >= peopleBound
          : () => welfareGap() <= ctx.options.mipRelGap,
    });
    steps += stats.steps;
    improvements += stats.improvements;
    if (objective === "welfare" && stats.stoppedBy === "done") stoppedBy = "gap";
  }
  if (performance.now() >= end) stoppedBy = "time";
  const all = ctx.households.keys();
  if (compareScores(score(ctx, start, all), score(ctx, incumbent.assignment, ctx.households.keys())) > 0) {
    incumbent.assignment.set(start);
    incumbent.remaining.set(remainingCapacity(ctx, start));
  }
  const finalPeople = people();
  const welfare = stageReport(
    stageValue(ctx, incumbent.assignment, "welfare"),
    welfareBound(l2, peopleBound, finalPeople),
    undefined,
    performance.now() - t2,
  );
  onStage("welfare");
  const peopleReport = stageReport(finalPeople, l1.bound, undefined, peopleMs);
  if (peopleReport.status === "optimal" && welfare.status === "optimal") stoppedBy = "optimal";
  return { people: peopleReport, welfare, steps, improvements, stoppedBy };
}

/**
 * L₂ was minimised for "at least peopleBound people"; for the people actually placed
 * (P ≤ peopleBound) the same multipliers give L₂ + λ·(peopleBound − P), still a valid
 * bound for every assignment placing at least P people — the lexicographic optimum too.
 */
function welfareBound(l2: { bound: number; lambda: number }, peopleBound: number, people: number): number {
  return l2.bound + l2.lambda * Math.max(0, peopleBound - people);
}

/**
 * Progress: a stage is done, or (`done` < 1) the welfare stage is that far along — the
 * decomposition reports its bound, its local search and every search step, so a caller
 * can show a caseworker that a long national round is moving.
 */
type OnStage = (stage: "built" | Stage, done?: number) => void;
type StoppedBy = SolverReport["stoppedBy"];

/**
 * Lexicographically optimal assignment, starting from a feasible `start` (a baseline):
 * the result is never worse than the start in people, nor in welfare at equal people.
 */
export function optimise(
  highs: Highs,
  ctx: MatchingContext,
  start: Int32Array,
  onStage: OnStage = () => undefined,
  buildMs = 0,
): Optimised {
  const t0 = performance.now();
  const end = t0 + ctx.options.timeLimitSeconds * 1000 * (1 - RESERVE) - buildMs;
  const eligiblePairs = countEligible(ctx);
  const strategy: SolverReport["strategy"] =
    ctx.options.strategy === "auto"
      ? eligiblePairs <= EXACT_PAIR_LIMIT
        ? "exact"
        : "decomposition"
      : ctx.options.strategy;
  const incumbent: Incumbent = { assignment: start.slice(), remaining: remainingCapacity(ctx, start) };
  if (eligiblePairs === 0) return nothingToSolve(incumbent, strategy, buildMs);
  onStage("built");
  const t1 = performance.now();
  const stages =
    strategy === "exact"
      ? exact(highs, ctx, incumbent, end, onStage)
      : decomposed(highs, ctx, incumbent, end, onStage, eligiblePairs);
  return {
    assignment: incumbent.assignment,
    report: {
      strategy,
      people: stages.people,
      welfare: stages.welfare,
      timeMs: {
        build: buildMs + (t1 - t0),
        people: stages.people.timeMs,
        welfare: stages.welfare.timeMs,
        total: buildMs + performance.now() - t0,
      },
      model: { eligiblePairs, neighbourhoods: stages.steps, improvements: stages.improvements },
      stoppedBy: stages.stoppedBy,
    },
  };
}

/** No household can go anywhere: the empty assignment is optimal, no solver needed. */
function nothingToSolve(
  incumbent: Incumbent,
  strategy: SolverReport["strategy"],
  buildMs: number,
): Optimised {
  const zero: StageReport = {
    status: "optimal",
    value: 0,
    bound: 0,
    gap: 0,
    lpBound: 0,
    mipDualBound: null,
    mipGap: null,
    timeMs: 0,
  };
  return {
    assignment: incumbent.assignment,
    report: {
      strategy,
      people: zero,
      welfare: zero,
      timeMs: { build: buildMs, people: 0, welfare: 0, total: buildMs },
      model: { eligiblePairs: 0, neighbourhoods: 0, improvements: 0 },
      stoppedBy: "optimal",
    },
  };
}
