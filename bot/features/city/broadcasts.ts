import { Composer, Markup } from "telegraf";
import { audit } from "../../../shared/audit";
import { routes } from "../../../shared/callback";
import { recipients } from "../../../shared/city/notify";
import { broadcastOf, resendBroadcast, sendBroadcast } from "../../../shared/city/store";
import type { Broadcast } from "../../../shared/generated/prisma/client";
import { textsOf } from "../../../shared/messages/arrival";
import { renderPayload } from "../../../shared/messages/render";
import { berlinWallClock, formatBerlin, parseBerlin } from "../../../shared/messages/time";
import { onButton } from "../../buttons";
import { audienceName, draftCard, statsCard } from "../../city/broadcast-cards";
import { parseBroadcastText } from "../../city/forms";
import { pageButtons, pageHeading } from "../../city/pages";
import { cityScope, cityScopeQuietly } from "../../city/scope";
import { BROADCAST_PAGE, changeDraft, currentDraft, draftFor, recentBroadcasts } from "../../city/store";
import { button, formError, textOf } from "../../city/ui";
import type { BotContext } from "../../context";

/**
 * City staff compose a broadcast step by step in a Broadcast row in status "draft" (it survives a
 * restart of the bot): text (typed while the draft is open), audience, preview per language, time,
 * confirm. It goes out through the worker's one delivery path; /broadcasts follows what was sent.
 */
export const cityBroadcasts = new Composer<BotContext>();

export async function composeBroadcast(ctx: BotContext, staffId: string, municipalityId: string) {
  const draft = await draftFor(ctx.app.db, staffId, municipalityId);
  await ctx.reply(ctx.t("arrival.staff.compose"));
  await draftCard(ctx, draft);
}

export async function showBroadcasts(ctx: BotContext, municipalityId: string, page = 0): Promise<void> {
  const { rows, total } = await recentBroadcasts(ctx.app.db, municipalityId, page);
  if (total === 0) return void (await ctx.reply(ctx.t("arrival.staff.broadcasts_none")));
  for (const b of rows.reverse()) await statsCard(ctx, b);
  const buttons = pageButtons(ctx, "broadcasts", page, total, BROADCAST_PAGE);
  const heading = pageHeading(ctx, page, total, BROADCAST_PAGE, "broadcasts_page");
  await ctx.reply(heading, buttons.length > 0 ? Markup.inlineKeyboard([buttons]) : undefined);
}

cityBroadcasts.command("broadcast", async (ctx) => {
  const scope = await cityScope(ctx);
  if (scope) await composeBroadcast(ctx, scope.staffId, scope.municipalityId);
});

cityBroadcasts.command("broadcasts", async (ctx) => {
  const scope = await cityScope(ctx);
  if (scope) await showBroadcasts(ctx, scope.municipalityId);
});

/** `/at 01.12.2026 09:00` (or 2026-12-01 09:00): the draft goes out at that time (Berlin). */
cityBroadcasts.command("at", async (ctx) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const draft = await currentDraft(ctx.app.db, scope.staffId, scope.municipalityId);
  if (!draft) return ctx.reply(ctx.t("arrival.staff.no_draft"));
  const at = parseBerlin(textOf(ctx).trim().split(/\s+/).slice(1).join(" "));
  if (!at) return formError(ctx, "bad_date");
  if (at.getTime() <= Date.now()) return formError(ctx, "in_past");
  const updated = await ctx.app.db.broadcast.update({ where: { id: draft.id }, data: { scheduledAt: at } });
  await draftCard(ctx, updated);
});

/**
 * Text from staff while a draft is open is the broadcast's text (other text goes on). The staff
 * role alone decides: city staff who are also refugees write drafts like anyone else.
 */
cityBroadcasts.on("text", async (ctx, next) => {
  const text = ctx.message.text;
  if (text.startsWith("/")) return next();
  const scope = await cityScopeQuietly(ctx);
  if (!scope) return next();
  const draft = await currentDraft(ctx.app.db, scope.staffId, scope.municipalityId);
  if (!draft) return next();
  const parsed = parseBroadcastText(text, ctx.lang);
  if (!parsed.ok) return formError(ctx, parsed.error);
  const texts = { ...textsOf(draft.texts), ...parsed.value };
  const updated = await ctx.app.db.broadcast.update({ where: { id: draft.id }, data: { texts } });
  await draftCard(ctx, updated);
});

