import type { Db } from "./db";
import type { Prisma } from "./generated/prisma/client";

/**
 * Records a staff action: who (staff id or "telegram:<id>" for env admins), what, on what.
 * Details hold ids and counts, never answers or names.
 */
export async function audit(
  db: Db,
  actorId: string,
  action: string,
  target?: string,
  details?: Prisma.InputJsonValue,
): Promise<void> {
  await db.auditLog.create({ data: { actorId, action, target: target ?? null, details } });
}
