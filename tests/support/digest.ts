import type { Db } from "../../shared/db";
import type { DeliveryPayload } from "../../shared/delivery";

const PREFIX = "staff.digest.";

/**
 * The counts in the staff digests stored for one chat (worker/jobs/staff-digest.ts), oldest
 * first: one record per digest, e.g. { registered: 1, declined: 0, expired: 0, waiting: 1 }.
 */
export async function storedDigests(db: Db, chatId: bigint): Promise<Record<string, number>[]> {
  const rows = await db.delivery.findMany({
    where: { kind: "staff-notice", chatId },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) =>
    Object.fromEntries(
      (r.payload as DeliveryPayload).parts.flatMap((p) =>
        "key" in p && p.key.startsWith(PREFIX) && p.params?.count !== undefined
          ? [[p.key.slice(PREFIX.length), Number(p.params.count)]]
          : [],
      ),
    ),
  );
}