/** Confirmed: the rows first (idempotent keys), then the status; a second tap finds no draft. */
async function confirmSend(ctx: BotContext, staffId: string, b: Broadcast): Promise<void> {
  const { db } = ctx.app;
  if (Object.keys(textsOf(b.texts)).length === 0) return formError(ctx, "no_text");
  await sendBroadcast(db, ctx.app.deliveries, staffId, b);
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await statsCard(ctx, await db.broadcast.findUniqueOrThrow({ where: { id: b.id } }));
}

/** "Send": how many, when, to whom, before anything goes out. */
async function askToSend(ctx: BotContext, b: Broadcast): Promise<void> {
  if (Object.keys(textsOf(b.texts)).length === 0) return formError(ctx, "no_text");
  const count = (await recipients(ctx.app.db, b.municipalityId, b.audience, b.intakeIds)).length;
  const when = b.scheduledAt ? formatBerlin(b.scheduledAt) : ctx.t("arrival.staff.when_now");
  await ctx.reply(
    ctx.t("arrival.staff.confirm", { count, when, audience: audienceName(ctx, b.audience) }),
    Markup.inlineKeyboard([
      [button(ctx.t("arrival.staff.confirm_yes"), routes.broadcast, { broadcastId: b.id, action: "send" })],
      [button(ctx.t("arrival.staff.confirm_no"), routes.broadcast, { broadcastId: b.id, action: "back" })],
    ]),
  );
}

/** upcoming events a page of the chooser shows */
const EVENT_CHOICES = 8;

/** The audience "people registered for an event": which event, a page of the upcoming ones at a time. */
async function chooseEvent(ctx: BotContext, b: Broadcast, page = 0): Promise<void> {
  const where = { municipalityId: b.municipalityId, cancelled: false, startsAt: { gt: new Date() } };
  const [total, events] = await Promise.all([
    ctx.app.db.event.count({ where }),
    ctx.app.db.event.findMany({
      where,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      skip: page * EVENT_CHOICES,
      take: EVENT_CHOICES,
    }),
  ]);
  if (total === 0) return void (await ctx.reply(ctx.t("arrival.staff.events_none")));
  const label = (e: (typeof events)[number]) =>
    `${formatBerlin(e.startsAt)} · ${(Object.values(textsOf(e.texts))[0] ?? "").slice(0, 30)}`;
  const nav = [];
  if (page > 0) {
    nav.push(
      button(ctx.t("arrival.staff.page_back"), routes.broadcastEvents, { broadcastId: b.id, page: page - 1 }),
    );
  }
  if ((page + 1) * EVENT_CHOICES < total) {
    nav.push(
      button(ctx.t("arrival.staff.page_next"), routes.broadcastEvents, { broadcastId: b.id, page: page + 1 }),
    );
  }
  const heading =
    total > EVENT_CHOICES ? ` ${pageHeading(ctx, page, total, EVENT_CHOICES, "events_page")}` : "";
  await ctx.reply(
    `${ctx.t("arrival.staff.choose_event")}${heading}`,
    Markup.inlineKeyboard([
      ...events.map((e) => [button(label(e), routes.broadcastEvent, { broadcastId: b.id, eventId: e.id })]),
      ...(nav.length > 0 ? [nav] : []),
    ]),
  );
}

/** Tomorrow at 9:00 or 18:00, Berlin time. */
function tomorrowAt(hour: "09:00" | "18:00"): Date | null {
  const tomorrow = berlinWallClock(new Date(Date.now() + 86_400_000)).slice(0, 10);
  return parseBerlin(`${tomorrow} ${hour}`);
}

async function scheduleOptions(ctx: BotContext, b: Broadcast): Promise<void> {
  const tomorrow = formatBerlin(new Date(Date.now() + 86_400_000)).slice(0, 10);
  await ctx.reply(
    ctx.t("arrival.staff.schedule_help"),
    Markup.inlineKeyboard([
      [
        button(`${tomorrow} 09:00`, routes.broadcast, { broadcastId: b.id, action: "tomorrow-9" }),
        button(`${tomorrow} 18:00`, routes.broadcast, { broadcastId: b.id, action: "tomorrow-18" }),
      ],
    ]),
  );
}

/** The draft changes while it is one; once sent (or scheduled) its status card is shown instead. */
async function inDraft(ctx: BotContext, b: Broadcast, change: Parameters<typeof changeDraft>[2]) {
  const updated = await changeDraft(ctx.app.db, b.id, change);
  return updated ? draftCard(ctx, updated) : statsCard(ctx, b);
}

