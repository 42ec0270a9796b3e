import { Composer } from "telegraf";
import { z } from "zod";
import { DIMENSIONS } from "../../core/matching/model";
import { audit } from "../../shared/audit";
import { capacityOf } from "../../shared/capacity";
import type { Prisma } from "../../shared/generated/prisma/client";
import { householdRef } from "../../shared/round-result";
import type { BotContext } from "../context";
import { chunk } from "../intake/render";
import { only, staffOf } from "../staff/access";

/** City staff: their municipality's capacities and the people coming to it. Only their own. */
export const capacity = new Composer<BotContext>();

const words = (ctx: BotContext) =>
  (ctx.message && "text" in ctx.message ? ctx.message.text : "").trim().split(/\s+/).slice(1);

async function ownMunicipality(ctx: BotContext) {
  const staff = await staffOf(ctx);
  const id = staff?.municipalityId;
  if (!id) {
    await ctx.reply(ctx.t("city.no_municipality"));
    return null;
  }
  return ctx.app.db.municipality.findUnique({ where: { id } });
}

const change = z.tuple([z.enum(DIMENSIONS), z.coerce.number().int().min(0).max(100_000)]);

capacity.command("capacity", only("city_staff"), async (ctx) => {
  const municipality = await ownMunicipality(ctx);
  if (!municipality) return;
  const args = words(ctx);
  const total = capacityOf(municipality.capacity);
  const taken = capacityOf(municipality.taken);
  if (args.length > 0) {
    const parsed = change.safeParse(args);
    if (!parsed.success) return ctx.reply(ctx.t("city.capacity_usage", { dimensions: DIMENSIONS.join("|") }));
    const [dimension, value] = parsed.data;
    if (value < taken[dimension])
      return ctx.reply(ctx.t("city.capacity_below_taken", { taken: taken[dimension] }));
    const next = { ...total, [dimension]: value };
    if (next.accessibleUnits > next.units1to2 + next.units3to4 + next.units5plus) {
      return ctx.reply(ctx.t("city.capacity_usage", { dimensions: DIMENSIONS.join("|") }));
    }
    await ctx.app.db.municipality.update({
      where: { id: municipality.id },
      data: { capacity: next as unknown as Prisma.InputJsonValue },
    });
    const staff = await staffOf(ctx);
    await audit(ctx.app.db, staff?.id ?? "?", "municipality.capacity", municipality.id, {
      dimension,
      from: total[dimension],
      to: value,
    });
    return ctx.reply(
      ctx.t("city.capacity_updated", { dimension: ctx.t(`city.dimension.${dimension}`), value }),
    );
  }
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

capacity.command("people", only("city_staff"), async (ctx) => {
  const municipality = await ownMunicipality(ctx);
  if (!municipality) return;
  const intakes = await ctx.app.db.intake.findMany({
    where: { municipalityId: municipality.id, status: { in: ["placed", "arrived"] } },
    orderBy: { placedAt: "asc" },
  });
  if (intakes.length === 0) return ctx.reply(ctx.t("city.people_empty", { city: municipality.name }));
  const lines = intakes.map((i) => {
    const state = i.state as {
      answers?: Record<string, unknown>;
      groups?: { members?: Record<string, unknown>[] };
    };
    const members = state.groups?.members ?? [];
    const languages = [...new Set(members.flatMap((m) => (Array.isArray(m.languages) ? m.languages : [])))];
    const needs = [
      ...new Set(
        members.flatMap((m) => (Array.isArray(m.medical_needs) ? (m.medical_needs as string[]) : [])),
      ),
      ...(members.some((m) => m.wheelchair === true) ? ["wheelchair"] : []),
    ];
    const travel = typeof state.answers?.travel_date === "string" ? state.answers.travel_date : "—";
    return ctx.t("city.people_line", {
      ref: householdRef(i.id),
      persons: Number(state.answers?.household_size ?? members.length),
      date: travel.split("-").reverse().join("."),
      languages: languages.join(", ") || "—",
      needs: needs.length > 0 ? ctx.t("city.people_needs", { needs: needs.join(", ") }) : "",
    });
  });
  for (const text of chunk([ctx.t("city.people_title", { city: municipality.name }), ...lines]))
    await ctx.reply(text);
});
