// npm run match -- --households FILE --municipalities FILE [--out FILE] [--relatives bonus|require]
//                  [--time-limit SECONDS] [--gap FRACTION] [--effort MULTIPLE] [--strategy exact|decomposition]
// npm run match -- --schemas
//
// Reads households (JSON) and municipalities (YAML, CSV or JSON), validates them, runs the
// optimal method and both baselines, prints a summary and writes the full result as JSON.
// Bad input: one line naming the file, row and field; exit code 1; no stack trace. --out is
// opened before computing (a bad path costs nothing) and written piece by piece (streamed);
// an unplaced household is explained by its reasons and their counts, not by one entry per
// municipality (national scale: 10,000 × 400 stays in a few MB). The default time limit is
// the engine's (the same as the API's).
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  DIMENSIONS,
  type Household,
  householdsFileSchema,
  InputFileError,
  type MatchingComparison,
  type MatchingResult,
  type Municipality,
  matchAll,
  matchingOptionsSchema,
  municipalitiesFileSchema,
  parseHouseholds,
  parseMunicipalities,
} from "../core/matching/index";

const USAGE =
  "usage: npm run match -- --households FILE --municipalities FILE [--out FILE] [--relatives bonus|require] [--time-limit SECONDS] [--gap FRACTION] [--effort MULTIPLE] [--strategy exact|decomposition]\n" +
  "       npm run match -- --schemas";

const STOPPED = {
  optimal: "proof of optimality",
  gap: "the requested gap",
  work: "the work budget (deterministic)",
  time: "the time limit (a rerun may differ; raise --time-limit)",
} as const;

/** A problem the user can fix: printed as one line, exit code 1. */
class UsageError extends Error {}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
}

