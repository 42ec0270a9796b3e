// Public API of the information assistant: load the knowledge base, build the assistant, search,
// read an entry, add entries at runtime. Pure: the bot decides what to send and when to hand over.
//
//   const kb = parseKnowledgeBase(files);  // files read by shared/knowledge-files.ts; throws KnowledgeBaseError
//   const assistant = createAssistant(kb, entriesFromDb);
//   const r = assistant.search(text, { lang: "uk", municipalityId: "kiel" });
//   if (r.confident && r.best) send(assistant.entry(r.best.id, "uk", "kiel")?.answer) else handOver();

import type { Language } from "../languages";
import { type Entry, type EntryInput, type KnowledgeBase, parseEntry } from "./knowledge";
import {
  type Confidence,
  DEFAULT_CONFIDENCE,
  KnowledgeIndex,
  type SearchOptions,
  type SearchResult,
} from "./search";

export { type CrisisKind, type CrisisMatch, detectCrisis, type MedicalSign } from "./crisis";
export {
  type Entry,
  type EntryInput,
  type KnowledgeBase,
  KnowledgeBaseError,
  type KnowledgeFile,
  type KnowledgeFiles,
  parseEntry,
  parseKnowledgeBase,
  type Translation,
} from "./knowledge";
export { detectLanguage, type LanguageHint } from "./language";
export {
  type Confidence,
  DEFAULT_CONFIDENCE,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type Signals,
} from "./search";
export { toCyrillic } from "./transliterate";

/** One entry in one language, ready to send. */
export interface EntryView {
  id: string;
  lang: Language;
  question: string;
  answer: string;
  municipalityId: string | null;
  /** Set when the entry is not written in `lang`: the language its text is in (say so to the reader). */
  writtenIn: Language | null;
}

export interface Assistant {
  /** Finds the best entries for a free-text question. Never throws; empty text → no result. */
  search(query: string, opts: SearchOptions): SearchResult;
  /**
   * An entry in a language, or null if unknown — or if it belongs to a municipality other than
   * `municipalityId` (a forged or stale button must not reveal another city's entries).
   */
  entry(id: string, lang: Language, municipalityId?: string | null): EntryView | null;
  /** Adds (or replaces, by id) an entry at runtime, e.g. one staff wrote from a good answer. Validated. */
  addEntry(entry: EntryInput | Entry): Entry;
  /** Removes an entry added earlier (or loaded); false if there was none. */
  removeEntry(id: string): boolean;
  /** Every entry currently searchable, general and municipal. */
  entries(): Entry[];
}

export interface AssistantOptions {
  confidence?: Confidence;
}

/**
 * Builds the assistant from the loader's output plus extra entries (plain objects in the same
 * schema, e.g. stored in the database). Extra entries are validated and replace loaded entries
 * with the same id.
 */
export function createAssistant(
  kb: KnowledgeBase | { entries: readonly Entry[] },
  extra: readonly (EntryInput | Entry)[] = [],
  options: AssistantOptions = {},
): Assistant {
  const index = new KnowledgeIndex(kb.entries, options.confidence ?? DEFAULT_CONFIDENCE);
  for (const [i, raw] of extra.entries()) index.put(parseEntry(raw, `extra[${i}]`));

  return {
    search: (query, opts) => index.search(query, opts),
    entry(id, lang, municipalityId = null) {
      const found = index.get(id);
      if (!found) return null;
      if (found.municipalityId !== null && found.municipalityId !== municipalityId) return null;
      const written = found.languages;
      const shown = !written || written.includes(lang) ? lang : (written[0] ?? lang);
      const t = found.translations[shown];
      return {
        id,
        lang,
        question: t.question,
        answer: t.answer,
        municipalityId: found.municipalityId,
        writtenIn: shown === lang ? null : shown,
      };
    },
    addEntry(raw) {
      const entry = parseEntry(raw, `entry ${typeof raw?.id === "string" ? raw.id : "(no id)"}`);
      index.put(entry);
      return entry;
    },
    removeEntry: (id) => index.remove(id),
    entries: () => index.all(),
  };
}
