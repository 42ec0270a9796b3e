import type { MiddlewareFn } from "telegraf";
import type { StaffRole } from "../../shared/generated/prisma/client";
import { isLanguage } from "../../shared/i18n";
import { findStaff, type Staff } from "../../shared/staff";
import type { BotContext } from "../context";

export type { Staff } from "../../shared/staff";

/** The sender's staff record, looked up once per update and only when a staff feature asks. */
export async function staffOf(ctx: BotContext): Promise<Staff | null> {
  if (ctx.staff !== undefined) return ctx.staff;
  ctx.staff = null;
  if (!ctx.from) return null;
  ctx.staff = await findStaff(ctx.app.db, ctx.app.config.ADMIN_TELEGRAM_IDS, BigInt(ctx.from.id));
  return ctx.staff;
}

/** The sender's staff record when it has one of these roles, else null; says nothing. */
export async function staffWith(ctx: BotContext, ...roles: StaffRole[]): Promise<Staff | null> {
  const staff = await staffOf(ctx);
  return staff && roles.includes(staff.role) ? staff : null;
}

/**
 * The one role check of staff commands and buttons. Anyone else gets exactly the answer to an
 * unknown command (or, for a button, to an old button): a refugee learns nothing about it.
 */
export async function requireStaff(ctx: BotContext, ...roles: StaffRole[]): Promise<Staff | null> {
  const staff = await staffWith(ctx, ...roles);
  if (!staff)
    await ctx.reply(ctx.t(ctx.callbackQuery ? "fallback.stale_button" : "fallback.unknown_command"));
  else speakStaffLanguage(ctx, staff);
  return staff;
}

/** A staff feature answers in the staff member's own language (set with /language), if they have one. */
export function speakStaffLanguage(ctx: BotContext, staff: Staff): void {
  if (!isLanguage(staff.language)) return;
  ctx.lang = staff.language;
  ctx.t = ctx.app.i18n.t(staff.language);
}

/** requireStaff as a middleware, in front of a command. */
export function only(...roles: StaffRole[]): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (await requireStaff(ctx, ...roles)) return next();
  };
}