function parseFile<T>(file: string, parse: (text: string) => T): T {
  const text = readText(file);
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

function municipalityFormat(file: string): "yaml" | "csv" | "json" {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  throw new UsageError(`${file}: expected a .yaml, .yml, .csv or .json file`);
}

function writeSchemas(): void {
  const dir = path.join(process.cwd(), "docs", "schemas");
  const schemas = {
    "households.schema.json": householdsFileSchema,
    "municipalities.schema.json": municipalitiesFileSchema,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
    writeFileSync(path.join(dir, name), `${JSON.stringify(json, null, 2)}\n`);
    console.log(`wrote docs/schemas/${name}`);
  }
}

/** Ranking and relatives entries that name no municipality of this run: ignored, but said. */
function warnUnknownIds(households: Household[], municipalities: Municipality[]): void {
  const known = new Set(municipalities.map((m) => m.id));
  households.forEach((h, index) => {
    const unknown = [...(h.ranking ?? []), ...h.relativesIn].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      console.error(
        `note: household ${index + 1} (${h.id}) names unknown municipalities: ${unknown.join(", ")}`,
      );
    }
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ")).join("\n");
}

function methodRow(name: string, r: MatchingResult): string[] {
  const m = r.metrics;
  return [
    name,
    `${m.households.placed}/${m.households.total}`,
    `${m.people.placed}/${m.people.total}`,
    pct(m.firstChoiceShare),
    pct(m.topThreeShare),
    m.averageRank === null ? "-" : m.averageRank.toFixed(2),
    String(m.justifiedEnvy),
    String(m.totalWelfare),
  ];
}

function summary(result: MatchingComparison): string {
  const lines: string[] = [];
  lines.push(
    table([
      ["method", "households", "people", "1st choice", "top 3", "avg rank", "justified envy", "welfare"],
      methodRow("optimal", result.optimal),
      methodRow("first come, first served", result.fcfs),
      methodRow("deferred acceptance", result.deferredAcceptance),
    ]),
  );
  const s = result.optimal.solver;
  if (s) {
    lines.push("");
    lines.push(
      `optimal (${s.strategy}): people ${s.people.value} of at most ${s.people.bound} (${s.people.status}, gap ${pct(s.people.gap)}); ` +
        `welfare ${s.welfare.value} of at most ${s.welfare.bound} (${s.welfare.status}, gap ${pct(s.welfare.gap)}); ` +
        `LP bound ${s.welfare.lpBound.toFixed(1)}` +
        (s.welfare.mipGap === null ? "" : `, HiGHS MIP gap ${pct(s.welfare.mipGap)}`) +
        `; ${(s.timeMs.total / 1000).toFixed(2)} s, stopped by: ${STOPPED[s.stoppedBy]}`,
    );
  }
  lines.push("");
  lines.push("capacity used by the optimal assignment (used/capacity):");
  lines.push(
    table([
      ["municipality", ...DIMENSIONS],
      ...result.optimal.metrics.municipalities.map((c) => [
        c.municipalityId,
        ...DIMENSIONS.map((d) => `${c.used[d]}/${c.capacity[d]}`),
      ]),
    ]),
  );
  const unplaced = result.optimal.explanations.unplaced;
  if (unplaced.length > 0) {
    lines.push("");
    lines.push("not placed by the optimal assignment (reason: municipalities it rules out):");
    for (const u of unplaced)
      lines.push(
        `  ${u.householdId}: ${u.reasonCounts.map((r) => `${r.code} ${r.municipalities}`).join(", ")}`,
      );
  }
  return lines.join("\n");
}

/**
 * Writes the comparison as JSON to an open file, piece by piece: no string of the whole
 * result is ever built. Unplaced households keep their reasons, counts and missing
 * specialties; the per-municipality list (one entry per municipality and method) is left out.
 */
function writeResult(fd: number, result: MatchingComparison): void {
  const write = (text: string): void => {
    writeSync(fd, text);
  };
  const list = (items: unknown[]) => {
    write("[");
    for (const [k, item] of items.entries()) write(`${k === 0 ? "\n" : ",\n"}      ${JSON.stringify(item)}`);
    write(items.length === 0 ? "]" : "\n    ]");
  };
  write("{");
  (["optimal", "fcfs", "deferredAcceptance"] as const).forEach((key, k) => {
    const r = result[key];
    write(
      `${k === 0 ? "" : ","}\n  ${JSON.stringify(key)}: {\n    "method": ${JSON.stringify(r.method)},\n    "assignments": `,
    );
    list(r.assignments);
    write(',\n    "unplaced": ');
    list(r.unplaced);
    write(',\n    "placed": ');
    list(r.explanations.placed);
    write(',\n    "unplacedReasons": ');
    list(r.explanations.unplaced.map(({ byMunicipality: _, ...reasons }) => reasons));
    write(`,\n    "metrics": ${JSON.stringify(r.metrics)}`);
    if (r.solver) write(`,\n    "solver": ${JSON.stringify(r.solver)}`);
    write("\n  }");
  });
  write("\n}\n");
}

/** Opens --out for writing before anything is computed: a bad path is reported at once. */
function openOut(file: string): number {
  try {
    return openSync(file, "w");
  } catch (error) {
    throw new UsageError(
      `${file}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCli>;
  try {
    args = parseCli();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.schemas) return writeSchemas();
  if (!args.households || !args.municipalities) throw new UsageError(USAGE);
  const relatives = args.relatives ?? "bonus";
  if (relatives !== "bonus" && relatives !== "require")
    throw new UsageError("--relatives: expected bonus or require");
  // The engine's defaults, the same as the API's: only what is given overrides them.
  const defaults = matchingOptionsSchema.parse({});
  const timeLimitSeconds = Number(args["time-limit"] ?? defaults.timeLimitSeconds);
  const mipRelGap = Number(args.gap ?? defaults.mipRelGap);
  const effort = Number(args.effort ?? defaults.effort);
  const strategy = args.strategy ?? defaults.strategy;
  if (!(timeLimitSeconds > 0)) throw new UsageError("--time-limit: expected a positive number of seconds");
  if (!(mipRelGap >= 0 && mipRelGap <= 1)) throw new UsageError("--gap: expected a fraction from 0 to 1");
  if (!(effort > 0 && effort <= 100))
    throw new UsageError("--effort: expected a number above 0, at most 100");
  if (strategy !== "auto" && strategy !== "exact" && strategy !== "decomposition")
    throw new UsageError("--strategy: expected exact or decomposition");

  const households = parseFile(args.households, parseHouseholds);
  const format = municipalityFormat(args.municipalities);
  const municipalities = parseFile(args.municipalities, (text) => parseMunicipalities(text, format));
  if (municipalities.length === 0)
    throw new UsageError(`${args.municipalities}: no municipalities in the file: nobody can be placed`);
  warnUnknownIds(households, municipalities);
  const out = args.out === undefined ? undefined : openOut(args.out);
  let shown = -1;
  const result = await matchAll(
    households,
    municipalities,
    { relatives, timeLimitSeconds, mipRelGap, effort, strategy },
    (p) => {
      const percent = Math.round(p);
      if (percent === shown) return;
      shown = percent;
      process.stderr.write(`\rcomputing… ${percent}%${percent === 100 ? "\n" : ""}`);
    },
  );
  console.log(summary(result));
  if (out !== undefined) {
    try {
      writeResult(out, result);
    } finally {
      closeSync(out);
    }
    console.log(`\nfull result written to ${args.out}`);
  }
}

function parseCli() {
  return parseArgs({
    options: {
      households: { type: "string" },
      municipalities: { type: "string" },
      out: { type: "string" },
      relatives: { type: "string" },
      "time-limit": { type: "string" },
      gap: { type: "string" },
      effort: { type: "string" },
      strategy: { type: "string" },
      schemas: { type: "boolean" },
    },
  }).values;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message);
  } else {
    console.error(`match failed: ${(error as Error).message ?? String(error)}`);
  }
  process.exit(1);
});
