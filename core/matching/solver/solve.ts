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
 *  - decomposition (larger): bounds over every pair — the LP relaxation, certified through
 *    its duals, up to LP_PAIR_LIMIT pairs, the LP by column generation over a core
 *    (core-lp.ts) up to CORE_PAIR_LIMIT, Lagrangian relaxation (lagrange.ts) beyond — a
 *    start rounded from the LP (or averaged Lagrangian) solution (rounding.ts), cheap local moves
 *    (local-search.ts), then a large-neighbourhood search of exact HiGHS sub-MIPs
 *    (neighbourhoods.ts) until the gap reaches `mipRelGap` or the work budget is spent.
 *    The budget is counted in iterations and sub-MIPs (scaled by `effort`), never in
 *    seconds, so the result does not depend on the machine; the time limit is a safety
 *    stop, and the report says when it cut the search short (`stoppedBy: "time"`).
 * Both report, per stage, the value, the best proven bound over ALL eligible pairs and the
 * gap between them (docs/matching.md, "How good is the answer").
 */

import type { SolverReport, StageReport } from "../model";
import { type MatchingContext, remainingCapacity, tieBreak } from "../welfare";
import { certifiedLp, coreLp } from "./core-lp";
import { fitStageExclusions } from "./fixing";
import type { Highs, MipOutcome } from "./highs";
import { lagrangeBound } from "./lagrange";
import { improveFit, improveLocally } from "./local-search";
import { type Stage, solveLp } from "./master";
import { searchNeighbourhoods } from "./neighbourhoods";
import { roundLp } from "./rounding";
import { smoothedDual } from "./smoothed-dual";
import { compareScores, fitScore, type Incumbent, score, solveSubproblem } from "./subproblem";

/** Up to this many eligible pairs, "auto" solves each stage as one exact MIP. */
export const EXACT_PAIR_LIMIT = 2_500;
/**
 * Up to this many eligible pairs (× effort) the decomposition solves the LP relaxation of
 * both stages over every pair (interior point) for its bounds and its guidance, instead of
 * the Lagrangian descent. Measured under load: at 1,000 × 50 (43,600 pairs) 1–2 s for the
 * people LP, 4–5 s for the welfare LP; at 2,000 × 100 (175,000 pairs) 6 s and 49 s. The
 * limit sits between: about 20 s expected at 100,000 pairs (not measured).
 */
export const LP_PAIR_LIMIT = 100_000;
/**
 * Beyond LP_PAIR_LIMIT and up to this many eligible pairs (× effort), the welfare stage's LP
 * by column generation over a core (core-lp.ts), at most CORE_ROUNDS solves. Measured (a
 * quiet 2-core machine): 3,000 × 120 (about 300,000 pairs) proven the LP in 4 rounds, 12 s;
 * 5,000 × 200 (about 850,000 pairs) 7–8 rounds, 60 s; 10,000 × 400 (3.4M pairs) not proven
 * after 7 rounds and 530 s (its LP still rising) — there the smoothed dual instead.
 */
export const CORE_PAIR_LIMIT = 1_000_000;
const CORE_ROUNDS = 8;
/** The descent's pair evaluations when a core follows (it only ranks the first core's pairs). */
const CORE_DESCENT_WORK = 1e9;
/** Share of the budget kept for explanations and metrics after the stages. */
const RESERVE = 0.08;
/** The welfare descent's iterations at least (and all of them before the smoothed dual). */
const DESCENT_ITERATIONS = 200;
/**
 * Evaluations of the smoothed dual (smoothed-dual.ts) at effort 1, beyond CORE_PAIR_LIMIT.
 * Measured at 10,000 × 400 (3.4M pairs, about 21 ms each on a fast day's machine): 800
 * evaluations 19 s, bound 429,700 (the Lagrangian descent: 438,695 after 1,750 iterations;
 * the LP is above 429,174); 1,000 (kept) 429,557 and 1,200 evaluations 28 s, 429,545. Since
 * the evaluation folds its gradient in per demand type (3 December 2026), 1,000 evaluations
 * take 29 s instead of 49 s on a slower day's machine; with half of each evaluation on a
 * second thread (4 December), the national round 42–47 s instead of 51–60 s.
 */
