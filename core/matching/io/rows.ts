/**
 * All-or-nothing validation of a list of rows with zod, with errors that a person can
 * act on: which row (counted from 1), which field, what was expected.
 */
import type { z } from "zod";

export interface RowIssue {
  /** 1-based position in the list (for CSV: data rows, the header not counted); 0 = the file. */
  row: number;
  /** Dotted field path, e.g. capacity.schoolPlaces; empty for the row as a whole. */
  field: string;
  message: string;
}

export function formatIssue(issue: RowIssue): string {
  if (issue.row === 0) return issue.field ? `field ${issue.field}: ${issue.message}` : issue.message;
  return issue.field
    ? `row ${issue.row}, field ${issue.field}: ${issue.message}`
    : `row ${issue.row}: ${issue.message}`;
}

/** A file whose content is not accepted; `message` is one line, `issues` has them all. */
export class InputFileError extends Error {
  constructor(readonly issues: RowIssue[]) {
    const shown = issues.slice(0, 3).map(formatIssue).join("; ");
    super(issues.length > 3 ? `${shown}; and ${issues.length - 3} more problems` : shown);
    this.name = "InputFileError";
  }
}

function fieldPath(path: readonly PropertyKey[], keepIndices: boolean): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") {
      if (keepIndices) out += `[${part}]`;
    } else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function valueAt(row: unknown, path: readonly PropertyKey[]): unknown {
  let node = row;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/**
 * Validates every row; throws InputFileError listing every problem, or returns all rows
 * parsed. `keepIndices`: name list elements (YAML, JSON) or not (CSV, one cell per list).
 */
export function validateRows<S extends z.ZodType>(
  rows: unknown[],
  schema: S,
  keepIndices = true,
): z.output<S>[] {
  const issues: RowIssue[] = [];
  const parsed: z.output<S>[] = [];
  rows.forEach((row, index) => {
    const result = schema.safeParse(row);
    if (result.success) {
      parsed.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          issues.push({
            row: index + 1,
            field: fieldPath([...issue.path, key], keepIndices),
            message: "unknown field",
          });
        }
      } else {
        const missing = valueAt(row, issue.path) === undefined;
        const message = missing ? `missing (${issue.message})` : issue.message;
        issues.push({ row: index + 1, field: fieldPath(issue.path, keepIndices), message });
      }
    }
  });
  if (issues.length > 0) throw new InputFileError(issues);
  return parsed;
}

/** Ids must be unique: a later row with an id seen before is an error naming both rows. */
export function checkUniqueIds(rows: { id: string }[]): void {
  const seen = new Map<string, number>();
  const issues: RowIssue[] = [];
  rows.forEach((row, index) => {
    const first = seen.get(row.id);
    if (first !== undefined) {
      issues.push({ row: index + 1, field: "id", message: `duplicate id "${row.id}" (also row ${first})` });
    } else seen.set(row.id, index + 1);
  });
  if (issues.length > 0) throw new InputFileError(issues);
}
