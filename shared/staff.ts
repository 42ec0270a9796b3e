import type { Db } from "./db";
import type { StaffRole } from "./generated/prisma/client";

/** What the processes know of a staff member; env admins have no row until they act. */
export interface Staff {
  id: string;
  role: StaffRole;
  /** the municipality a city staff member works for (an admin's, when their row is bound to one) */
  municipalityId: string | null;
  telegramId: bigint;
  language: string | null;
}

/**
 * The staff member behind a Telegram id: ADMIN_TELEGRAM_IDS first, then the StaffMember table.
 * Admins come only from ADMIN_TELEGRAM_IDS: a row that says admin (left by an older version, or
 * of an id since removed from the list) gives no power at all. Null for everyone else (refugees).
 */
export async function findStaff(
  db: Db,
  adminIds: readonly bigint[],
  telegramId: bigint,
): Promise<Staff | null> {
  const member = await db.staffMember.findUnique({ where: { telegramId } });
  const base = {
    municipalityId: member?.municipalityId ?? null,
    telegramId,
    language: member?.language ?? null,
  };
  if (adminIds.includes(telegramId))
    return { id: member?.id ?? `telegram:${telegramId}`, role: "admin", ...base };
  return member && member.role !== "admin" ? { id: member.id, role: member.role, ...base } : null;
}

/**
 * Which municipalities a staff member sees, and which one they act for. Caseworkers and admins
 * see every municipality; city staff only their own. The city features act for `municipalityId`
 * (city staff: their own; an admin: the one their staff row is bound to, if any).
 */
export interface Scope {
  seesAll: boolean;
  municipalityId: string | null;
}

export function scopeOf(staff: Staff): Scope {
  return { seesAll: staff.role !== "city_staff", municipalityId: staff.municipalityId };
}

/** Whether something of this municipality (null: of nobody's city yet) is visible in this scope. */
export function canSee(scope: Scope, municipalityId: string | null): boolean {
  return scope.seesAll || (municipalityId !== null && municipalityId === scope.municipalityId);
}
