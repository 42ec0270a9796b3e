import { Composer, Markup } from "telegraf";
import { audit } from "../../../shared/audit";
import { routes } from "../../../shared/callback";
import type { Prisma } from "../../../shared/generated/prisma/client";
import { LANGUAGES } from "../../../shared/i18n";
import { eventParts, textsOf } from "../../../shared/messages/arrival";
import { renderPayload } from "../../../shared/messages/render";
import { berlinWallClock } from "../../../shared/messages/time";
import { onButton } from "../../buttons";
import { commandArgument, type EventForm, parseEventForm } from "../../city/forms";
import { notifyEvent, recipients } from "../../city/notify";
import { type CityScope, cityScope } from "../../city/scope";
import { cancelEvent, eventOf, upcomingEvents } from "../../city/store";
import { button, formError, textOf } from "../../city/ui";
import type { BotContext } from "../../context";

/** City staff: courses, workshops and appointments: list, create, change, cancel (/event). */
export const cityEvents = new Composer<BotContext>();

export async function showEvents(ctx: BotContext, municipalityId: string): Promise<void> {
  const events = await upcomingEvents(ctx.app.db, municipalityId, 20);
  const lines = events.map((e, n) =>
    ctx.t("arrival.staff.event_line", {
      n: n + 1,
      date: berlinWallClock(e.startsAt),
      title: (textsOf(e.texts)[ctx.lang] ?? Object.values(textsOf(e.texts))[0] ?? "").split("\n")[0] ?? "",
      count: e._count.registrations,
    }),
  );
  const keyboard = events.map((e, n) => [
    button(`📅 ${n + 1}`, routes.cityEvent, { eventId: e.id, action: "show" }),
  ]);
  await ctx.reply(
    [
      events.length > 0 ? ctx.t("arrival.staff.events_title") : ctx.t("arrival.staff.events_none"),
      ...lines,
    ].join("\n"),
    Markup.inlineKeyboard(keyboard),
  );
  await ctx.reply(ctx.t("arrival.staff.event_form"));
  await ctx.reply("/event\ndate: 2026-12-05 10:00\nplace: \nkind: course\nen: \nuk: ");
}

async function showEvent(ctx: BotContext, municipalityId: string, eventId: string): Promise<void> {
  const event = await eventOf(ctx.app.db, municipalityId, eventId);
  if (!event) return void (await ctx.reply(ctx.t("arrival.staff.not_found")));
  const shown = renderPayload(ctx.app.i18n, ctx.lang, { parts: eventParts(event) }).text;
  const texts = textsOf(event.texts);
  const template = [
    `/event ${event.id}`,
    `date: ${berlinWallClock(event.startsAt)}`,
    `place: ${event.place}`,
    `kind: ${event.kind}`,
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

/** A new event: everyone placed in the city is registered; people can say they cannot come. */
async function createEvent(ctx: BotContext, scope: CityScope, form: EventForm): Promise<number> {
  const { db, deliveries } = ctx.app;
  const event = await db.event.create({
    data: {
      ...form,
      texts: form.texts as Prisma.InputJsonValue,
      municipalityId: scope.municipalityId,
      createdBy: scope.staffId,
    },
  });
  const people = await recipients(db, scope.municipalityId, "placed");
  await db.eventRegistration.createMany({
    data: people.map((p) => ({ eventId: event.id, intakeId: p.intakeId })),
    skipDuplicates: true,
  });
  const told = await notifyEvent(db, deliveries, event, "new");
  await audit(db, scope.staffId, "city.event.create", event.id, { registered: people.length });
  return told;
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
  const form = parseEventForm(textOf(ctx));
  if (!form.ok) return formError(ctx, form.error);
  let told: number;
  if (existing) {
    const data = { ...form.value, texts: form.value.texts as Prisma.InputJsonValue };
    const event = await db.event.update({ where: { id: existing.id }, data });
    told = await notifyEvent(db, deliveries, event, "changed");
    await audit(db, scope.staffId, "city.event.change", event.id, { told });
  } else {
    told = await createEvent(ctx, scope, form.value);
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
