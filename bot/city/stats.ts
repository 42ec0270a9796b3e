import type { Db } from "../../shared/db";

export interface BroadcastStats {
  total: number;
  /** handed to Telegram and answered: delivered + failed + blocked */
  sent: number;
  /** Telegram accepted it (has a message id) */
  delivered: number;
  failed: number;
  blocked: number;
  /** waiting for its time or its turn, or in flight right now */
  pending: number;
}

/** One grouped count over the broadcast's rows: the rows are the truth, nothing is counted twice. */
export async function broadcastStats(db: Db, broadcastId: string): Promise<BroadcastStats> {
  const groups = await db.delivery.groupBy({
    by: ["status"],
    where: { broadcastId },
    _count: { _all: true },
  });
  const n = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const delivered = n("sent");
  const failed = n("failed");
  const blocked = n("blocked");
  const pending = n("pending") + n("sending");
  return {
    total: delivered + failed + blocked + pending,
    sent: delivered + failed + blocked,
    delivered,
    failed,
    blocked,
    pending,
  };
}
