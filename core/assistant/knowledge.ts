// Knowledge base content: the zod schema of an entry and the parser of the YAML files in
// knowledge/. Pure: the files are read by an adapter (shared/knowledge-files.ts) and handed in
// as text; no file system, no Telegram, no database.
//
// Layout (see docs/assistant.md):
//   knowledge/general/<topic>.yaml               entries everyone can find
//   knowledge/municipalities/<municipality>.yaml entries only people placed there can find
// Each file is `entries: [ { id, keywords?, translations: { uk, ru, en, de, pl } } ]`, and each
// translation is `{ question, alternatives?, answer }`.

import { parseDocument } from "yaml";
import { type ZodError, z } from "zod";
import { LANGUAGES } from "../languages";

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
  /**
   * The languages the entry is really written in (an entry staff made from one answer); the
   * other translations carry the text of the first of them until someone translates it.
   * Absent: all five.
   */
  languages: z.array(z.enum(LANGUAGES)).min(1).optional(),
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

/** One knowledge file as read by an adapter: where it is, and its text. */
export interface KnowledgeFile {
  /** display path, e.g. knowledge/general/housing.yaml */
  path: string;
  /** the file name, e.g. housing.yaml or kiel.yaml */
  name: string;
  /** entries of knowledge/municipalities/<id>.yaml are only for people placed there */
  municipal: boolean;
  text: string;
}

/** The files of one knowledge folder, as an adapter found them (null: the general folder is missing). */
export interface KnowledgeFiles {
  files: KnowledgeFile[];
  missing?: string[];
}

/**
 * Validates every file (general first, then municipal, each in name order) and returns the
 * entries. Collects all problems (YAML syntax, schema, duplicate ids, file names) and throws
 * one KnowledgeBaseError listing each by file and field, so staff can fix them in one go.
 */
export function parseKnowledgeBase(input: KnowledgeFiles): KnowledgeBase {
  const problems: string[] = (input.missing ?? []).map((folder) => `${folder}: folder not found`);
  const entries: Entry[] = [];
  const files: string[] = [];
  const seen = new Map<string, string>();
  for (const source of input.files) {
    const file = source.path;
    files.push(file);
    const municipalityId = source.municipal ? source.name.replace(/\.ya?ml$/, "") : null;
    if (municipalityId !== null && !slug.test(municipalityId)) {
      problems.push(`${file}: file name must be a municipality id such as braunschweig.yaml`);
      continue;
    }
    const doc = parseDocument(source.text, { prettyErrors: true });
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
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return { entries, files };
}
