import { Composer, Markup } from "telegraf";
import { z } from "zod";
import { HouseholdAnswers } from "../../../core/answers";
import { type Capacity, DIMENSIONS, type Dimension } from "../../../core/matching/model";
import { formatDay } from "../../../core/pre-arrival";
import { householdRef } from "../../../core/reference";
import { audit } from "../../../shared/audit";
import { routes } from "../../../shared/callback";
import { capacityOf } from "../../../shared/capacity";
import type { IntakeStatus, Municipality, Prisma } from "../../../shared/generated/prisma/client";
import { LANGUAGES } from "../../../shared/i18n";
import { type Staff, scopeOf } from "../../../shared/staff";
import { chunk } from "../../../shared/text";
import { onButton } from "../../buttons";
import { pageButtons, pageHeading } from "../../city/pages";
import { PAGE_SIZE } from "../../city/store";
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

const amount = z.coerce.number().int().min(0).max(100_000);

/**
 * A capacity dimension by the word staff type, in any staff language and any case: the internal
 * name (`persons`), its label (`Betten`) or a word of `city.dimension_words` (`/capacity Betten 150`).
 */
export function dimensionOf(ctx: BotContext, word: string): Dimension | null {
  const typed = word.toLocaleLowerCase();
  for (const lang of LANGUAGES) {
    const t = ctx.app.i18n.t(lang);
    for (const d of DIMENSIONS) {
      const words = [d, t(`city.dimension.${d}`), ...t(`city.dimension_words.${d}`).split(",")];
      if (words.some((w) => w.trim().toLocaleLowerCase() === typed)) return d;
    }
  }
  return null;
}

/** The words of the staff member's language, one per dimension, for the usage line. */
const dimensionWords = (ctx: BotContext) =>
  DIMENSIONS.map((d) => ctx.t(`city.dimension_words.${d}`).split(",")[0]?.trim() ?? d).join("|");

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
    return ctx.reply(ctx.t("city.capacity_usage", { dimensions: dimensionWords(ctx) }));
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
    const value = amount.safeParse(args.at(-1));
    const dimension = dimensionOf(ctx, args.slice(0, -1).join(" "));
    if (!value.success || !dimension || args.length < 2) {
      return ctx.reply(ctx.t("city.capacity_usage", { dimensions: dimensionWords(ctx) }));
    }
    return setCapacity(ctx, staff, municipality, dimension, value.data);
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

/** Who is coming: a page of households with size, travel date, languages and needs, in words. */
async function showPeople(ctx: BotContext, municipality: Municipality, page: number): Promise<void> {
  const where = { municipalityId: municipality.id, status: { in: ["placed", "arrived"] as IntakeStatus[] } };
  const [intakes, total] = await Promise.all([
    ctx.app.db.intake.findMany({
      where,
      orderBy: [{ placedAt: "asc" }, { id: "asc" }],
      skip: page * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    ctx.app.db.intake.count({ where }),
  ]);
  if (total === 0) return void (await ctx.reply(ctx.t("city.people_empty", { city: municipality.name })));
  const lines = intakes.map((i) => {
    const household = HouseholdAnswers.of(i.state);
    const { medical, wheelchair } = household.needs;
    const needs = [
      ...medical.map((n) => ctx.t(`intake.choices.medical_needs.${n}`)),
      ...(wheelchair ? [ctx.t("city.need_wheelchair")] : []),
    ];
    return ctx.t("city.people_line", {
      ref: householdRef(i.id),
      persons: household.size,
      date: household.travelDate ? formatDay(household.travelDate) : "—",
      languages: household.languages.map((l) => ctx.t(`intake.choices.languages.${l}`)).join(", ") || "—",
      needs: needs.length > 0 ? ctx.t("city.people_needs", { needs: needs.join(", ") }) : "",
    });
  });
  const title = `${ctx.t("city.people_title", { city: municipality.name })} ${pageHeading(ctx, page, total)}`;
  const buttons = pageButtons(ctx, "people", page, total);
  const texts = chunk([title, ...lines]);
  for (const [k, text] of texts.entries()) {
    await ctx.reply(
      text,
      k === texts.length - 1 && buttons.length > 0 ? Markup.inlineKeyboard([buttons]) : undefined,
    );
  }
}

cityCapacity.command("people", async (ctx) => {
  const own = await ownMunicipality(ctx);
  if (own) await showPeople(ctx, own.municipality, 0);
});

onButton(cityCapacity, routes.cityPage, async (ctx, { list, page }) => {
  if (list !== "people") return;
  const own = await ownMunicipality(ctx);
  if (own) await showPeople(ctx, own.municipality, page);
});
