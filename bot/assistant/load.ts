// Builds the assistant once at start-up: the knowledge/ files plus the entries staff added at
// run time (KnowledgeEntry rows). A broken file or row stops the start with one message naming
// the file (or row) and the field; the caller prints it.

import { type Assistant, createAssistant, type Entry, parseEntry } from "../../core/assistant";
import type { Db } from "../../shared/db";
import { loadKnowledgeBase } from "../../shared/knowledge-files";

export async function loadAssistant(db: Db, dir = "knowledge"): Promise<Assistant> {
  const kb = loadKnowledgeBase(dir);
  const rows = await db.knowledgeEntry.findMany({ orderBy: { createdAt: "asc" } });
  const stored: Entry[] = rows.map((row) => parseEntry(row.entry, `KnowledgeEntry ${row.id}`));
  return createAssistant(kb, stored);
}
