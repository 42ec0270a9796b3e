import { readFileSync } from "node:fs";
import path from "node:path";
import { formatIssue } from "../../core/matching/io/rows";
import type { Db } from "../../shared/db";
import { applyImport, type FileFormat, planImport } from "../../shared/municipalities";

export class ImportError extends Error {}

/**
 * Imports a municipalities file (.yaml, .yml, .csv or .json) with shared/municipalities.ts:
 * every row validated first (an error names the row and the field), then all rows in one
 * transaction: nothing of a bad file is imported.
 */
export async function importMunicipalities(db: Db, file: string): Promise<string[]> {
  const ext = path.extname(file).toLowerCase();
  const format: FileFormat = ext === ".csv" ? "csv" : ext === ".json" ? "json" : "yaml";
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ImportError(`${file}: cannot read the file`);
  }
  const plan = await planImport(db, text, format);
  if (plan.issues.length > 0) {
    throw new ImportError(`${file}: ${plan.issues.map(formatIssue).join("; ")}`);
  }
  await applyImport(db, plan.municipalities);
  return plan.municipalities.map((m) => m.id);
}