const SMOOTHED_EVALUATIONS = 1_000;
/**
 * Columns of the first neighbourhoods after the smoothed dual (neighbourhoods.ts starts at
 * 150 elsewhere): the time its second thread saves, spent on larger sub-MIPs. Measured at
 * 10,000 × 400 (docs/matching.md, "two threads"): 150 columns 1.09–1.15 % (default) and
 * 2.66–2.72 % (scarce) in 42–47 s; 300 columns 0.998–0.999 % (the 1 % target, where the
 * search stops) and 2.28–2.30 % in 47–63 s; 600 columns earlier 1.00 % and 2.12 % in 77–80 s.
 */
const SMOOTHED_COLUMNS = 300;
/** The people descent's iterations at least, whatever the effort. */
const PEOPLE_MIN_ITERATIONS = 60;
/**
 * Branch-and-bound nodes of each exact-strategy MIP at effort 1: the pilot needs 1–150;
 * at 2,000 eligible pairs a node costs about 35 ms here, so the limit ends a hard
 * instance after about a minute, deterministically, before the default time limit.
 */
const EXACT_NODES = 1_500;
const SEARCH_STEPS = 400;
/**
 * Nodes of the exact strategy's first try, one lexicographic MIP (effort 1). Under load on
 * 2 cores it proved some pilot instances in 3 s that the two stages needed 7–11 s for, and
 * stalled on others; past this budget the two stages take over from its solution.
 */
const LEXICOGRAPHIC_NODES = 300;
/**
 * Fit stage of the decomposition: municipalities per sub-MIP, its node limit, and sweeps
 * over all municipalities (× effort), each regrouped by fitGroups. Measured at 1,000 × 50
 * (scarce): one sweep of groups in id order gave an average rank of 6.90; the cheap moves
 * (local-search.ts, improveFit, then without their pass limit) 6.13; with 1, 2 and 4 sweeps of linked groups 6.04, 5.94
 * and 5.80 (fit stage 1.6, 2.1 and 4.8 s). Groups of 16 or 32, or one sub-MIP over all 50
 * municipalities, were slower (45–90 s) and no better.
 */
const FIT_GROUP = 8;
const FIT_NODES = 100;
const FIT_SWEEPS = 3;
/**
 * At most this many fit sub-MIPs in all (× effort), the groups with the most to gain
 * first: at 1,000 × 50 a sub-MIP of 8 municipalities took 0.1–6 s under load (its root,
 * not its nodes: 10 nodes cost about as much as 100), so national rounds (50 groups per
 * sweep) would spend minutes here without this budget.
 */
const FIT_STEPS = 20;

/**
 * Groups of about `size` municipalities for the decomposition's fit stage, each grown from
 * a seed by the municipalities most linked to it: a link m–j weighs the fit the households
 * placed in m would gain in j at no loss of their own welfare (and the other way round).
 * Seeds: the municipalities with the most such gain, ties by index; every municipality is
 * in exactly one group. Deterministic.
 */
function fitGroups(ctx: MatchingContext, assignment: Int32Array, size: number): number[][] {
  const { M } = ctx;
  const link = new Float64Array(M * M);
  const total = new Float64Array(M);
  assignment.forEach((m, i) => {
    if (m < 0) return;
    const fitHere = ctx.fit[i * M + m] as number;
    const welfareHere = ctx.welfare[i * M + m] as number;
    for (let j = 0; j < M; j++) {
      if (j === m || !ctx.eligible[i * M + j] || (ctx.welfare[i * M + j] as number) < welfareHere) continue;
      const gain = (ctx.fit[i * M + j] as number) - fitHere;
      if (gain <= 0) continue;
      link[m * M + j] = (link[m * M + j] as number) + gain;
      link[j * M + m] = (link[j * M + m] as number) + gain;
      total[m] = (total[m] as number) + gain;
      total[j] = (total[j] as number) + gain;
    }
  });
  const seeds = [...ctx.municipalities.keys()].sort(
    (a, b) => (total[b] as number) - (total[a] as number) || a - b,
  );
  const used = new Uint8Array(M);
  const groups: number[][] = [];
  const pull = new Float64Array(M);
  for (const seed of seeds) {
    if (used[seed]) continue;
    const group: number[] = [];
    pull.fill(0);
    let next = seed;
    while (next >= 0) {
      group.push(next);
      used[next] = 1;
      for (let j = 0; j < M; j++) pull[j] = (pull[j] as number) + (link[next * M + j] as number);
      if (group.length >= size) break;
      next = -1;
      for (let j = 0; j < M; j++) {
        if (!used[j] && (next < 0 || (pull[j] as number) > (pull[next] as number))) next = j;
      }
    }
    groups.push(group);
  }
  return groups;
}

