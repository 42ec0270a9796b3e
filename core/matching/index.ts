/**
 * Public API of the matching engine: pure functions over plain data (no database, no
 * Telegram, no Redis). HiGHS runs in WebAssembly inside this process.
 *
 *   matchAll(households, municipalities, options?, onProgress?) → optimal + both baselines
 *   solve(households, municipalities, options?, onProgress?)    → optimal only
 *   firstComeFirstServed(...), deferredAcceptance(...)           → one baseline
 */
import {
  deferredAcceptance as daAssignment,
  firstComeFirstServed as fcfsAssignment,
} from "./compare/baselines";
import {
  type Household,
  type MatchingComparison,
  type MatchingOptions,
  type MatchingResult,
  type Municipality,
  matchingOptionsSchema,
} from "./model";
import { buildResult } from "./report";
import { loadHighs } from "./solver/highs";
import { optimise } from "./solver/solve";
import { compareScores, score } from "./solver/subproblem";
import { buildContext, compareRegistration, type MatchingContext } from "./welfare";

export type ProgressCallback = (percent: number) => void;

/**
 * The engine works on a canonical order (households by registration, then id;
 * municipalities by id), so that ties between equally good moves, which the search
 * settles by index, never depend on the order of the input lists. Exported for the tests of
 * the solver's parts.
 */
export function context(
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions = {},
) {
  return buildContext(
    [...households].sort(compareRegistration),
    [...municipalities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    matchingOptionsSchema.parse(options),
  );
}

/** The better (people, then welfare) of the two baselines: the solver's starting point. */
function bestStart(ctx: MatchingContext, a: Int32Array, b: Int32Array): Int32Array {
  const all = [...ctx.households.keys()];
  return compareScores(score(ctx, a, all), score(ctx, b, all)) >= 0 ? a : b;
}

/**
 * Runs the optimal method and both baselines on the same input. Progress: 0 at the
 * start, 10 once the model is built, 50 after the people stage, 90 after the welfare
 * stage (the decomposition reports its way from 50 to 90), 100 when explanations and
 * metrics are done.
 */
export async function matchAll(
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions = {},
  onProgress: ProgressCallback = () => undefined,
): Promise<MatchingComparison> {
  const { ctx, fcfs, da, optimal } = await runOptimal(households, municipalities, options, onProgress);
  const result = {
    optimal: buildResult(ctx, "optimal", optimal.assignment, optimal.report),
    fcfs: buildResult(ctx, "fcfs", fcfs),
    deferredAcceptance: buildResult(ctx, "deferred-acceptance", da),
  };
  onProgress(100);
  return result;
}

/** The optimal method alone (it still runs both baselines, cheaply, as its starting point). */
export async function solve(
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions = {},
  onProgress: ProgressCallback = () => undefined,
): Promise<MatchingResult> {
  const { ctx, optimal } = await runOptimal(households, municipalities, options, onProgress);
  const result = buildResult(ctx, "optimal", optimal.assignment, optimal.report);
  onProgress(100);
  return result;
}

/** Context, both baselines, and the optimal method started from the better of them. */
async function runOptimal(
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions,
  onProgress: ProgressCallback,
) {
  const t0 = performance.now();
  onProgress(0);
  const ctx = context(households, municipalities, options);
  const highs = await loadHighs();
  const fcfs = fcfsAssignment(ctx);
  const da = daAssignment(ctx);
  const start = bestStart(ctx, fcfs, da);
  const optimal = optimise(highs, ctx, start, progressOf(onProgress), performance.now() - t0);
  return { ctx, fcfs, da, optimal };
}

/** Stage boundaries at 10, 50 and 90 %; the welfare stage's own progress in between. */
function progressOf(onProgress: ProgressCallback) {
  return (stage: "built" | "people" | "welfare", done = 1) =>
    onProgress(stage === "built" ? 10 : stage === "people" ? 50 : 50 + 40 * Math.min(1, done));
}

export function firstComeFirstServed(
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions = {},
): MatchingResult {
  const ctx = context(households, municipalities, options);
  return buildResult(ctx, "fcfs", fcfsAssignment(ctx));
}

export function deferredAcceptance(
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions = {},
): MatchingResult {
  const ctx = context(households, municipalities, options);
  return buildResult(ctx, "deferred-acceptance", daAssignment(ctx));
}

export { assessHousehold, type PairAssessment } from "./assess";
export { parseHouseholds } from "./io/household-file";
export { MunicipalityFileError, parseMunicipalities } from "./io/municipality-file";
export { InputFileError, type RowIssue } from "./io/rows";
export * from "./model";
export { demandOf, sizeClass } from "./welfare";
