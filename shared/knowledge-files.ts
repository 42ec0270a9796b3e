import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type KnowledgeBase, type KnowledgeFile, parseKnowledgeBase } from "../core/assistant";

/**
 * Reads the knowledge folder (`<dir>/general/*.yaml`, `<dir>/municipalities/<id>.yaml`) and
 * hands the texts to the pure parser in core/assistant. Throws KnowledgeBaseError listing every
 * problem by file and field.
 */
export function loadKnowledgeBase(dir = "knowledge"): KnowledgeBase {
  const files: KnowledgeFile[] = [];
  const missing: string[] = [];
  for (const { sub, municipal } of [
    { sub: "general", municipal: false },
    { sub: "municipalities", municipal: true },
  ]) {
    const folder = join(dir, sub);
    if (!isDirectory(folder)) {
      if (!municipal) missing.push(show(folder));
      continue;
    }
    for (const name of readdirSync(folder)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      files.push({
        path: show(dir, sub, name),
        name,
        municipal,
        text: readFileSync(join(folder, name), "utf8"),
      });
    }
  }
  return parseKnowledgeBase({ files, missing });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Posix-style display path, whatever the platform. */
function show(...parts: string[]): string {
  return join(...parts).replaceAll("\\", "/");
}
