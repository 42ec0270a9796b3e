/**
 * Thin access to HiGHS (WebAssembly): one runtime per process, loaded on first use,
 * and a helper that turns a column list into HiGHS' sparse model format.
 *
 * We use the persistent-model API with typed arrays rather than LP text: the
 * neighbourhood search solves thousands of small MIPs, and formatting and parsing LP text
 * for each would cost more than many of the solves.
 */
import type { Highs, Model, ModelData } from "highs";

let runtime: Promise<Highs> | undefined;

/** The shared HiGHS runtime. A failed load is forgotten so that the next call retries. */
export function loadHighs(): Promise<Highs> {
  runtime ??= import("highs")
    .then((module) => module.default())
    .catch((error: unknown) => {
      runtime = undefined;
      throw error;
    });
  return runtime;
}

/** Column-wise model data being assembled: one entry list per column. */
export interface ColumnBuilder {
  cost: number[];
  lower: number[];
  upper: number[];
  starts: number[];
  indices: number[];
  values: number[];
}

export function columnBuilder(): ColumnBuilder {
  return { cost: [], lower: [], upper: [], starts: [0], indices: [], values: [] };
}

/** Appends one column; `rows`/`coefficients` must not repeat a row. */
export function addColumn(
  b: ColumnBuilder,
  cost: number,
  lower: number,
  upper: number,
  rows: number[],
  coefficients: number[],
): void {
  b.cost.push(cost);
  b.lower.push(lower);
  b.upper.push(upper);
  for (let r = 0; r < rows.length; r++) {
    b.indices.push(rows[r] as number);
    b.values.push(coefficients[r] as number);
  }
  b.starts.push(b.indices.length);
}

export interface RowBounds {
  lower: Float64Array;
  upper: Float64Array;
}

/** A maximisation model from columns and row bounds, optionally all-binary. */
export function modelData(highs: Highs, b: ColumnBuilder, rows: RowBounds, binary: boolean): ModelData {
  const numCols = b.cost.length;
  const numRows = rows.lower.length;
  return {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(b.cost),
    colLower: Float64Array.from(b.lower),
    colUpper: Float64Array.from(b.upper),
    rowLower: rows.lower,
    rowUpper: rows.upper,
    matrix: {
      format: "csc",
      numRows,
      numCols,
      starts: Int32Array.from(b.starts),
      indices: Int32Array.from(b.indices),
      values: Float64Array.from(b.values),
    },
    ...(binary ? { integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer) } : {}),
  };
}

export interface MipOutcome {
  /** HiGHS model status name, e.g. "optimal", "timeLimit". */
  status: string;
  /** Primal values, or undefined when HiGHS found no feasible solution. */
  x: Float64Array | undefined;
  objective: number;
  dualBound: number;
  gap: number;
  /** Branch-and-bound nodes used. */
  nodes: number;
}

/** Runs a MIP and reads what we report; never throws on a limit status. */
export function runMip(highs: Highs, model: Model): MipOutcome {
  model.run();
  const code = model.getModelStatus();
  const status =
    (Object.entries(highs.constants.modelStatus).find(([, value]) => value === code)?.[0] as string) ??
    "unknown";
  const feasible =
    Number(model.info.get("primal_solution_status")) === highs.constants.solutionStatus.feasible;
  return {
    status,
    x: feasible ? model.getSolution().colValue : undefined,
    objective: feasible ? model.getObjectiveValue() : Number.NEGATIVE_INFINITY,
    dualBound: Number(model.info.get("mip_dual_bound")),
    gap: Number(model.info.get("mip_gap")),
    nodes: Number(model.info.get("mip_node_count")),
  };
}

export type { Highs, Model };
