// A person's 👍/👎 on an answer, stored for staff (which entries to fix next): one row per answer
// message, not linked to the person. The id is derived from the chat and the answer message, so
// a second tap or a redelivered update is counted once.

import type { Db } from "../../shared/db";

export async function storeFeedback(
  db: Db,
  row: { id: string; entryId: string; helped: boolean; language: string },
): Promise<boolean> {
  try {
    await db.answerFeedback.create({ data: row });
    return true;
  } catch (error) {
    if ((error as { code?: string })?.code === "P2002") return false;
    throw error;
  }
}
