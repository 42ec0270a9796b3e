import { parseMunicipalities } from "../core/matching/io/municipality-file";
import { InputFileError, type RowIssue } from "../core/matching/io/rows";
import { DIMENSIONS, type Municipality } from "../core/matching/model";
import { capacityOf } from "./capacity";
import type { Db } from "./db";
import type { Prisma } from "./generated/prisma/client";

/**
 * Municipalities from a file (YAML, CSV or JSON) or a form: every row validated with the engine's
 * zod schema first (an error names the row and the field), a preview of what would change, then
 * all rows in one transaction: nothing of a bad file is written. Capacity may not go below what
 * accepted offers took. Used by `npm run import:municipalities` and the console.
 */
export type FileFormat = "yaml" | "csv" | "json";

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ImportPlan {
  rows: { id: string; name: string; action: "create" | "update" | "unchanged"; changes: FieldChange[] }[];
  issues: RowIssue[];
  municipalities: Municipality[];
}

function flat(prefix: string, value: unknown, out: Map<string, unknown>): void {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flat(prefix ? `${prefix}.${k}` : k, v, out);
  } else out.set(prefix, value);
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flat("", before, a);
  flat("", after, b);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => JSON.stringify(a.get(k) ?? null) !== JSON.stringify(b.get(k) ?? null))
    .map((field) => ({ field, from: a.get(field) ?? null, to: b.get(field) ?? null }));
}

/** What importing this file would do, and every problem in it; writes nothing. */
export async function planImport(db: Db, text: string, format: FileFormat): Promise<ImportPlan> {
  let municipalities: Municipality[];
  try {
    municipalities = parseMunicipalities(text, format);
  } catch (error) {
    if (error instanceof InputFileError) return { rows: [], issues: error.issues, municipalities: [] };
    return {
      rows: [],
      issues: [{ row: 0, field: "", message: (error as Error).message }],
      municipalities: [],
    };
  }
  const existing = new Map((await db.municipality.findMany()).map((m) => [m.id, m]));
  const issues: RowIssue[] = [];
  const rows = municipalities.map((m, index) => {
    const before = existing.get(m.id);
    if (!before) return { id: m.id, name: m.name, action: "create" as const, changes: [] };
    const taken = capacityOf(before.taken);
    for (const d of DIMENSIONS) {
      if (m.capacity[d] < taken[d]) {
        issues.push({
          row: index + 1,
          field: `capacity.${d}`,
          message: `${m.capacity[d]} is less than already taken (${taken[d]})`,
        });
      }
    }
    const diff = changes(
      { name: before.name, capacity: capacityOf(before.capacity), services: before.services as object },
      { name: m.name, capacity: m.capacity, services: m.services },
    );
    return {
      id: m.id,
      name: m.name,
      action: diff.length > 0 ? ("update" as const) : ("unchanged" as const),
      changes: diff,
    };
  });
  return { rows, issues, municipalities };
}

/** Writes the plan's municipalities in one transaction (what accepted offers took stays). */
export async function applyImport(db: Db, municipalities: Municipality[]): Promise<void> {
  await db.$transaction(
    municipalities.map((m) => {
      const data = {
        name: m.name,
        capacity: m.capacity as unknown as Prisma.InputJsonValue,
        services: m.services as unknown as Prisma.InputJsonValue,
      };
      return db.municipality.upsert({
        where: { id: m.id },
        create: { id: m.id, ...data, info: m.contact as unknown as Prisma.InputJsonValue },
        update: data,
      });
    }),
  );
}
