import type { MiddlewareFn } from "telegraf";
import type { StaffRole } from "../../shared/generated/prisma/client";
import type { BotContext } from "../context";

/** What the bot knows of a staff member; env admins have no row until they act. */
export interface Staff {
  id: string;
  role: StaffRole;
  municipalityId: string | null;
  telegramId: bigint;
}

/**
 * The sender's staff role: ADMIN_TELEGRAM_IDS first, then the StaffMember table. Looked up only
 * when a staff command or button needs it (refugees' updates cost no extra query), once per update.
 */
export async function staffOf(ctx: BotContext): Promise<Staff | null> {
  if (ctx.staff !== undefined) return ctx.staff;
  ctx.staff = null;
  const from = ctx.from;
  if (!from) return null;
  const telegramId = BigInt(from.id);
  const member = await ctx.app.db.staffMember.findUnique({ where: { telegramId } });
  if (ctx.app.config.ADMIN_TELEGRAM_IDS.includes(telegramId)) {
    ctx.staff = { id: member?.id ?? `telegram:${from.id}`, role: "admin", municipalityId: null, telegramId };
  } else if (member) {
    ctx.staff = { id: member.id, role: member.role, municipalityId: member.municipalityId, telegramId };
  }
  return ctx.staff;
}

/** The sender's staff record when it has one of these roles, else null. */
export async function staffWith(ctx: BotContext, ...roles: StaffRole[]): Promise<Staff | null> {
  const staff = await staffOf(ctx);
  return staff && roles.includes(staff.role) ? staff : null;
}

/**
 * Lets only these roles through. Anyone else gets exactly the answer to an unknown command:
 * a refugee who types a staff command learns nothing about it.
 */
export function only(...roles: StaffRole[]): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (await staffWith(ctx, ...roles)) return next();
    await ctx.reply(ctx.t("fallback.unknown_command"));
  };
}

/** Caseworkers and admins see every municipality; city staff only their own. */
export function canSeeMunicipality(staff: Staff, municipalityId: string): boolean {
  return staff.role !== "city_staff" || staff.municipalityId === municipalityId;
}
