import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout's import rules (docs/architecture.md), read from the code itself: the processes
 * never import each other; shared/ and core/ import neither; core/ imports only core/; and no
 * module imports itself through a cycle.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const PROCESSES = ["bot", "worker", "web"];
const LAYERS = [...PROCESSES, "shared", "core"];

function files(dir: string): string[] {
  const full = path.join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(full);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(path.join(ROOT, rel)).isDirectory()) return files(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return path.normalize(candidate);
    } catch {
      // not this one
    }
  }
  return null;
}

/** Every project file and the project files it imports (type imports included). */
const graph = new Map<string, string[]>();
for (const file of LAYERS.flatMap(files)) {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1] ?? "",
  );
  graph.set(
    file,
    specs.map((s) => resolve(file, s)).filter((t): t is string => t !== null),
  );
}
const layerOf = (file: string) => file.split(path.sep)[0] ?? "";

describe("the layout's import rules", () => {
  it("reads the code", () => {
    expect(graph.size).toBeGreaterThan(50);
  });

  it("keeps the processes apart, and shared/ and core/ free of them", () => {
    const broken: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        const allowed =
          from === "core"
            ? to === "core"
            : from === "shared"
              ? to === "shared" || to === "core"
              : to === from || to === "shared" || to === "core";
        if (!allowed) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("has no import cycles", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
