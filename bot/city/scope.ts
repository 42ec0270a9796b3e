import { scopeOf } from "../../shared/staff";
import type { BotContext } from "../context";
import { requireStaff, staffWith } from "../staff/access";

export interface CityScope {
  staffId: string;
  municipalityId: string;
}

/**
 * The municipality a staff member acts for in the city features (shared/staff.ts `scopeOf`):
 * city staff their own; an admin the one their staff row is bound to (`/grant <own id> city <id>`).
 * Anyone else gets the unknown-command answer; staff without a city are told so.
 */
export async function cityScope(ctx: BotContext): Promise<CityScope | null> {
  const staff = await requireStaff(ctx, "city_staff", "admin");
  if (!staff) return null;
  const { municipalityId } = scopeOf(staff);
  if (!municipalityId) {
    await ctx.reply(ctx.t("arrival.staff.no_city"));
    return null;
  }
  return { staffId: staff.id, municipalityId };
}

/** Like cityScope, but says nothing to people who are not city staff (free text goes on). */
export async function cityScopeQuietly(ctx: BotContext): Promise<CityScope | null> {
  if (!(await staffWith(ctx, "city_staff", "admin"))) return null;
  return cityScope(ctx);
}