/** Called off before its time: rows not yet sent go, their jobs then find nothing. */
async function unschedule(ctx: BotContext, staffId: string, b: Broadcast): Promise<void> {
  const { db } = ctx.app;
  const n = await db.broadcast.updateMany({
    where: { id: b.id, status: "scheduled" },
    data: { status: "cancelled" },
  });
  if (n.count === 1) {
    await db.delivery.deleteMany({ where: { broadcastId: b.id, status: "pending" } });
    await audit(db, staffId, "city.broadcast.cancel", b.id);
  }
  await statsCard(ctx, await db.broadcast.findUniqueOrThrow({ where: { id: b.id } }), true);
}

/** Those it did not reach (failed, or outcome unknown) get it again (a second tap finds none). */
async function sendAgain(ctx: BotContext, staffId: string, b: Broadcast): Promise<void> {
  const { db } = ctx.app;
  await resendBroadcast(db, ctx.app.deliveries, staffId, b.id);
  await statsCard(ctx, await db.broadcast.findUniqueOrThrow({ where: { id: b.id } }), true);
}

async function discard(ctx: BotContext, staffId: string, b: Broadcast): Promise<void> {
  const n = await ctx.app.db.broadcast.updateMany({
    where: { id: b.id, status: "draft" },
    data: { status: "cancelled" },
  });
  if (n.count === 1) await audit(ctx.app.db, staffId, "city.broadcast.discard", b.id);
  await ctx.reply(ctx.t("arrival.staff.discarded"));
}

onButton(cityBroadcasts, routes.broadcast, async (ctx, { broadcastId, action }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const b = await broadcastOf(ctx.app.db, scope.municipalityId, broadcastId);
  if (!b) return ctx.reply(ctx.t("arrival.staff.not_found"));
  const draft = b.status === "draft";
  switch (action) {
    case "audience-placed":
      return inDraft(ctx, b, { audience: "placed" });
    case "audience-not-arrived":
      return inDraft(ctx, b, { audience: "not_arrived" });
    case "audience-event":
      return chooseEvent(ctx, b);
    case "schedule":
      return scheduleOptions(ctx, b);
    case "tomorrow-9":
      return inDraft(ctx, b, { scheduledAt: tomorrowAt("09:00") });
    case "tomorrow-18":
      return inDraft(ctx, b, { scheduledAt: tomorrowAt("18:00") });
    case "ask":
      return draft ? askToSend(ctx, b) : statsCard(ctx, b);
    case "send":
      return draft ? confirmSend(ctx, scope.staffId, b) : statsCard(ctx, b);
    case "back":
      return draft ? draftCard(ctx, b) : statsCard(ctx, b);
    case "discard":
      return discard(ctx, scope.staffId, b);
    case "unschedule":
      return unschedule(ctx, scope.staffId, b);
    case "status":
      return statsCard(ctx, b, true);
    case "send-again":
      return sendAgain(ctx, scope.staffId, b);
  }
});

onButton(cityBroadcasts, routes.broadcastPreview, async (ctx, { broadcastId, lang }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const b = await broadcastOf(ctx.app.db, scope.municipalityId, broadcastId);
  if (!b) return ctx.reply(ctx.t("arrival.staff.not_found"));
  const preview = renderPayload(ctx.app.i18n, lang, { parts: [{ texts: textsOf(b.texts) }] }).text;
  const heading = ctx.t("arrival.staff.preview", { language: ctx.app.i18n.t(lang)("language.name") });
  await ctx.reply(`${heading}\n\n${preview || ctx.t("arrival.form.no_text")}`);
});

onButton(cityBroadcasts, routes.broadcastEvent, async (ctx, { broadcastId, eventId }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const [b, event] = await Promise.all([
    broadcastOf(ctx.app.db, scope.municipalityId, broadcastId),
    ctx.app.db.event.findFirst({
      where: { id: eventId, municipalityId: scope.municipalityId },
      select: { id: true },
    }),
  ]);
  // an event of another city (a forged button) is not found, as a broadcast of another city is
  if (!b || !event) return ctx.reply(ctx.t("arrival.staff.not_found"));
  await inDraft(ctx, b, { audience: `event:${event.id}` });
});

onButton(cityBroadcasts, routes.broadcastEvents, async (ctx, { broadcastId, page }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const b = await broadcastOf(ctx.app.db, scope.municipalityId, broadcastId);
  if (!b) return ctx.reply(ctx.t("arrival.staff.not_found"));
  // sent or scheduled meanwhile: its audience is fixed, its card says where it stands
  await (b.status === "draft" ? chooseEvent(ctx, b, page) : statsCard(ctx, b));
});

onButton(cityBroadcasts, routes.cityPage, async (ctx, { list, page }) => {
  if (list !== "broadcasts") return;
  const scope = await cityScope(ctx);
  if (scope) await showBroadcasts(ctx, scope.municipalityId, page);
});
