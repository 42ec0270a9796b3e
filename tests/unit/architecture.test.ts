import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout's import rules (docs/architecture.md), read from the code itself: the processes
 * never import each other; shared/ and core/ import neither; core/ imports only core/; the
 * console's browser client imports only itself and the API shapes (shared/console-api, types
 * only, importing only each other); and no module imports itself through a cycle.
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

  it("lets the browser client read only itself and the console's API shapes", () => {
    const CONTRACT = path.join("shared", "console-api");
    const CLIENT = path.join("web", "client");
    const broken: string[] = [];
    for (const [file, targets] of graph) {
      const inside = file.startsWith(CONTRACT) ? CONTRACT : file.startsWith(CLIENT) ? CLIENT : null;
      if (!inside) continue;
      for (const target of targets) if (!target.startsWith(inside)) broken.push(`${file} → ${target}`);
      // the shapes are types only: nothing of them reaches the browser's bundle or the server's run
      const text = readFileSync(path.join(ROOT, file), "utf8");
      if (inside === CONTRACT && /^export (const|function|class|let|enum)\b/m.test(text))
        broken.push(`${file} has a value`);
    }
    for (const file of files(path.join(CLIENT, "src"))) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(/import (type )?[^"']*from\s*["']@api\/([^"']+)["']/g)) {
        if (!m[1]) broken.push(`${file} imports a value from @api/${m[2]}`);
        else if (!resolve(path.join(CONTRACT, "x.ts"), `./${m[2]}`)) broken.push(`${file}: no @api/${m[2]}`);
      }
    }
    expect(graph.has(path.join(CONTRACT, "city.ts"))).toBe(true);
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
