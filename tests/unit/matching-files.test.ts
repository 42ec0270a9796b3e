import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { InputFileError, MunicipalityFileError, parseMunicipalities } from "../../core/matching/index";
import { parseHouseholds } from "../../core/matching/io/household-file";
import { csvRecords } from "../../core/matching/io/municipality-file";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** The error a parse throws, so tests can look at its issues and message. */
function failure(run: () => unknown): InputFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

const HEADER =
  "id,name,capacity.persons,capacity.units1to2,capacity.units3to4,capacity.units5plus,capacity.schoolPlaces," +
  "capacity.kindergartenPlaces,capacity.accessibleUnits,services.medicalSpecialties,services.languageCourses," +
  "services.integrationCourses,services.welcomeClasses,services.jobSectors,services.ukrainianCommunity," +
  "services.citySize,services.petsAllowed";
const row = (id: string, schoolPlaces = "4") =>
  `${id},${id},10,2,2,1,${schoolPlaces},1,1,general;pediatrics,yes,no,true,it;health,500,small,1`;

describe("example files", () => {
  it("hold the pilot's municipalities, and the CSV says the same as the YAML", () => {
    const yaml = parseMunicipalities(read("data/municipalities.example.yaml"), "yaml");
    expect(yaml.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        "braunschweig",
        "duesseldorf",
        "kiel",
        "rottenburg-am-neckar",
        "salzgitter",
        "troisdorf",
      ]),
    );
    expect(yaml.find((m) => m.id === "duesseldorf")?.name).toBe("Düsseldorf");
    expect(yaml.find((m) => m.id === "rottenburg-am-neckar")?.name).toBe("Rottenburg am Neckar");
    expect(parseMunicipalities(read("data/municipalities.example.csv"), "csv")).toEqual(yaml);
  });

  it("has households that all validate", () => {
    expect(parseHouseholds(read("data/households.example.json")).length).toBeGreaterThan(10);
  });
});

describe("municipality file errors", () => {
  it("names the row and the field, and accepts nothing of a bad file", () => {
    const text = [HEADER, row("a"), row("b"), row("c", "-2")].join("\n");
    const error = failure(() => parseMunicipalities(text, "csv"));
    expect(error).toBeInstanceOf(MunicipalityFileError);
    expect(error.message).toBe("row 3, field capacity.schoolPlaces: expected a number ≥ 0");
    expect(error.issues).toEqual([
      { row: 3, field: "capacity.schoolPlaces", message: "expected a number ≥ 0" },
    ]);
  });

  it("reports text where a number belongs, a missing cell and a bad list item", () => {
    const bad = row("b").replace("it;health", "it;space").replace(",500,", ",,");
    const text = [HEADER, row("a").replace(",10,", ",ten,"), bad].join("\n");
    expect(failure(() => parseMunicipalities(text, "csv")).issues).toEqual([
      { row: 1, field: "capacity.persons", message: "expected a number ≥ 0" },
      { row: 2, field: "services.jobSectors", message: expect.stringContaining("expected one of") },
      { row: 2, field: "services.ukrainianCommunity", message: "missing (expected a number ≥ 0)" },
    ]);
  });

  it("rejects unknown columns, unknown fields, duplicate ids and more accessible units than units", () => {
    expect(failure(() => parseMunicipalities(`${HEADER},capacity.beds\n${row("a")},3`, "csv")).message).toBe(
      "field capacity.beds: unknown column in the header",
    );
    const yaml = parseMunicipalities(read("data/municipalities.example.yaml"), "yaml");
    const withExtra = JSON.stringify([{ ...yaml[0], capacity: { ...yaml[0]?.capacity, beds: 3 } }]);
    expect(failure(() => parseMunicipalities(withExtra, "json")).message).toBe(
      "row 1, field capacity.beds: unknown field",
    );
    expect(failure(() => parseMunicipalities([HEADER, row("a"), row("a")].join("\n"), "csv")).message).toBe(
      'row 2, field id: duplicate id "a" (also row 1)',
    );
    const crowded = JSON.stringify([{ ...yaml[0], capacity: { ...yaml[0]?.capacity, accessibleUnits: 99 } }]);
    expect(failure(() => parseMunicipalities(crowded, "json")).issues[0]).toMatchObject({
      row: 1,
      field: "capacity.accessibleUnits",
    });
  });

  it("numbers YAML list entries from 1 and names list elements", () => {
    const text = read("data/municipalities.example.yaml").replace(
      "medicalSpecialties: [general, pediatrics]",
      "medicalSpecialties: [general, podiatry]",
    );
    expect(failure(() => parseMunicipalities(text, "yaml")).issues).toEqual([
      {
        row: 4,
        field: "services.medicalSpecialties[1]",
        message: expect.stringContaining("expected one of"),
      },
    ]);
  });

  it("says where YAML and JSON are broken", () => {
    expect(
      failure(() => parseMunicipalities("municipalities:\n  - id: [unclosed\n", "yaml")).message,
    ).toMatch(/^not valid YAML \(line \d+, column \d+\)/);
    // The whole message, where it is and what is there, not a sentence cut off at its colon.
    expect(failure(() => parseMunicipalities("a: b: c\n", "yaml")).message).toBe(
      'not valid YAML (line 1, column 4): Nested mappings are not allowed in compact mappings near "a: b: c"',
    );
    expect(failure(() => parseMunicipalities("{", "json")).message).toMatch(/^not valid JSON/);
    expect(failure(() => parseMunicipalities("just: text", "yaml")).message).toBe(
      "expected a list of municipalities",
    );
  });

  it("reads quoted CSV cells with commas, quotes and line breaks", () => {
    expect(csvRecords('a,"b, c","say ""hi""","two\nlines"\r\nx,y,z,w\n\n')).toEqual([
      ["a", "b, c", 'say "hi"', "two\nlines"],
      ["x", "y", "z", "w"],
    ]);
  });
});

