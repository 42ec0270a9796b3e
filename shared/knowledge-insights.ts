// What staff need to decide which knowledge-base entries to write or fix next, as plain data for
// the staff console (issue 10) or any report: the questions handed to a person, grouped
// (core/assistant/groups.ts), and each entry's 👍/👎. Scoped like everything staff see: city
// staff only their municipality's questions. Feedback is anonymous counts.

import { groupQuestions, type QuestionGroup } from "../core/assistant/groups";
import { isLanguage } from "../core/languages";
import type { Db } from "./db";
import { canSee, type Scope } from "./staff";

export interface HandedOverGroup extends QuestionGroup {
  /** how many of them are still waiting for an answer */
  open: number;
  urgent: number;
  /** up to three of the questions, oldest first (personal data: show only to staff in scope) */
  examples: string[];
}

/** Questions handed over since `since`, grouped, largest group first. */
export async function handedOverGroups(db: Db, scope: Scope, since: Date): Promise<HandedOverGroup[]> {
  const rows = await db.supportQuestion.findMany({
    where: { createdAt: { gte: since }, reason: { not: "crisis" } },
    orderBy: { createdAt: "asc" },
    include: { messages: { where: { author: "refugee" }, orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const visible = rows.filter((r) => canSee(scope, r.municipalityId));
  const byId = new Map(visible.map((r) => [r.id, r]));
  const groups = groupQuestions(
    visible.map((r) => ({
      id: r.id,
      text: r.messages[0]?.text ?? "",
      lang: isLanguage(r.language) ? r.language : "en",
      nearestEntryId: r.nearestEntryId,
    })),
  );
  return groups.map((g) => {
    const members = g.ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    return {
      ...g,
      open: members.filter((r) => r.status === "open").length,
      urgent: members.filter((r) => r.urgent).length,
      examples: members.slice(0, 3).map((r) => r.messages[0]?.text ?? ""),
    };
  });
}

export interface EntryFeedback {
  entryId: string;
  helped: number;
  notHelped: number;
}

/** 👍/👎 per entry, the most 👎 first. */
export async function entryFeedback(db: Db, since?: Date): Promise<EntryFeedback[]> {
  const rows = await db.answerFeedback.groupBy({
    by: ["entryId", "helped"],
    _count: { _all: true },
    ...(since ? { where: { createdAt: { gte: since } } } : {}),
  });
  const byEntry = new Map<string, EntryFeedback>();
  for (const row of rows) {
    const e = byEntry.get(row.entryId) ?? { entryId: row.entryId, helped: 0, notHelped: 0 };
    if (row.helped) e.helped += row._count._all;
    else e.notHelped += row._count._all;
    byEntry.set(row.entryId, e);
  }
  return [...byEntry.values()].sort(
    (a, b) => b.notHelped - a.notHelped || a.entryId.localeCompare(b.entryId),
  );
}
