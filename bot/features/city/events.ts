import { Composer, Markup } from "telegraf";
import { audit } from "../../../shared/audit";
import { routes } from "../../../shared/callback";
import { notifyEvent } from "../../../shared/city/notify";
import { cancelEvent, createEvent, eventOf } from "../../../shared/city/store";
import type { Prisma } from "../../../shared/generated/prisma/client";
import { LANGUAGES } from "../../../shared/i18n";
import { eventParts, textsOf } from "../../../shared/messages/arrival";
import { renderPayload } from "../../../shared/messages/render";
import { formatBerlin } from "../../../shared/messages/time";
import { onButton } from "../../buttons";
import { commandArgument, parseEventForm } from "../../city/forms";
import { pageButtons, pageHeading } from "../../city/pages";
import { cityScope } from "../../city/scope";
import { PAGE_SIZE, upcomingEvents } from "../../city/store";
import { button, fieldAliases, fieldName, formError, kindAliases, kindName, textOf } from "../../city/ui";
import type { BotContext } from "../../context";

/** City staff: courses, workshops and appointments: list, create, change, cancel (/event). */
export const cityEvents = new Composer<BotContext>();

export async function showEvents(ctx: BotContext, municipalityId: string, page = 0): Promise<void> {
  const { rows: events, total } = await upcomingEvents(ctx.app.db, municipalityId, page);
  const first = page * PAGE_SIZE;
  const lines = events.map((e, n) =>
    ctx.t("arrival.staff.event_line", {
      n: first + n + 1,
      date: formatBerlin(e.startsAt),
      title: (textsOf(e.texts)[ctx.lang] ?? Object.values(textsOf(e.texts))[0] ?? "").split("\n")[0] ?? "",
      count: e._count.registrations,
    }),
  );
  const keyboard = events.map((e, n) => [
    button(`📅 ${first + n + 1}`, routes.cityEvent, { eventId: e.id, action: "show" }),
  ]);
  keyboard.push(pageButtons(ctx, "events", page, total));
  await ctx.reply(
    [
      total > 0
        ? `${ctx.t("arrival.staff.events_title")} ${pageHeading(ctx, page, total, PAGE_SIZE, "events_page")}`
        : ctx.t("arrival.staff.events_none"),
      ...lines,
    ].join("\n"),
    Markup.inlineKeyboard(keyboard.filter((r) => r.length > 0)),
  );
  if (page > 0) return; // the form to add one comes with the first page only
  await ctx.reply(ctx.t("arrival.staff.event_form"));
  const field = (key: "date" | "place" | "kind") => fieldName(ctx, key);
  await ctx.reply(
    `/event\n${field("date")}: 05.12.2026 10:00\n${field("place")}: \n${field("kind")}: ${kindName(ctx, "course")}\nen: \nuk: `,
  );
}

async function showEvent(ctx: BotContext, municipalityId: string, eventId: string): Promise<void> {
  const event = await eventOf(ctx.app.db, municipalityId, eventId);
  if (!event) return void (await ctx.reply(ctx.t("arrival.staff.not_found")));
  const shown = renderPayload(ctx.app.i18n, ctx.lang, { parts: eventParts(event) }).text;
  const texts = textsOf(event.texts);
  const template = [
    `/event ${event.id}`,
    `${fieldName(ctx, "date")}: ${formatBerlin(event.startsAt)}`,
    `${fieldName(ctx, "place")}: ${event.place}`,
    `${fieldName(ctx, "kind")}: ${kindName(ctx, event.kind)}`,
    ...LANGUAGES.filter((l) => texts[l]).map((l) => `${l}: ${texts[l]}`),
  ].join("\n");
  await ctx.reply(
    `${shown}\n\n${ctx.t(event.cancelled ? "arrival.staff.event_cancelled" : "arrival.staff.event_edit")}`,
    event.cancelled
      ? undefined
      : Markup.inlineKeyboard([
          [
            button(ctx.t("arrival.staff.event_cancel"), routes.cityEvent, {
              eventId: event.id,
              action: "cancel",
            }),
          ],
        ]),
  );
  if (!event.cancelled) await ctx.reply(template);
}

cityEvents.command("event", async (ctx) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const { db, deliveries } = ctx.app;
  const lines = textOf(ctx).trim().split("\n");
  const arg = commandArgument(textOf(ctx));
  if (lines.length === 1) {
    return arg ? showEvent(ctx, scope.municipalityId, arg) : showEvents(ctx, scope.municipalityId);
  }
  const existing = arg ? await eventOf(db, scope.municipalityId, arg) : null;
  if (arg && (!existing || existing.cancelled)) return ctx.reply(ctx.t("arrival.staff.not_found"));
  const form = parseEventForm(textOf(ctx), fieldAliases(ctx), kindAliases(ctx));
  if (!form.ok) return formError(ctx, form.error);
  let told: number;
  if (existing) {
    const data = { ...form.value, texts: form.value.texts as Prisma.InputJsonValue };
    const event = await db.event.update({ where: { id: existing.id }, data });
    told = await notifyEvent(db, deliveries, event, "changed");
    await audit(db, scope.staffId, "city.event.change", event.id, { told });
  } else {
    told = (await createEvent(db, deliveries, scope.municipalityId, scope.staffId, form.value)).told;
  }
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});

onButton(cityEvents, routes.cityEvent, async (ctx, { eventId, action }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  if (action === "show") return showEvent(ctx, scope.municipalityId, eventId);
  if (action === "cancel") {
    return ctx.reply(
      ctx.t("arrival.staff.event_cancel_confirm"),
      Markup.inlineKeyboard([
        [
          button(ctx.t("arrival.staff.event_cancel_yes"), routes.cityEvent, {
            eventId,
            action: "confirm-cancel",
          }),
        ],
      ]),
    );
  }
  const { db, deliveries } = ctx.app;
  const event = await cancelEvent(db, scope.municipalityId, eventId);
  if (!event) return ctx.reply(ctx.t("arrival.staff.not_found"));
  const told = await notifyEvent(db, deliveries, event, "cancelled");
  await audit(db, scope.staffId, "city.event.cancel", eventId, { told });
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await ctx.reply(ctx.t("arrival.staff.cancelled_told", { count: told }));
});

onButton(cityEvents, routes.cityPage, async (ctx, { list, page }) => {
  if (list !== "events") return;
  const scope = await cityScope(ctx);
  if (scope) await showEvents(ctx, scope.municipalityId, page);
});
