// Questions that went to a person, grouped so staff see what to write next: by the entry search
// found nearest when there was one, else by shared meaningful words (stemmed, per language).
// Pure; the database side is shared/knowledge-insights.ts.

import type { Language } from "../languages";
import { terms } from "./language";

export interface HandedOver {
  id: string;
  text: string;
  lang: Language;
  nearestEntryId: string | null;
}

export interface QuestionGroup {
  /** the entry these questions were nearest to, or null: a topic without an entry */
  nearestEntryId: string | null;
  /** the words most of them share (stems), most frequent first */
  words: string[];
  ids: string[];
}

/** Two questions share a topic when this share of their words is common (Jaccard). */
const SIMILAR = 0.3;
const WORDS_SHOWN = 5;

function jaccard(a: Set<string>, b: Set<string>): number {
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  const union = a.size + b.size - common;
  return union === 0 ? 0 : common / union;
}

function topWords(sets: Set<string>[]): string[] {
  const counts = new Map<string, number>();
  for (const s of sets) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, WORDS_SHOWN)
    .map(([t]) => t);
}

/** Groups, largest first (ties: those with an entry first, by its id, then by the first question's id). */
export function groupQuestions(questions: HandedOver[]): QuestionGroup[] {
  const byEntry = new Map<string, { ids: string[]; sets: Set<string>[] }>();
  const loose: { ids: string[]; sets: Set<string>[]; all: Set<string> }[] = [];
  for (const q of questions) {
    const words = new Set(terms(q.text, q.lang));
    if (q.nearestEntryId) {
      const g = byEntry.get(q.nearestEntryId) ?? { ids: [], sets: [] };
      g.ids.push(q.id);
      g.sets.push(words);
      byEntry.set(q.nearestEntryId, g);
      continue;
    }
    const similar = loose.find((g) => jaccard(g.all, words) >= SIMILAR);
    if (similar) {
      similar.ids.push(q.id);
      similar.sets.push(words);
      for (const t of words) similar.all.add(t);
    } else loose.push({ ids: [q.id], sets: [words], all: new Set(words) });
  }
  const groups: QuestionGroup[] = [
    ...[...byEntry].map(([id, g]) => ({ nearestEntryId: id, words: topWords(g.sets), ids: g.ids })),
    ...loose.map((g) => ({ nearestEntryId: null, words: topWords(g.sets), ids: g.ids })),
  ];
  const entryFirst = (g: QuestionGroup) => (g.nearestEntryId === null ? 1 : 0);
  return groups.sort(
    (a, b) =>
      b.ids.length - a.ids.length ||
      entryFirst(a) - entryFirst(b) ||
      (a.nearestEntryId ?? "").localeCompare(b.nearestEntryId ?? "") ||
      (a.ids[0] ?? "").localeCompare(b.ids[0] ?? ""),
  );
}