/**
 * The fit stage (after people and welfare): every household keeps its place or its
 * non-place and the welfare total may not drop; the fit (0–40 per household, from its
 * importance answers, normalised over its own options) decides where within that. Exact
 * strategy: one MIP over every placed household and municipality. Decomposition: cheap
 * relocations and exchanges over all municipalities (local-search.ts, improveFit), then
 * FIT_SWEEPS sweeps of sub-MIPs over groups of FIT_GROUP municipalities linked by the fit
 * their households would gain (fitGroups, regrouped before each sweep; deterministic),
 * each with the households placed there. Returns whether the fit is proven optimal.
 */
function fitStage(
  highs: Highs,
  ctx: MatchingContext,
  incumbent: Incumbent,
  end: number,
  exactly: boolean,
  eligiblePairs: number,
) {
  const t0 = performance.now();
  let proven = exactly;
  if (!exactly) improveFit(ctx, incumbent, end);
  // beyond the LP limit (national rounds) only the cheap moves: there 20 sub-MIPs took about
  // 90 s, more than the whole round may take
  const sweeps = exactly ? 1 : eligiblePairs <= LP_PAIR_LIMIT * ctx.options.effort ? FIT_SWEEPS : 0;
  const maxSteps = exactly ? 1 : Math.max(1, Math.round(FIT_STEPS * ctx.options.effort));
  let steps = 0;
  let cut = false;
  for (let sweep = 0; sweep < sweeps && steps < maxSteps; sweep++) {
    const groups = exactly
      ? [[...ctx.municipalities.keys()]]
      : fitGroups(ctx, incumbent.assignment, FIT_GROUP);
    for (const municipalities of groups) {
      if (steps >= maxSteps) break;
      if (performance.now() >= end) {
        cut = true;
        break;
      }
      const inside = new Set(municipalities);
      const households = [...ctx.households.keys()].filter((i) =>
        inside.has(incumbent.assignment[i] as number),
      );
      if (households.length === 0) continue;
      const excluded = exactly
        ? fitStageExclusions(highs, ctx, incumbent.assignment, households, end)
        : undefined;
      const outcome = solveSubproblem(highs, ctx, incumbent, municipalities, households, {
        objective: "fit",
        timeSeconds: (end - performance.now()) / 1000,
        relGap: 0,
        absGap: 1e-7,
        maxNodes: exactly ? Math.round(EXACT_NODES * ctx.options.effort) : FIT_NODES,
        lean: !exactly,
        ...(excluded ? { excluded } : {}),
      });
      if (outcome.status !== "optimal") proven = false;
      if (outcome.status === "timeLimit") cut = true;
      steps++;
    }
  }
  const placed = [...ctx.households.keys()].filter((i) => (incumbent.assignment[i] as number) >= 0);
  return {
    value: Math.round(fitScore(ctx, incumbent.assignment, placed) - tieOf(ctx, incumbent.assignment, placed)),
    proven: proven && performance.now() < end,
    timeMs: performance.now() - t0,
    /** Whether the time limit (the safety stop) cut the fit stage short: a rerun may differ. */
    cut,
  };
}

function tieOf(ctx: MatchingContext, assignment: Int32Array, households: number[]): number {
  let sum = 0;
  for (const i of households) sum += tieBreak(ctx, i, assignment[i] as number);
  return sum;
}

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
  mip: MipOutcome | "lagrangian" | "lp" | undefined,
  timeMs: number,
): StageReport {
  let bound = wholeUnits(lpBound);
  let boundKind: StageReport["boundKind"] = mip === "lagrangian" ? "lagrangian" : "lp";
  if (mip && typeof mip !== "string" && wholeUnits(mip.dualBound) < bound) {
    bound = wholeUnits(mip.dualBound);
    boundKind = "mip";
  }
  // HiGHS may report a proven optimum a hair below the value found; the value is a lower bound.
  bound = Math.max(bound, value);
  const run = typeof mip === "string" ? undefined : mip;
  return {
    status: bound <= value ? "optimal" : "feasible",
    value,
    bound,
    boundKind,
    gap: (bound - value) / Math.max(1, value),
    lpBound,
    mipDualBound: run ? run.dualBound : null,
    mipGap: run ? run.gap : null,
    timeMs,
  };
}

