import { Composer, Markup } from "telegraf";
import { pack, routes } from "../../shared/callback";
import { armReminders, dropReminders, remindersAhead } from "../../shared/city/notify";
import { cityInfoOf, cityParts, eventParts, householdParts } from "../../shared/messages/arrival";
import { renderPayload } from "../../shared/messages/render";
import { onButton } from "../buttons";
import type { BotContext } from "../context";

/** "You are registered", with the reminders that can still come (none in the last two hours). */
function goingKey(startsAt: Date) {
  const ahead = remindersAhead(startsAt);
  if (ahead.includes("day")) return "arrival.events.going";
  return ahead.length > 0 ? "arrival.events.going_soon" : "arrival.events.going_now";
}

/** A placed household's own view of its destination: /info and /events, in its language. */
export const arrival = new Composer<BotContext>();

/** The household once it has accepted a city (placed) or arrived there; else null. */
function placed(ctx: BotContext) {
  const intake = ctx.user?.intake;
  if (!intake?.municipalityId || (intake.status !== "placed" && intake.status !== "arrived")) return null;
  return { ...intake, municipalityId: intake.municipalityId };
}

arrival.command("info", async (ctx) => {
  const intake = placed(ctx);
  if (!intake) return ctx.reply(ctx.t("arrival.info.not_placed"));
  const { db, i18n } = ctx.app;
  const [city, info] = await Promise.all([
    db.municipality.findUniqueOrThrow({ where: { id: intake.municipalityId } }),
    db.arrivalInfo.findUnique({ where: { intakeId: intake.id } }),
  ]);
  const parts = [...cityParts(city.name, cityInfoOf(city.info)), ...householdParts(info)];
  await ctx.reply(renderPayload(i18n, ctx.lang, { parts }).text);
});

arrival.command("events", async (ctx) => {
  const intake = placed(ctx);
  if (!intake) return ctx.reply(ctx.t("arrival.events.not_placed"));
  const events = await ctx.app.db.event.findMany({
    where: { municipalityId: intake.municipalityId, cancelled: false, startsAt: { gt: new Date() } },
    include: { registrations: { where: { intakeId: intake.id } } },
    orderBy: { startsAt: "asc" },
    take: 10,
  });
  if (events.length === 0) return ctx.reply(ctx.t("arrival.events.none"));
  await ctx.reply(ctx.t("arrival.events.title"));
  for (const event of events) {
    const going = event.registrations.length > 0;
    const text = renderPayload(ctx.app.i18n, ctx.lang, { parts: eventParts(event) }).text;
    await ctx.reply(
      `${text}\n\n${ctx.t(going ? goingKey(event.startsAt) : "arrival.events.not_going")}`,
      Markup.inlineKeyboard([
        [
          Markup.button.callback(
            ctx.t(going ? "arrival.button.cannot_come" : "arrival.button.will_come"),
            pack(routes.attendance, { eventId: event.id, answer: going ? "cannot-come" : "will-come" }),
          ),
        ],
      ]),
    );
  }
});

/** "I will come" / "I cannot come": the registration, and with it the reminders, follow. */
onButton(arrival, routes.attendance, async (ctx, { eventId, answer }) => {
  const intake = placed(ctx);
  const { db, deliveries } = ctx.app;
  const event = intake
    ? await db.event.findFirst({ where: { id: eventId, municipalityId: intake.municipalityId } })
    : null;
  if (!intake || !event || event.cancelled || event.startsAt.getTime() < Date.now()) {
    await ctx.reply(ctx.t("arrival.events.gone"));
    return;
  }
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (answer === "will-come") {
    await db.eventRegistration.createMany({ data: [{ eventId, intakeId: intake.id }], skipDuplicates: true });
    await db.eventDecline.deleteMany({ where: { eventId, intakeId: intake.id } });
    const user = ctx.user;
    if (user)
      await armReminders(db, deliveries, event, {
        intakeId: intake.id,
        userId: user.id,
        chatId: user.chatId,
      });
  } else {
    await db.eventRegistration.deleteMany({ where: { eventId, intakeId: intake.id } });
    // city staff see who said they cannot come (the console's event page)
    await db.eventDecline.createMany({ data: [{ eventId, intakeId: intake.id }], skipDuplicates: true });
    await dropReminders(db, eventId, intake.id);
  }
  const registered =
    remindersAhead(event.startsAt).length > 0 ? "arrival.events.registered" : "arrival.events.registered_now";
  await ctx.reply(ctx.t(answer === "will-come" ? registered : "arrival.events.unregistered"));
});
