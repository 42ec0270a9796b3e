// Knowledge base content: the zod schema of an entry and the loader of the YAML files in
// knowledge/. Pure apart from reading the directory it is given; no Telegram, no database.
//
// Layout (see docs/assistant.md):
//   knowledge/general/<topic>.yaml               entries everyone can find
//   knowledge/municipalities/<municipality>.yaml entries only people placed there can find
// Each file is `entries: [ { id, keywords?, translations: { uk, ru, en, de, pl } } ]`, and each
// translation is `{ question, alternatives?, answer }`.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { type ZodError, z } from "zod";

export const LANGS = ["uk", "ru", "en", "de", "pl"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** Entry ids become Telegram callback data, so they are short and ASCII. */
export const ENTRY_ID_MAX = 48;
/** Telegram sends plain text; people read on a phone. Longer answers belong in two entries. */
export const ANSWER_MAX = 900;

const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** Short texts where YAML may read a bare number (`- 112`, `- 2027`): taken as text. */
const shortText = (max: number) => z.preprocess((v) => (typeof v === "number" ? String(v) : v), text(max));

export const translationSchema = z.strictObject({
  question: text(200),
  alternatives: z.array(shortText(200)).default([]),
  answer: text(ANSWER_MAX).refine((answer) => !/^\s*#/m.test(answer), {
    message: "must be plain text: no markdown headings (lines starting with #)",
  }),
});

const translationsSchema = z.strictObject({
  uk: translationSchema,
  ru: translationSchema,
  en: translationSchema,
  de: translationSchema,
  pl: translationSchema,
});

const idSchema = z
  .string()
  .max(ENTRY_ID_MAX, `must be at most ${ENTRY_ID_MAX} characters`)
  .regex(slug, "must be lowercase words joined by hyphens, e.g. registration-anmeldung");

/** An entry as written in a YAML file (the municipality comes from the file name). */
const fileEntrySchema = z.strictObject({
  id: idSchema,
  /** Language-neutral search terms, indexed in every language (official German words, acronyms). */
  keywords: z.array(shortText(60)).default([]),
  translations: translationsSchema,
});

/** The file's shape; each entry is then validated on its own, so one bad entry hides no others. */
const fileSchema = z.strictObject({
  entries: z.array(z.unknown()),
});

/** An entry as plain data: from the loader, or added at runtime (e.g. stored in the database). */
export const entrySchema = fileEntrySchema.extend({
  municipalityId: z
    .string()
    .regex(slug, "must be a municipality id such as braunschweig")
    .nullable()
    .default(null),
});

export type Translation = z.output<typeof translationSchema>;
export type Entry = z.output<typeof entrySchema>;
/** What callers may pass to `addEntry`: defaults (alternatives, keywords, municipalityId) optional. */
export type EntryInput = z.input<typeof entrySchema>;

export interface KnowledgeBase {
  entries: Entry[];
  /** Files read, in load order, for diagnostics. */
  files: string[];
}

/** Every problem found while loading, one line each: `<file>: <path>: <message>`. */
export class KnowledgeBaseError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Knowledge base has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
    this.name = "KnowledgeBaseError";
    this.problems = problems;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const typeNames: Record<string, string> = {
  string: "text",
  array: "a list",
  object: "a mapping (key: value)",
  number: "a number",
  boolean: "true or false",
};

/** zod issues → `entries[3].translations.pl.answer: required`. */
export function formatZodError(error: ZodError, prefix: string, basePath: PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) {
    const where = formatPath([...basePath, ...issue.path]);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        lines.push(`${prefix}${where ? `${where}.` : ""}${key}: unknown field`);
      }
      continue;
    }
    lines.push(`${prefix}${where || "(file)"}: ${issue.message}`);
  }
  return lines;
}

const parseOptions = {
  error: (issue: { code?: string; input?: unknown; expected?: unknown }) => {
    if (issue.code === "invalid_type") {
      if (issue.input === undefined) return "required";
      return `must be ${typeNames[String(issue.expected)] ?? String(issue.expected)}`;
    }
    return undefined;
  },
};

/** Validates one entry given as plain data (e.g. from the database). Throws KnowledgeBaseError. */
export function parseEntry(input: unknown, source = "entry"): Entry {
  const result = entrySchema.safeParse(input, parseOptions);
  if (!result.success) throw new KnowledgeBaseError(formatZodError(result.error, `${source}: `));
  return result.data;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
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

/**
 * Reads every file under `<dir>/general` and `<dir>/municipalities`, validates it and returns
 * the entries. Collects all problems (YAML syntax, schema, duplicate ids, file names) and throws
 * one KnowledgeBaseError listing each by file and field, so staff can fix them in one go.
 */
export function loadKnowledgeBase(dir = "knowledge"): KnowledgeBase {
  const problems: string[] = [];
  const entries: Entry[] = [];
  const files: string[] = [];
  const seen = new Map<string, string>();

  const sources: { sub: string; municipal: boolean }[] = [
    { sub: "general", municipal: false },
    { sub: "municipalities", municipal: true },
  ];
  for (const { sub, municipal } of sources) {
    const folder = join(dir, sub);
    if (!isDirectory(folder)) {
      if (!municipal) problems.push(`${show(folder)}: folder not found`);
      continue;
    }
    for (const name of yamlFiles(folder)) {
      const file = show(dir, sub, name);
      files.push(file);
      const municipalityId = municipal ? name.replace(/\.ya?ml$/, "") : null;
      if (municipalityId !== null && !slug.test(municipalityId)) {
        problems.push(`${file}: file name must be a municipality id such as braunschweig.yaml`);
        continue;
      }
      const doc = parseDocument(readFileSync(join(folder, name), "utf8"), { prettyErrors: true });
      if (doc.errors.length > 0) {
        for (const err of doc.errors) {
          const line = err.linePos?.[0];
          problems.push(
            `${file}${line ? `:${line.line}:${line.col}` : ""}: YAML syntax error: ${err.message.split("\n")[0]}`,
          );
        }
        continue;
      }
      const data = doc.toJS() ?? {};
      const parsed = fileSchema.safeParse(data, parseOptions);
      if (!parsed.success) {
        problems.push(...formatZodError(parsed.error, `${file}: `));
        continue;
      }
      parsed.data.entries.forEach((item, i) => {
        const result = fileEntrySchema.safeParse(item, parseOptions);
        if (!result.success) {
          problems.push(...formatZodError(result.error, `${file}: `, ["entries", i]));
          return;
        }
        const entry = result.data;
        const previous = seen.get(entry.id);
        if (previous) {
          problems.push(`${file}: entries[${i}].id: duplicate id "${entry.id}" (also in ${previous})`);
          return;
        }
        seen.set(entry.id, file);
        entries.push({ ...entry, municipalityId });
      });
    }
  }
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return { entries, files };
}
