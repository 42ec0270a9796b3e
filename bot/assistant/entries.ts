// Knowledge-base entries staff make in the bot: stored as KnowledgeEntry rows (the truth every
// bot process polls, see sync.ts) and put into this process's assistant at once; translations
// added later by a staff reply. Messages about an entry carry its reference "kb:<id>".

import { type Entry, parseEntry } from "../../core/assistant";
import type { Prisma } from "../../shared/generated/prisma/client";
import { isLanguage, type Language } from "../../shared/i18n";
import type { AppDeps } from "../context";

/** Stores the entry (insert or replace by id) and uses it in this process right away. */
export async function saveEntry(app: AppDeps, entry: Entry, staffId: string): Promise<void> {
  const stored = entry as unknown as Prisma.InputJsonValue;
  await app.db.knowledgeEntry.upsert({
    where: { id: entry.id },
    create: { id: entry.id, entry: stored, createdBy: staffId },
    update: { entry: stored, createdBy: staffId },
  });
  app.assistant.addEntry(entry);
}

/** A stored (staff-made) entry, or null: entries of knowledge/ files are edited in the files. */
export async function storedEntry(app: AppDeps, id: string): Promise<Entry | null> {
  const row = await app.db.knowledgeEntry.findUnique({ where: { id } });
  return row ? parseEntry(row.entry, `KnowledgeEntry ${row.id}`) : null;
}

/** The entry a staff member replied to, from the "kb:<id>" in that message. */
export function parseEntryRef(text: string | undefined): string | null {
  return /(?:^|\s)kb:([a-z0-9]+(?:-[a-z0-9]+)*)/.exec(text ?? "")?.[1] ?? null;
}

export interface Translation {
  lang: Language;
  question: string;
  answer: string;
}

/** "de\nQuestion?\nAnswer …" (or "de: Question?\nAnswer …") → a translation; null if not of that form. */
export function parseTranslation(text: string): Translation | null {
  const m = /^\s*([a-z]{2})\s*[:\n]\s*([^\n]+)\n+([\s\S]+)$/i.exec(text);
  const lang = m?.[1]?.toLowerCase();
  if (!m || !isLanguage(lang)) return null;
  const question = m[2]?.trim() ?? "";
  const answer = m[3]?.trim() ?? "";
  return question && answer ? { lang, question, answer } : null;
}

/** The entry with one more language really written (validated again by the caller's parseEntry). */
export function withTranslation(entry: Entry, t: Translation): Entry {
  const written = new Set<Language>(entry.languages ?? []);
  written.add(t.lang);
  const languages = entry.languages ? [...written] : undefined;
  return {
    ...entry,
    translations: {
      ...entry.translations,
      [t.lang]: { question: t.question, alternatives: [], answer: t.answer },
    },
    ...(languages ? { languages } : {}),
  };
}
