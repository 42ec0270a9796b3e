import { Composer } from "telegraf";
import { householdRef, parseHouseholdRef } from "../../core/reference";
import { audit } from "../../shared/audit";
import { preArrivalFor } from "../../shared/pre-arrival";
import { scopeOf } from "../../shared/staff";
import type { BotContext } from "../context";
import { staffPreArrivalBlock } from "../pre-arrival/render";
import { requireStaff } from "../staff/access";

/**
 * `/household #8F5085`: a caseworker (or admin) looks up one household by its reference, any case:
 * its status, its city, and the pre-arrival data it confirmed (names as in the passport, dates of
 * birth, phone). Reading it is audited (ids only).
 */
export const household = new Composer<BotContext>();

household.command("household", async (ctx) => {
  const staff = await requireStaff(ctx, "caseworker", "admin");
  if (!staff) return;
  const typed = ctx.message.text.split(/\s+/)[1] ?? "";
  const suffix = parseHouseholdRef(typed);
  if (!suffix) return ctx.reply(ctx.t("prearrival.household_usage"));
  const found = await ctx.app.db.intake.findMany({
    where: { id: { endsWith: suffix } },
    include: { municipality: true },
    take: 2,
  });
  const intake = found.length === 1 ? found[0] : undefined;
  if (!intake) return ctx.reply(ctx.t("arrival.staff.not_found"));
  const view = await preArrivalFor(ctx.app.db, scopeOf(staff), intake.id);
  await audit(ctx.app.db, staff.id, "household.view", intake.id, { preArrival: view !== null });
  await ctx.reply(
    [
      ctx.t("prearrival.household_title", {
        ref: householdRef(intake.id),
        status: ctx.t(`prearrival.status.${intake.status}`),
        city: intake.municipality?.name ?? "—",
      }),
      "",
      staffPreArrivalBlock(ctx.t, view),
    ].join("\n"),
  );
});