const everyone = (ctx: MatchingContext) => ({
  municipalities: [...ctx.municipalities.keys()],
  households: [...ctx.households.keys()],
});

/**
 * Exact strategy, first try: the LP bound of each stage over every pair, then ONE lexicographic MIP
 * over every pair, Λ·persons + welfare + tie-break with Λ larger than any welfare total
 * (subproblem.ts), presolve on, warm-started from the better baseline. Its dual bound D
 * bounds both stages: people ≤ D/Λ, and with the people proven, welfare ≤ D − Λ·people.
 */
function exact(highs: Highs, ctx: MatchingContext, incumbent: Incumbent, end: number, onStage: OnStage) {
  const lexicographic = exactLexicographic(highs, ctx, incumbent, end);
  if (lexicographic.stoppedBy === "optimal") {
    onStage("people");
    onStage("welfare");
    return lexicographic;
  }
  // Not proven within its node budget: the two stages, started from what it found.
  return exactTwoStage(highs, ctx, incumbent, end, onStage);
}

function exactLexicographic(highs: Highs, ctx: MatchingContext, incumbent: Incumbent, end: number) {
  const all = everyone(ctx);
  const t1 = performance.now();
  const lp1 = solveLp(highs, ctx, "people", 0, end);
  const mip = solveSubproblem(highs, ctx, incumbent, all.municipalities, all.households, {
    objective: "lexicographic",
    timeSeconds: (end - performance.now()) / 1000,
    // no relative gap: on λ·people + welfare, 1 % of it is several people (mipRelGap is the
    // welfare stage's; the two stages below apply it there only)
    relGap: 0,
    absGap: 1e-7, // proves people, welfare and the tie-break
    maxNodes: Math.round(LEXICOGRAPHIC_NODES * ctx.options.effort),
    presolve: "on",
    // Measured on 15 pilot-size instances: 18 % less time in total, half on the hardest one.
    restart: false,
  });
  const lambda = lexicographicWeight(ctx);
  const peopleValue = stageValue(ctx, incumbent.assignment, "people");
  const peopleDual = Math.min(wholeUnits(lp1.bound), wholeUnits(mip.dualBound / lambda));
  const people = stageReport(peopleValue, lp1.bound, asStage(mip, peopleDual), performance.now() - t1);
  const t2 = performance.now();
  const lp2 = solveLp(highs, ctx, "welfare", people.value, end);
  const welfareDual =
    people.status === "optimal" ? mip.dualBound - lambda * people.value : Number.POSITIVE_INFINITY;
  const welfare = stageReport(
    stageValue(ctx, incumbent.assignment, "welfare"),
    lp2.bound,
    asStage(mip, welfareDual),
    performance.now() - t2,
  );
  const stoppedBy: StoppedBy =
    people.status === "optimal" && welfare.status === "optimal"
      ? "optimal"
      : mip.status === "timeLimit"
        ? "time"
        : mip.status === "solutionLimit" // the node limit
          ? "work"
          : "gap";
  return { people, welfare, steps: 0, improvements: 0, stoppedBy };
}

/**
 * Exact strategy: LP bound and one MIP per stage over every pair. The people MIP is
 * skipped when the LP bound already proves the start's people maximal.
 */
