import { Composer, Markup } from "telegraf";
import { audit } from "../../../shared/audit";
import { routes } from "../../../shared/callback";
import { appointmentsOf, householdParts } from "../../../shared/messages/arrival";
import { renderPayload } from "../../../shared/messages/render";
import { berlinWallClock } from "../../../shared/messages/time";
import { onButton } from "../../buttons";
import { commandArgument, parseHouseholdForm } from "../../city/forms";
import { notifyArrivalChanged } from "../../city/notify";
import { cityScope } from "../../city/scope";
import { householdOf, householdsOf, markArrived, saveArrival } from "../../city/store";
import { button, formError, textOf } from "../../city/ui";
import type { BotContext } from "../../context";

/** City staff: the households coming to them, each one's arrival details, and "arrived". */
export const cityHouseholds = new Composer<BotContext>();

const shortId = (id: string) => id.slice(-6);

export async function showHouseholds(ctx: BotContext, municipalityId: string): Promise<void> {
  const intakes = await householdsOf(ctx.app.db, municipalityId);
  if (intakes.length === 0) return void (await ctx.reply(ctx.t("arrival.staff.homes_none")));
  const lines = intakes.map((i, n) =>
    ctx.t(i.status === "arrived" ? "arrival.staff.home_line_arrived" : "arrival.staff.home_line", {
      n: n + 1,
      ref: shortId(i.id),
      date: i.arrival?.arrivalDate ? berlinWallClock(i.arrival.arrivalDate) : "—",
    }),
  );
  const rows = intakes.map((i, n) =>
    button(`🏠 ${n + 1}`, routes.household, { intakeId: i.id, action: "show" }),
  );
  const keyboard = [];
  for (let k = 0; k < rows.length; k += 5) keyboard.push(rows.slice(k, k + 5));
  await ctx.reply(
    `${ctx.t("arrival.staff.homes_title")}\n${lines.join("\n")}`,
    Markup.inlineKeyboard(keyboard),
  );
}

async function showHousehold(ctx: BotContext, municipalityId: string, intakeId: string): Promise<void> {
  const intake = await householdOf(ctx.app.db, municipalityId, intakeId);
  if (!intake) return void (await ctx.reply(ctx.t("arrival.staff.not_found")));
  const a = intake.arrival;
  const shown = renderPayload(ctx.app.i18n, ctx.lang, { parts: householdParts(a) }).text;
  const template = [
    `/arrival ${intake.id}`,
    `date: ${a?.arrivalDate ? berlinWallClock(a.arrivalDate) : ""}`,
    `meeting: ${a?.meetingPoint ?? ""}`,
    `address: ${a?.address ?? ""}`,
    `contact: ${a?.contactName ?? ""}`,
    `phone: ${a?.contactPhone ?? ""}`,
    ...appointmentsOf(a?.appointments).map(
      (x) => `appointment: ${berlinWallClock(new Date(x.at))} | ${x.place} | ${x.what}`,
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
    `${ctx.t("arrival.staff.home_title", { ref: shortId(intake.id) })}\n\n${shown}\n\n${ctx.t("arrival.staff.home_form")}`,
    keyboard,
  );
  await ctx.reply(template);
}

cityHouseholds.command("arrival", async (ctx) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const intakeId = commandArgument(textOf(ctx));
  if (!intakeId) return showHouseholds(ctx, scope.municipalityId);
  const { db } = ctx.app;
  const intake = await householdOf(db, scope.municipalityId, intakeId);
  if (!intake) return ctx.reply(ctx.t("arrival.staff.not_found"));
  if (textOf(ctx).trim().split("\n").length === 1) return showHousehold(ctx, scope.municipalityId, intake.id);
  const form = parseHouseholdForm(textOf(ctx));
  if (!form.ok) return formError(ctx, form.error);
  await saveArrival(db, intake.id, scope.staffId, form.value);
  const told = await notifyArrivalChanged(db, ctx.app.deliveries, intake.id);
  await audit(db, scope.staffId, "city.arrival", intake.id, { appointments: form.value.appointments.length });
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});

onButton(cityHouseholds, routes.household, async (ctx, { intakeId, action }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  if (action === "show") return showHousehold(ctx, scope.municipalityId, intakeId);
  const marked = await markArrived(ctx.app.db, scope.municipalityId, intakeId);
  if (marked) await audit(ctx.app.db, scope.staffId, "city.arrived", intakeId);
  await ctx.reply(ctx.t(marked ? "arrival.staff.arrived_marked" : "arrival.staff.not_found"));
});
