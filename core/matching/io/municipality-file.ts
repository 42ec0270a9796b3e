/**
 * Parses a municipalities file (YAML, CSV or JSON) into validated municipalities, or
 * throws an InputFileError naming row and field — nothing of a bad file is accepted.
 *
 * YAML and JSON: a list of municipalities, or an object with a `municipalities` list,
 * in the shape of `municipalitySchema` (docs/schemas/municipalities.schema.json).
 *
 * CSV: comma-separated, one municipality per row, a header with flat column names
 * (`id`, `name`, `state`, `capacity.persons`, …, `services.medicalSpecialties`, …,
 * `contact.arrivalNotes`). List cells separate items by ";" (general;pediatrics);
 * yes/no cells accept true/false, yes/no, 1/0. Quote a cell with "…" when it contains a
 * comma, a quote ("") or a line break. Rows are counted from 1, the header not counted.
 */
import { parseDocument, type YAMLError } from "yaml";
import { DIMENSIONS, type Municipality, municipalitySchema } from "../model";
import { checkUniqueIds, InputFileError, type RowIssue, validateRows } from "./rows";

export { InputFileError as MunicipalityFileError } from "./rows";

export type MunicipalityFileFormat = "yaml" | "csv" | "json";

type CellKind = "text" | "optionalText" | "number" | "boolean" | "list";

/** The CSV columns and how a cell becomes a value. */
export const CSV_COLUMNS: Readonly<Record<string, CellKind>> = {
  id: "text",
  name: "text",
  state: "optionalText",
  ...Object.fromEntries(DIMENSIONS.map((d) => [`capacity.${d}`, "number" as const])),
  "services.medicalSpecialties": "list",
  "services.languageCourses": "boolean",
  "services.integrationCourses": "boolean",
  "services.welcomeClasses": "boolean",
  "services.jobSectors": "list",
  "services.ukrainianCommunity": "number",
  "services.citySize": "text",
  "services.petsAllowed": "boolean",
  "services.seeksFamilies": "boolean",
  "contact.name": "optionalText",
  "contact.phone": "optionalText",
  "contact.email": "optionalText",
  "contact.address": "optionalText",
  "contact.arrivalNotes": "optionalText",
};

export function parseMunicipalities(text: string, format: MunicipalityFileFormat): Municipality[] {
  const rows =
    format === "csv" ? csvRows(text) : listOf(format === "json" ? parseJson(text) : parseYamlText(text));
  const municipalities = validateRows(rows, municipalitySchema, format !== "csv");
  checkUniqueIds(municipalities);
  return municipalities;
}

/**
 * YAML: every syntax error of the document, each with its line and column and the text
 * there (the parser's message without its multi-line code frame), on one line.
 */
function parseYamlText(text: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length === 0) return document.toJS();
  const lines = text.split(/\r?\n/);
  throw new InputFileError(
    document.errors.map((error: YAMLError) => {
      const at = error.linePos?.[0];
      const reason = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      const near = at ? (lines[at.line - 1] ?? "").trim() : "";
      return {
        row: 0,
        field: "",
        message: `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${reason}${near ? ` near "${near}"` : ""}`,
      };
    }),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputFileError([{ row: 0, field: "", message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

/** The list of rows: the document itself, or its `municipalities` entry. */
function listOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  const list = (document as { municipalities?: unknown } | null)?.municipalities;
  if (Array.isArray(list)) return list;
  throw new InputFileError([{ row: 0, field: "", message: "expected a list of municipalities" }]);
}

// ---------------------------------------------------------------- CSV

/** RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let p = 0; p < input.length; p++) {
    const c = input[p] as string;
    if (quoted) {
      if (c === '"' && input[p + 1] === '"') {
        cell += '"';
        p++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      record.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[p + 1] === "\n") p++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  // Blank lines are not rows.
  return records.filter((r) => !(r.length === 1 && (r[0] as string).trim() === ""));
}

function cellValue(kind: CellKind, raw: string): unknown {
  const cell = raw.trim();
  if (cell === "") return kind === "list" ? [] : undefined;
  switch (kind) {
    case "number":
      return /^[+-]?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    case "boolean": {
      const lower = cell.toLowerCase();
      if (["true", "yes", "1"].includes(lower)) return true;
      if (["false", "no", "0"].includes(lower)) return false;
      return cell;
    }
    case "list":
      return cell
        .split(";")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    default:
      return cell;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function csvRows(text: string): unknown[] {
  const [header, ...records] = csvRecords(text);
  if (!header) throw new InputFileError([{ row: 0, field: "", message: "the file is empty" }]);
  const columns = header.map((name) => name.trim());
  const unknown = columns.filter((name) => !(name in CSV_COLUMNS));
  if (unknown.length > 0) {
    throw new InputFileError(
      unknown.map((name) => ({ row: 0, field: name, message: "unknown column in the header" })),
    );
  }
  const issues: RowIssue[] = [];
  const rows = records.map((record, index) => {
    if (record.length !== columns.length) {
      issues.push({
        row: index + 1,
        field: "",
        message: `expected ${columns.length} cells, found ${record.length}`,
      });
    }
    const row: Record<string, unknown> = { capacity: {}, services: {}, contact: {} };
    columns.forEach((name, c) => {
      const value = cellValue(CSV_COLUMNS[name] as CellKind, record[c] ?? "");
      if (value !== undefined) setPath(row, name, value);
    });
    return row;
  });
  if (issues.length > 0) throw new InputFileError(issues);
  return rows;
}