function exactTwoStage(
  highs: Highs,
  ctx: MatchingContext,
  incumbent: Incumbent,
  end: number,
  onStage: OnStage,
) {
  const all = everyone(ctx);
  // The node limit that ends both stages deterministically; the requested gap is the welfare
  // stage's only: people are maximal first, whatever gap was asked for.
  const maxNodes = Math.round(EXACT_NODES * ctx.options.effort);
  const t1 = performance.now();
  const lp1 = solveLp(highs, ctx, "people", 0, end);
  let mip1: MipOutcome | undefined;
  if (stageValue(ctx, incumbent.assignment, "people") < wholeUnits(lp1.bound)) {
    mip1 = solveSubproblem(highs, ctx, incumbent, all.municipalities, all.households, {
      objective: "people",
      timeSeconds: (0.35 * (end - performance.now())) / 1000,
      relGap: 0,
      absGap: 0.99, // people are integral: a gap below 1 proves them
      maxNodes,
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
    relGap: ctx.options.mipRelGap,
    maxNodes,
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

/** The lexicographic MIP's outcome seen from one stage: its dual bound for that stage. */
function asStage(mip: MipOutcome, dualBound: number): MipOutcome {
  return { ...mip, dualBound };
}

/** Λ of the lexicographic objective over every household and municipality (as subproblem.ts builds it). */
function lexicographicWeight(ctx: MatchingContext): number {
  let lambda = 1;
  for (let i = 0; i < ctx.H; i++) {
    let best = 0;
    for (let j = 0; j < ctx.M; j++) best = Math.max(best, ctx.welfare[i * ctx.M + j] as number);
    lambda += best + 1;
  }
  return lambda;
}

/**
 * Decomposition: bounds over every pair (the certified LP up to LP_PAIR_LIMIT pairs, else
 * Lagrangian, lagrange.ts), a start rounded from the LP's vertex solution (or the averaged
 * Lagrangian choices), then the neighbourhood search (neighbourhoods.ts):
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
    // at least a few iterations: with none (effort below 1/800) the bound would be infinite
    maxIterations: Math.max(PEOPLE_MIN_ITERATIONS, Math.round(400 * effort)),
    stallIterations: 60,
  });
  // Up to LP_PAIR_LIMIT pairs, the LP relaxation itself (certified through its duals):
  // the Lagrangian descent stops well above it (docs/matching.md, "How good is the answer").
  const useLp = eligiblePairs <= LP_PAIR_LIMIT * effort;
  const lp1 = useLp ? certifiedLp(highs, ctx, "people", 0, end, "ipm") : undefined;
  const b1 =
    lp1 && lp1.bound <= l1.bound + 1e-6
      ? { ...lp1, kind: "lp" as const }
      : { ...l1, kind: "lagrangian" as const };
  const peopleBound = wholeUnits(b1.bound);
  const peopleMs = performance.now() - t1;
  onStage("people");
  const t2 = performance.now();
  // (Without a finite people bound, e.g. when the safety stop ended the people stage, no LP.)
  const lp2 =
    useLp && Number.isFinite(peopleBound)
      ? certifiedLp(highs, ctx, "welfare", peopleBound, end, "ipm-vertex")
      : undefined;
  const l2 =
    lp2 && lp2.bound < Number.POSITIVE_INFINITY
      ? { ...lp2, kind: "lp" as const, cut: false }
      : welfareBeyondLp(highs, ctx, start, peopleBound, end, eligiblePairs);
  // Start the search from the rounded LP (or Lagrangian) solution: far better welfare, and the
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
  const smoothed = beyondCore(ctx, eligiblePairs);
  for (const objective of ["lexicographic", "welfare"] as const) {
    const stats = searchNeighbourhoods(highs, ctx, incumbent, {
      objective,
      guidance: l2.x,
      ...(smoothed ? { columns: SMOOTHED_COLUMNS } : {}),
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
  if (performance.now() >= end || l2.cut) stoppedBy = "time";
  const all = ctx.households.keys();
  if (compareScores(score(ctx, start, all), score(ctx, incumbent.assignment, ctx.households.keys())) > 0) {
    incumbent.assignment.set(start);
    incumbent.remaining.set(remainingCapacity(ctx, start));
  }
  const finalPeople = people();
  const welfare = stageReport(
    stageValue(ctx, incumbent.assignment, "welfare"),
    welfareBound(l2, peopleBound, finalPeople),
    l2.kind,
    performance.now() - t2,
  );
  onStage("welfare");
  const peopleReport = stageReport(finalPeople, b1.bound, b1.kind, peopleMs);
  if (peopleReport.status === "optimal" && welfare.status === "optimal") stoppedBy = "optimal";
  return { people: peopleReport, welfare, steps, improvements, stoppedBy };
}

/** Beyond CORE_PAIR_LIMIT eligible pairs (× effort) no core LP: the welfare bound and the guidance are the smoothed dual's. */
function beyondCore(ctx: MatchingContext, eligiblePairs: number): boolean {
  return eligiblePairs > CORE_PAIR_LIMIT * ctx.options.effort;
}

/**
 * The welfare bound beyond LP_PAIR_LIMIT: up to CORE_PAIR_LIMIT pairs, a Lagrangian descent
 * that ranks each household's pairs, then the LP over a core of the best of them, enlarged
 * by pricing (core-lp.ts), whose vertex then guides the rounding and the search, as the
 * whole LP does below LP_PAIR_LIMIT; "lp" when pricing proved the core's LP the LP over
 * every pair. Beyond, a short descent and then the smoothed dual (smoothed-dual.ts), whose
 * softmax weights guide. The smaller bound is kept.
 */
function welfareBeyondLp(
  highs: Highs,
  ctx: MatchingContext,
  start: Int32Array,
  people: number,
  end: number,
  eligiblePairs: number,
) {
  const effort = ctx.options.effort;
  const withCore = !beyondCore(ctx, eligiblePairs);
  const descent = lagrangeBound(ctx, {
    stage: "welfare",
    people,
    lowerBound: stageValue(ctx, start, "welfare"),
    deadline: end,
    // With a core to follow, the descent only ranks the first core's pairs; before the
    // smoothed dual it only gives it a start.
    maxIterations: withCore
      ? Math.max(DESCENT_ITERATIONS, Math.round((CORE_DESCENT_WORK * effort) / eligiblePairs))
      : DESCENT_ITERATIONS,
    stallIterations: 200,
  });
  const lagrangian = { ...descent, kind: "lagrangian" as const, cut: false };
  if (!withCore && Number.isFinite(people)) {
    const smoothed = smoothedDual(ctx, {
      people,
      y: descent.y,
      lambda: descent.lambda,
      // never fewer: a smaller effort (tests) shrinks the sizes, not the evaluations
      evaluations: Math.max(SMOOTHED_EVALUATIONS, Math.round(SMOOTHED_EVALUATIONS * effort)),
      deadline: end,
    });
    return smoothed.bound < descent.bound
      ? { ...smoothed, kind: "lagrangian" as const }
      : { ...lagrangian, cut: smoothed.cut };
  }
  const core = coreLp(highs, ctx, {
    people,
    y: descent.y,
    lambda: descent.lambda,
    start,
    end,
    // never fewer than CORE_ROUNDS: a smaller effort (tests) shrinks the sizes, not the rounds
    rounds: Math.max(CORE_ROUNDS, Math.round(CORE_ROUNDS * effort)),
  });
  if (core.x.size === 0) return { ...lagrangian, cut: core.cut };
  const bound = Math.min(core.bound, descent.bound);
  return {
    bound,
    lambda: core.bound <= descent.bound ? core.lambda : descent.lambda,
    x: core.x,
    kind: core.proven && core.bound <= descent.bound ? ("lp" as const) : ("lagrangian" as const),
    cut: core.cut,
  };
}

/**
 * L₂ was minimised for "at least peopleBound people"; for the people actually placed
 * (P ≤ peopleBound) the same multipliers give L₂ + λ·(peopleBound − P), still a valid
 * bound for every assignment placing at least P people — the lexicographic optimum too.
 */
function welfareBound(l2: { bound: number; lambda: number }, peopleBound: number, people: number): number {
  // (λ = 0 adds nothing, also when peopleBound is infinite)
  return l2.lambda > 0 ? l2.bound + l2.lambda * Math.max(0, peopleBound - people) : l2.bound;
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
  const { cut, ...fit } = fitStage(highs, ctx, incumbent, end, strategy === "exact", eligiblePairs);
  return {
    assignment: incumbent.assignment,
    report: {
      strategy,
      people: stages.people,
      welfare: stages.welfare,
      fit,
      timeMs: {
        build: buildMs + (t1 - t0),
        people: stages.people.timeMs,
        welfare: stages.welfare.timeMs,
        total: buildMs + performance.now() - t0,
      },
      model: { eligiblePairs, neighbourhoods: stages.steps, improvements: stages.improvements },
      stoppedBy: cut ? "time" : stages.stoppedBy,
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
    boundKind: "lp",
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
      fit: { value: 0, proven: true, timeMs: 0 },
      timeMs: { build: buildMs, people: 0, welfare: 0, total: buildMs },
      model: { eligiblePairs: 0, neighbourhoods: 0, improvements: 0 },
      stoppedBy: "optimal",
    },
  };
}
