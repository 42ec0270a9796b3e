import type { BotContext } from "../context";
import { staffWith } from "../staff/access";

/**
 * The municipality a staff member works for. City staff are bound to one; an admin acts for a
 * municipality only when their staff row is bound to one (`/grant <own id> city <id>`).
 * Every query of the city features is filtered by it: staff never see another city's people.
 */
export async function cityOf(ctx: BotContext): Promise<{ staffId: string; municipalityId: string } | null> {
  const staff = await staffWith(ctx, "city_staff", "admin");
  if (!staff) return null;
  let municipalityId = staff.municipalityId;
  if (!municipalityId && staff.role === "admin") {
    const row = await ctx.app.db.staffMember.findUnique({ where: { telegramId: staff.telegramId } });
    municipalityId = row?.municipalityId ?? null;
  }
  if (!municipalityId) {
    await ctx.reply(ctx.t("arrival.staff.no_city"));
    return null;
  }
  return { staffId: staff.id, municipalityId };
}
