import { Composer } from "telegraf";
import { z } from "zod";
import { HouseholdAnswers } from "../../../core/answers";
import { type Capacity, DIMENSIONS, type Dimension } from "../../../core/matching/model";
import { householdRef } from "../../../core/reference";
import { audit } from "../../../shared/audit";
import { capacityOf } from "../../../shared/capacity";
import type { Municipality, Prisma } from "../../../shared/generated/prisma/client";
import { type Staff, scopeOf } from "../../../shared/staff";
import { chunk } from "../../../shared/text";
import type { BotContext } from "../../context";
import { requireStaff } from "../../staff/access";

/** City staff: their municipality's capacities (/capacity) and the people coming to it (/people). */
export const cityCapacity = new Composer<BotContext>();

const words = (ctx: BotContext) =>
  (ctx.message && "text" in ctx.message ? ctx.message.text : "").trim().split(/\s+/).slice(1);

/** The city staff member and their own municipality; anyone else is answered and gets null. */
async function ownMunicipality(
  ctx: BotContext,
): Promise<{ staff: Staff; municipality: Municipality } | null> {
  const staff = await requireStaff(ctx, "city_staff");
  if (!staff) return null;
  const id = scopeOf(staff).municipalityId;
  const municipality = id ? await ctx.app.db.municipality.findUnique({ where: { id } }) : null;
  if (!municipality) await ctx.reply(ctx.t("city.no_municipality"));
  return municipality ? { staff, municipality } : null;
}

const change = z.tuple([z.enum(DIMENSIONS), z.coerce.number().int().min(0).max(100_000)]);

async function setCapacity(
  ctx: BotContext,
  staff: Staff,
  m: Municipality,
  dimension: Dimension,
  value: number,
) {
  const total = capacityOf(m.capacity);
  const taken = capacityOf(m.taken);
  if (value < taken[dimension])
    return ctx.reply(ctx.t("city.capacity_below_taken", { taken: taken[dimension] }));
  const next: Capacity = { ...total, [dimension]: value };
  if (next.accessibleUnits > next.units1to2 + next.units3to4 + next.units5plus) {
    return ctx.reply(ctx.t("city.capacity_usage", { dimensions: DIMENSIONS.join("|") }));
  }
  await ctx.app.db.municipality.update({
    where: { id: m.id },
    data: { capacity: next as unknown as Prisma.InputJsonValue },
  });
  await audit(ctx.app.db, staff.id, "municipality.capacity", m.id, {
    dimension,
    from: total[dimension],
    to: value,
  });
  return ctx.reply(
    ctx.t("city.capacity_updated", { dimension: ctx.t(`city.dimension.${dimension}`), value }),
  );
}

cityCapacity.command("capacity", async (ctx) => {
  const own = await ownMunicipality(ctx);
  if (!own) return;
  const { staff, municipality } = own;
  const args = words(ctx);
  if (args.length > 0) {
    const parsed = change.safeParse(args);
    if (!parsed.success) return ctx.reply(ctx.t("city.capacity_usage", { dimensions: DIMENSIONS.join("|") }));
    return setCapacity(ctx, staff, municipality, ...parsed.data);
  }
  const total = capacityOf(municipality.capacity);
  const taken = capacityOf(municipality.taken);
  const lines = DIMENSIONS.map((d) =>
    ctx.t("city.capacity_line", {
      dimension: ctx.t(`city.dimension.${d}`),
      taken: taken[d],
      total: total[d],
    }),
  );
  await ctx.reply(
    [
      ctx.t("city.capacity_title", { city: municipality.name }),
      ...lines,
      "",
      ctx.t("city.capacity_hint"),
    ].join("\n"),
  );
});

cityCapacity.command("people", async (ctx) => {
  const own = await ownMunicipality(ctx);
  if (!own) return;
  const { municipality } = own;
  const intakes = await ctx.app.db.intake.findMany({
    where: { municipalityId: municipality.id, status: { in: ["placed", "arrived"] } },
    orderBy: { placedAt: "asc" },
  });
  if (intakes.length === 0) return ctx.reply(ctx.t("city.people_empty", { city: municipality.name }));
  const lines = intakes.map((i) => {
    const household = HouseholdAnswers.of(i.state);
    const { medical, wheelchair } = household.needs;
    const needs = [...medical, ...(wheelchair ? ["wheelchair"] : [])];
    return ctx.t("city.people_line", {
      ref: householdRef(i.id),
      persons: household.size,
      date: household.travelDate?.split("-").reverse().join(".") ?? "—",
      languages: household.languages.join(", ") || "—",
      needs: needs.length > 0 ? ctx.t("city.people_needs", { needs: needs.join(", ") }) : "",
    });
  });
  for (const text of chunk([ctx.t("city.people_title", { city: municipality.name }), ...lines]))
    await ctx.reply(text);
});
