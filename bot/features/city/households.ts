import { Composer, Markup } from "telegraf";
import { householdRef } from "../../../core/reference";
import { audit } from "../../../shared/audit";
import { routes } from "../../../shared/callback";
import { notifyArrivalChanged } from "../../../shared/city/notify";
import { householdOf, markArrived, saveArrival } from "../../../shared/city/store";
import { appointmentsOf, householdParts } from "../../../shared/messages/arrival";
import { renderPayload } from "../../../shared/messages/render";
import { formatBerlin } from "../../../shared/messages/time";
import { auditPreArrivalRead, preArrivalFor } from "../../../shared/pre-arrival";
import { onButton } from "../../buttons";
import { commandArgument, parseHouseholdForm } from "../../city/forms";
import { pageButtons, pageHeading } from "../../city/pages";
import { type CityScope, cityScope } from "../../city/scope";
import { householdByRef, householdsOf, PAGE_SIZE } from "../../city/store";
import { button, fieldAliases, fieldName, formError, textOf } from "../../city/ui";
import type { BotContext } from "../../context";
import { staffPreArrivalBlock } from "../../pre-arrival/render";

/** City staff: the households coming to them, each one's arrival details, and "arrived". */
export const cityHouseholds = new Composer<BotContext>();

/** The city's households, a page at a time; each has a button and its short reference. */
export async function showHouseholds(ctx: BotContext, municipalityId: string, page = 0): Promise<void> {
  const { rows: intakes, total } = await householdsOf(ctx.app.db, municipalityId, page);
  if (total === 0) return void (await ctx.reply(ctx.t("arrival.staff.homes_none")));
  const first = page * PAGE_SIZE;
  const lines = intakes.map((i, n) =>
    ctx.t(i.status === "arrived" ? "arrival.staff.home_line_arrived" : "arrival.staff.home_line", {
      n: first + n + 1,
      ref: householdRef(i.id),
      date: i.arrival?.arrivalDate ? formatBerlin(i.arrival.arrivalDate) : "—",
    }),
  );
  const rows = intakes.map((i, n) =>
    button(`🏠 ${first + n + 1}`, routes.household, { intakeId: i.id, action: "show" }),
  );
  const keyboard = [];
  for (let k = 0; k < rows.length; k += 5) keyboard.push(rows.slice(k, k + 5));
  keyboard.push(pageButtons(ctx, "households", page, total));
  await ctx.reply(
    `${ctx.t("arrival.staff.homes_title")} ${pageHeading(ctx, page, total)}\n${lines.join("\n")}\n\n${ctx.t("arrival.staff.homes_by_ref")}`,
    Markup.inlineKeyboard(keyboard.filter((r) => r.length > 0)),
  );
}

async function showHousehold(ctx: BotContext, scope: CityScope, intakeId: string): Promise<void> {
  const { municipalityId } = scope;
  const intake = await householdOf(ctx.app.db, municipalityId, intakeId);
  if (!intake) return void (await ctx.reply(ctx.t("arrival.staff.not_found")));
  const a = intake.arrival;
  const shown = renderPayload(ctx.app.i18n, ctx.lang, { parts: householdParts(a, "staff") }).text;
  // names, dates of birth and phone, once the household confirmed them (city staff: their own city)
  const preArrival = await preArrivalFor(ctx.app.db, { seesAll: false, municipalityId }, intake.id);
  if (preArrival) await auditPreArrivalRead(ctx.app.db, scope.staffId, intake.id);
  const people = staffPreArrivalBlock(ctx.t, preArrival);
  const template = [
    `/arrival ${householdRef(intake.id)}`,
    `${fieldName(ctx, "date")}: ${a?.arrivalDate ? formatBerlin(a.arrivalDate) : ""}`,
    `${fieldName(ctx, "meeting")}: ${a?.meetingPoint ?? ""}`,
    `${fieldName(ctx, "address")}: ${a?.address ?? ""}`,
    `${fieldName(ctx, "contact")}: ${a?.contactName ?? ""}`,
    `${fieldName(ctx, "phone")}: ${a?.contactPhone ?? ""}`,
    ...appointmentsOf(a?.appointments).map(
      (x) => `${fieldName(ctx, "appointment")}: ${formatBerlin(new Date(x.at))} | ${x.place} | ${x.what}`,
    ),
  ].join("\n");
  const keyboard =
    intake.status === "placed"
      ? Markup.inlineKeyboard([
          [
            button(ctx.t("arrival.staff.mark_arrived"), routes.household, {
              intakeId: intake.id,
              action: "arrived",
            }),
          ],
        ])
      : undefined;
  await ctx.reply(
    `${ctx.t("arrival.staff.home_title", { ref: householdRef(intake.id) })}\n\n${people}\n\n${shown}\n\n${ctx.t("arrival.staff.home_form")}`,
    keyboard,
  );
  await ctx.reply(template);
}

cityHouseholds.command("arrival", async (ctx) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const typed = commandArgument(textOf(ctx));
  if (!typed) return showHouseholds(ctx, scope.municipalityId);
  const { db } = ctx.app;
  const intake = await householdByRef(db, scope.municipalityId, typed);
  if (!intake) return ctx.reply(ctx.t("arrival.staff.not_found"));
  if (textOf(ctx).trim().split("\n").length === 1) return showHousehold(ctx, scope, intake.id);
  const form = parseHouseholdForm(textOf(ctx), fieldAliases(ctx));
  if (!form.ok) return formError(ctx, form.error);
  await saveArrival(db, intake.id, scope.staffId, form.value);
  const told = await notifyArrivalChanged(db, ctx.app.deliveries, intake.id);
  await audit(db, scope.staffId, "city.arrival", intake.id, { appointments: form.value.appointments.length });
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});

onButton(cityHouseholds, routes.household, async (ctx, { intakeId, action }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  if (action === "show") return showHousehold(ctx, scope, intakeId);
  const marked = await markArrived(ctx.app.db, scope.municipalityId, intakeId);
  if (marked) await audit(ctx.app.db, scope.staffId, "city.arrived", intakeId);
  await ctx.reply(ctx.t(marked ? "arrival.staff.arrived_marked" : "arrival.staff.not_found"));
});

onButton(cityHouseholds, routes.cityPage, async (ctx, { list, page }) => {
  if (list !== "households") return; // the other lists page in their own features
  const scope = await cityScope(ctx);
  if (scope) await showHouseholds(ctx, scope.municipalityId, page);
});
