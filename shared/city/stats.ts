import type { BroadcastStats } from "../console-api/city";
import type { Db } from "../db";

/**
 * One grouped count over the broadcast's rows, each recipient counted once by its latest row
 * (a "send again" adds a row for those it did not reach): the rows are the truth.
 */
export async function broadcastStats(db: Db, broadcastId: string): Promise<BroadcastStats> {
  const groups = await db.$queryRaw<{ status: string; n: bigint }[]>`
    SELECT status::text AS status, count(*) AS n
    FROM (
      SELECT DISTINCT ON ("chatId") status FROM "Delivery"
      WHERE "broadcastId" = ${broadcastId}
      ORDER BY "chatId", "createdAt" DESC
    ) latest
    GROUP BY 1`;
  const n = (s: string) => Number(groups.find((g) => g.status === s)?.n ?? 0);
  const delivered = n("sent");
  const failed = n("failed");
  const unknown = n("unknown");
  const blocked = n("blocked");
  const pending = n("pending") + n("sending");
  return {
    total: delivered + failed + unknown + blocked + pending,
    sent: delivered + failed + unknown + blocked,
    delivered,
    failed,
    blocked,
    unknown,
    pending,
  };
}