describe("households file errors", () => {
  it("names the household row and the field", () => {
    const households = JSON.parse(read("data/households.example.json"));
    households[1].importance.work = 5;
    households[2].registeredAt = "yesterday";
    const error = failure(() => parseHouseholds(JSON.stringify({ households })));
    expect(error.issues.map((i) => `${i.row}:${i.field}`)).toEqual(["2:importance.work", "3:registeredAt"]);
  });
});

const run = promisify(execFile);
const tsx = path.join(root, "node_modules", ".bin", "tsx");

describe("npm run match", () => {
  it("prints one line naming file, row and field for bad input, and exits with 1", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "match-"));
    const file = path.join(dir, "towns.csv");
    writeFileSync(file, [HEADER, row("a"), row("b"), row("c", "lots")].join("\n"));
    const failed = await run(
      tsx,
      ["scripts/match.ts", "--households", "data/households.example.json", "--municipalities", file],
      {
        cwd: root,
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(`${file}: row 3, field capacity.schoolPlaces: expected a number ≥ 0`);
  }, 30_000);

  it("matches the example files and writes the full result", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "match-")), "result.json");
    const { stdout } = await run(
      tsx,
      [
        "scripts/match.ts",
        "--households",
        "data/households.example.json",
        "--municipalities",
        "data/municipalities.example.yaml",
        "--out",
        out,
      ],
      { cwd: root },
    );
    expect(stdout).toContain("first come, first served");
    const result = JSON.parse(readFileSync(out, "utf8"));
    // the summary table compares the methods on justified envy too, as the round report does
    expect(stdout).toContain("justified envy");
    const fcfsRow = stdout.split("\n").find((l) => l.startsWith("first come, first served"));
    expect(fcfsRow?.split(/\s{2,}/)).toContain(String(result.fcfs.metrics.justifiedEnvy));
    expect(Object.keys(result)).toEqual(["optimal", "fcfs", "deferredAcceptance"]);
    expect(result.optimal.solver.welfare.status).toBe("optimal");
    // Unplaced households by their reasons and counts, never one entry per municipality.
    for (const key of ["optimal", "fcfs", "deferredAcceptance"]) {
      expect(result[key].unplacedReasons.length).toBe(result[key].unplaced.length);
      for (const u of result[key].unplacedReasons) {
        expect(u).not.toHaveProperty("byMunicipality");
        expect(u.reasonCounts.length).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  const cli = (...args: string[]) =>
    run(tsx, ["scripts/match.ts", ...args], { cwd: root }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const examples = ["--households", "data/households.example.json", "--municipalities"];

  it("refuses a file without municipalities with a clear error, exit code 1", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "match-")), "none.yaml");
    writeFileSync(file, "municipalities: []\n");
    const failed = await cli(...examples, file);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(`${file}: no municipalities in the file: nobody can be placed`);
  }, 30_000);

  it("checks --out before computing, and rejects an unknown --strategy", async () => {
    const out = path.join(tmpdir(), "no-such-dir-16", "result.json");
    const failed = await cli(...examples, "data/municipalities.example.yaml", "--out", out);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stderr).toContain(`${out}: cannot write the file (ENOENT)`);
    expect(failed.stderr).not.toContain("computing");
    const strategy = await cli(...examples, "data/municipalities.example.yaml", "--strategy", "fast");
    expect(strategy.stderr.trim()).toBe("--strategy: expected exact or decomposition");
  }, 30_000);

  it("runs the strategy asked for and shows progress in whole percent", async () => {
    const done = await cli(
      ...examples,
      "data/municipalities.example.yaml",
      "--strategy",
      "decomposition",
      "--effort",
      "0.05",
    );
    expect(done.stdout).toContain("optimal (decomposition)");
    const shown = [...done.stderr.matchAll(/computing… ([\d.]+)%/g)].map((m) => m[1] as string);
    expect(shown.length).toBeGreaterThan(2);
    for (const p of shown) expect(p).toMatch(/^\d+$/);
  }, 120_000);
});
