// Builds the assistant at start-up: the knowledge/ files plus the entries staff added at run time
// (KnowledgeEntry rows), and keeps it in step with those rows while the process runs (sync.ts).
// A broken file or row at start stops the start with one message naming the file (or row) and
// the field; the caller prints it.

import { type Assistant, createAssistant, parseEntry } from "../../core/assistant";
import type { Db } from "../../shared/db";
import { loadKnowledgeBase } from "../../shared/knowledge-files";
import { KnowledgeSync } from "./sync";

export async function loadAssistant(
  db: Db,
  dir = "knowledge",
): Promise<{ assistant: Assistant; sync: KnowledgeSync }> {
  const kb = loadKnowledgeBase(dir);
  const rows = await db.knowledgeEntry.findMany({ orderBy: { createdAt: "asc" } });
  const assistant = createAssistant(
    kb,
    rows.map((row) => parseEntry(row.entry, `KnowledgeEntry ${row.id}`)),
  );
  const sync = new KnowledgeSync(db, assistant);
  sync.seen(rows);
  return { assistant, sync };
}
