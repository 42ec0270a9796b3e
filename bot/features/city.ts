import { Composer, Markup } from "telegraf";
import { audit } from "../../shared/audit";
import { queueDeliveries } from "../../shared/delivery";
import type { Broadcast, Prisma } from "../../shared/generated/prisma/client";
import { LANGUAGES, type Language } from "../../shared/i18n";
import { renderPayload } from "../../worker/delivery/render";
import { type Callback, encodeCallback } from "../callback-data";
import {
  commandArgument,
  parseBroadcastText,
  parseCityForm,
  parseEventForm,
  parseHouseholdForm,
} from "../city/forms";
import { appointmentsOf, cityInfoOf, cityParts, eventParts, householdParts, textsOf } from "../city/messages";
import { notifyArrivalChanged, notifyCityInfoChanged, notifyEvent, recipients } from "../city/notify";
import { cityOf } from "../city/scope";
import { broadcastStats } from "../city/stats";
import { berlinWallClock, parseBerlin } from "../city/time";
import type { BotContext } from "../context";
import { only, staffWith } from "../staff/access";

/**
 * City staff on a phone: `/city` opens a menu of buttons; details are typed as short forms the
 * bot hands out filled in (copy, edit, send); a broadcast is composed step by step in a
 * Broadcast row in status "draft", so it survives a restart of the bot. Every change is
 * audited and goes to the people concerned through the worker's one delivery path.
 */
export const city = new Composer<BotContext>();
const staffOnly = only("city_staff", "admin");

const textOf = (ctx: BotContext) => (ctx.message && "text" in ctx.message ? ctx.message.text : "");
const button = (text: string, data: Callback) => Markup.button.callback(text, encodeCallback(data));
async function formError(ctx: BotContext, error: string): Promise<void> {
  await ctx.reply(`${ctx.t(`arrival.form.${error}`)}\n\n${ctx.t("arrival.form.try_again")}`);
}

// ---- menu ----

async function showMenu(ctx: BotContext): Promise<void> {
  const scope = await cityOf(ctx);
  if (!scope) return;
  const t = ctx.t;
  await ctx.reply(
    t("arrival.staff.menu", { municipality: scope.municipalityId }),
    Markup.inlineKeyboard([
      [
        button(t("arrival.staff.menu_info"), ["cm", "info"]),
        button(t("arrival.staff.menu_homes"), ["cm", "homes"]),
      ],
      [button(t("arrival.staff.menu_events"), ["cm", "events"])],
      [
        button(t("arrival.staff.menu_broadcast"), ["cm", "bc"]),
        button(t("arrival.staff.menu_broadcasts"), ["cm", "bcs"]),
      ],
    ]),
  );
}
city.command("city", staffOnly, showMenu);

// ---- the municipality's arrival details ----

async function showCityInfo(ctx: BotContext, municipalityId: string): Promise<void> {
  const m = await ctx.app.db.municipality.findUniqueOrThrow({ where: { id: municipalityId } });
  const info = cityInfoOf(m.info);
  const shown = renderPayload(ctx.app.i18n, ctx.lang, { parts: cityParts(m.name, info) }).text;
  const template = [
    "/cityinfo",
    `address: ${info.address ?? ""}`,
    `contact: ${info.contact ?? ""}`,
    ...LANGUAGES.filter((l) => info.notes[l]).map((l) => `${l}: ${info.notes[l]}`),
    ...(Object.keys(info.notes).length === 0 ? ["en: "] : []),
  ].join("\n");
  await ctx.reply(`${shown}\n\n${ctx.t("arrival.staff.city_form")}`);
  await ctx.reply(template);
}

city.command("cityinfo", staffOnly, async (ctx) => {
  const scope = await cityOf(ctx);
  if (!scope) return;
  if (textOf(ctx).trim().split("\n").length === 1) return showCityInfo(ctx, scope.municipalityId);
  const form = parseCityForm(textOf(ctx));
  if (!form.ok) return formError(ctx, form.error);
  const { db } = ctx.app;
  await db.municipality.update({
    where: { id: scope.municipalityId },
    data: { info: form.value as Prisma.InputJsonValue },
  });
  const told = await notifyCityInfoChanged(db, ctx.app.deliveries, scope.municipalityId);
  await audit(db, scope.staffId, "city.info", scope.municipalityId, { told });
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});

// ---- households and their arrival ----

const shortId = (id: string) => id.slice(-6);

async function showHouseholds(ctx: BotContext, municipalityId: string): Promise<void> {
  const intakes = await ctx.app.db.intake.findMany({
    where: { municipalityId, status: { in: ["placed", "arrived"] } },
    include: { arrival: true },
    orderBy: { placedAt: "asc" },
    take: 40,
  });
  if (intakes.length === 0) return void (await ctx.reply(ctx.t("arrival.staff.homes_none")));
  const lines = intakes.map((i, n) =>
    ctx.t(i.status === "arrived" ? "arrival.staff.home_line_arrived" : "arrival.staff.home_line", {
      n: n + 1,
      ref: shortId(i.id),
      date: i.arrival?.arrivalDate ? berlinWallClock(i.arrival.arrivalDate) : "—",
    }),
  );
  const rows = intakes.map((i, n) => button(`🏠 ${n + 1}`, ["hh", i.id]));
  const keyboard = [];
  for (let k = 0; k < rows.length; k += 5) keyboard.push(rows.slice(k, k + 5));
  await ctx.reply(
    `${ctx.t("arrival.staff.homes_title")}\n${lines.join("\n")}`,
    Markup.inlineKeyboard(keyboard),
  );
}

async function showHousehold(ctx: BotContext, municipalityId: string, intakeId: string): Promise<void> {
  const intake = await ctx.app.db.intake.findFirst({
    where: { id: intakeId, municipalityId, status: { in: ["placed", "arrived"] } },
    include: { arrival: true },
  });
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
      ? Markup.inlineKeyboard([[button(ctx.t("arrival.staff.mark_arrived"), ["hh", intake.id, "arrived"])]])
      : undefined;
  await ctx.reply(
    `${ctx.t("arrival.staff.home_title", { ref: shortId(intake.id) })}\n\n${shown}\n\n${ctx.t("arrival.staff.home_form")}`,
    keyboard,
  );
  await ctx.reply(template);
}

city.command("arrival", staffOnly, async (ctx) => {
  const scope = await cityOf(ctx);
  if (!scope) return;
  const intakeId = commandArgument(textOf(ctx));
  if (!intakeId) return showHouseholds(ctx, scope.municipalityId);
  const { db } = ctx.app;
  const intake = await db.intake.findFirst({
    where: { id: intakeId, municipalityId: scope.municipalityId, status: { in: ["placed", "arrived"] } },
  });
  if (!intake) return ctx.reply(ctx.t("arrival.staff.not_found"));
  if (textOf(ctx).trim().split("\n").length === 1) return showHousehold(ctx, scope.municipalityId, intake.id);
  const form = parseHouseholdForm(textOf(ctx));
  if (!form.ok) return formError(ctx, form.error);
  const v = form.value;
  const data = {
    arrivalDate: v.arrivalDate ?? null,
    meetingPoint: v.meetingPoint ?? null,
    address: v.address ?? null,
    contactName: v.contactName ?? null,
    contactPhone: v.contactPhone ?? null,
    appointments: v.appointments as Prisma.InputJsonValue,
    updatedBy: scope.staffId,
  };
  await db.arrivalInfo.upsert({
    where: { intakeId: intake.id },
    create: { intakeId: intake.id, ...data },
    update: data,
  });
  const told = await notifyArrivalChanged(db, ctx.app.deliveries, intake.id);
  await audit(db, scope.staffId, "city.arrival", intake.id, { appointments: v.appointments.length });
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});

async function markArrived(ctx: BotContext, municipalityId: string, staffId: string, intakeId: string) {
  const { db } = ctx.app;
  const changed = await db.intake.updateMany({
    where: { id: intakeId, municipalityId, status: "placed" },
    data: { status: "arrived", arrivedAt: new Date() },
  });
  if (changed.count === 1) await audit(db, staffId, "city.arrived", intakeId);
  await ctx.reply(ctx.t(changed.count === 1 ? "arrival.staff.arrived_marked" : "arrival.staff.not_found"));
}

// ---- events ----

async function showEvents(ctx: BotContext, municipalityId: string): Promise<void> {
  const events = await ctx.app.db.event.findMany({
    where: { municipalityId, cancelled: false, startsAt: { gt: new Date() } },
    include: { _count: { select: { registrations: true } } },
    orderBy: { startsAt: "asc" },
    take: 20,
  });
  const lines = events.map((e, n) =>
    ctx.t("arrival.staff.event_line", {
      n: n + 1,
      date: berlinWallClock(e.startsAt),
      title: (textsOf(e.texts)[ctx.lang] ?? Object.values(textsOf(e.texts))[0] ?? "").split("\n")[0] ?? "",
      count: e._count.registrations,
    }),
  );
  const keyboard = events.map((e, n) => [button(`📅 ${n + 1}`, ["ev", "show", e.id])]);
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
  const event = await ctx.app.db.event.findFirst({ where: { id: eventId, municipalityId } });
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
      : Markup.inlineKeyboard([[button(ctx.t("arrival.staff.event_cancel"), ["ev", "cancel", event.id])]]),
  );
  if (!event.cancelled) await ctx.reply(template);
}

city.command("event", staffOnly, async (ctx) => {
  const scope = await cityOf(ctx);
  if (!scope) return;
  const { db, deliveries } = ctx.app;
  const lines = textOf(ctx).trim().split("\n");
  const arg = commandArgument(textOf(ctx));
  if (lines.length === 1) {
    return arg ? showEvent(ctx, scope.municipalityId, arg) : showEvents(ctx, scope.municipalityId);
  }
  const existing = arg
    ? await db.event.findFirst({ where: { id: arg, municipalityId: scope.municipalityId, cancelled: false } })
    : null;
  if (arg && !existing) return ctx.reply(ctx.t("arrival.staff.not_found"));
  const form = parseEventForm(textOf(ctx));
  if (!form.ok) return formError(ctx, form.error);
  const data = { ...form.value, texts: form.value.texts as Prisma.InputJsonValue };
  let told: number;
  if (existing) {
    const event = await db.event.update({ where: { id: existing.id }, data });
    told = await notifyEvent(db, deliveries, event, "changed");
    await audit(db, scope.staffId, "city.event.change", event.id, { told });
  } else {
    // everyone placed in the city is registered; people can say they cannot come
    const event = await db.event.create({
      data: { ...data, municipalityId: scope.municipalityId, createdBy: scope.staffId },
    });
    const people = await recipients(db, scope.municipalityId, "placed");
    await db.eventRegistration.createMany({
      data: people.map((p) => ({ eventId: event.id, intakeId: p.intakeId })),
      skipDuplicates: true,
    });
    told = await notifyEvent(db, deliveries, event, "new");
    await audit(db, scope.staffId, "city.event.create", event.id, { registered: people.length });
  }
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});

async function cancelEvent(ctx: BotContext, municipalityId: string, staffId: string, eventId: string) {
  const { db, deliveries } = ctx.app;
  const changed = await db.event.updateMany({
    where: { id: eventId, municipalityId, cancelled: false },
    data: { cancelled: true },
  });
  if (changed.count === 0) return void (await ctx.reply(ctx.t("arrival.staff.not_found")));
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId } });
  const told = await notifyEvent(db, deliveries, event, "cancelled");
  await audit(db, staffId, "city.event.cancel", eventId, { told });
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await ctx.reply(ctx.t("arrival.staff.cancelled_told", { count: told }));
}

// ---- broadcasts: a draft row, then audience, preview, time, confirm ----

function audienceName(ctx: BotContext, audience: string): string {
  if (audience.startsWith("event:")) return ctx.t("arrival.staff.audience_event");
  return ctx.t(`arrival.staff.audience_${audience === "not_arrived" ? "not_arrived" : "placed"}`);
}

async function draftCard(ctx: BotContext, b: Broadcast): Promise<void> {
  const t = ctx.t;
  const texts = textsOf(b.texts);
  const count = (await recipients(ctx.app.db, b.municipalityId, b.audience)).length;
  const languages = LANGUAGES.map((l) => `${texts[l] ? "✓" : "·"} ${l}`).join("  ");
  const when = b.scheduledAt ? berlinWallClock(b.scheduledAt) : t("arrival.staff.when_now");
  const id = b.id;
  await ctx.reply(
    t("arrival.staff.draft", { audience: audienceName(ctx, b.audience), count, languages, when }),
    Markup.inlineKeyboard([
      [
        button(t("arrival.staff.audience_placed"), ["bc", "ap", id]),
        button(t("arrival.staff.audience_not_arrived"), ["bc", "an", id]),
      ],
      [button(t("arrival.staff.audience_event"), ["bc", "ae", id])],
      LANGUAGES.map((l) => button(`👁 ${l}`, ["bcp", l, id])),
      [
        button(t("arrival.staff.schedule"), ["bc", "sch", id]),
        button(t("arrival.staff.send"), ["bc", "ask", id]),
      ],
      [button(t("arrival.staff.discard"), ["bc", "del", id])],
    ]),
  );
}

async function currentDraft(ctx: BotContext, staffId: string, municipalityId: string) {
  return ctx.app.db.broadcast.findFirst({
    where: { createdBy: staffId, municipalityId, status: "draft" },
    orderBy: { createdAt: "desc" },
  });
}

city.command("broadcast", staffOnly, async (ctx) => {
  const scope = await cityOf(ctx);
  if (!scope) return;
  const draft =
    (await currentDraft(ctx, scope.staffId, scope.municipalityId)) ??
    (await ctx.app.db.broadcast.create({
      data: { municipalityId: scope.municipalityId, createdBy: scope.staffId, audience: "placed", texts: {} },
    }));
  await ctx.reply(ctx.t("arrival.staff.compose"));
  await draftCard(ctx, draft);
});

/** `/at 2026-12-01 09:00`: the draft goes out at that time (Berlin). */
city.command("at", staffOnly, async (ctx) => {
  const scope = await cityOf(ctx);
  if (!scope) return;
  const draft = await currentDraft(ctx, scope.staffId, scope.municipalityId);
  if (!draft) return ctx.reply(ctx.t("arrival.staff.no_draft"));
  const at = parseBerlin(textOf(ctx).trim().split(/\s+/).slice(1).join(" "));
  if (!at) return formError(ctx, "bad_date");
  if (at.getTime() <= Date.now()) return formError(ctx, "in_past");
  const updated = await ctx.app.db.broadcast.update({ where: { id: draft.id }, data: { scheduledAt: at } });
  await draftCard(ctx, updated);
});

/** Text from staff while a draft is open is the broadcast's text (other text goes on). */
city.on("text", async (ctx, next) => {
  const text = ctx.message.text;
  if (text.startsWith("/") || ctx.user?.intake) return next();
  const scope = await cityOfQuietly(ctx);
  if (!scope) return next();
  const draft = await currentDraft(ctx, scope.staffId, scope.municipalityId);
  if (!draft) return next();
  const parsed = parseBroadcastText(text, ctx.lang);
  if (!parsed.ok) return formError(ctx, parsed.error);
  const texts = { ...textsOf(draft.texts), ...parsed.value };
  const updated = await ctx.app.db.broadcast.update({ where: { id: draft.id }, data: { texts } });
  await draftCard(ctx, updated);
});

/** Like cityOf, but says nothing to people who are not city staff. */
async function cityOfQuietly(ctx: BotContext) {
  if (!(await staffWith(ctx, "city_staff", "admin"))) return null;
  return cityOf(ctx);
}

async function statsCard(ctx: BotContext, b: Broadcast, edit = false): Promise<void> {
  const s = await broadcastStats(ctx.app.db, b.id);
  const status =
    b.status === "cancelled"
      ? "cancelled"
      : b.status === "scheduled" && s.sent === 0
        ? "scheduled"
        : s.pending === 0
          ? "done"
          : "sending";
  const text = ctx.t("arrival.staff.stats", {
    ...s,
    audience: audienceName(ctx, b.audience),
    status: ctx.t(`arrival.staff.status_${status}`),
    when: b.scheduledAt ? berlinWallClock(b.scheduledAt) : berlinWallClock(b.startedAt ?? b.createdAt),
  });
  const keyboard = Markup.inlineKeyboard([
    [
      button(ctx.t("arrival.staff.refresh"), ["bc", "st", b.id]),
      ...(status === "scheduled" ? [button(ctx.t("arrival.staff.unschedule"), ["bc", "cx", b.id])] : []),
    ],
  ]);
  if (edit) await ctx.editMessageText(text, keyboard).catch(() => ctx.reply(text, keyboard));
  else await ctx.reply(text, keyboard);
}

async function showBroadcasts(ctx: BotContext, municipalityId: string): Promise<void> {
  const list = await ctx.app.db.broadcast.findMany({
    where: { municipalityId, status: { not: "draft" } },
    orderBy: { createdAt: "desc" },
    take: 5,
  });
  if (list.length === 0) return void (await ctx.reply(ctx.t("arrival.staff.broadcasts_none")));
  for (const b of list.reverse()) await statsCard(ctx, b);
}
city.command("broadcasts", staffOnly, async (ctx) => {
  const scope = await cityOf(ctx);
  if (scope) await showBroadcasts(ctx, scope.municipalityId);
});

/** Confirmed: the rows first (idempotent keys), then the status; a second tap finds no draft. */
async function sendBroadcast(ctx: BotContext, staffId: string, b: Broadcast): Promise<void> {
  const { db } = ctx.app;
  const texts = textsOf(b.texts);
  if (Object.keys(texts).length === 0) return formError(ctx, "no_text");
  const scheduledAt = b.scheduledAt && b.scheduledAt.getTime() > Date.now() ? b.scheduledAt : null;
  const people = await recipients(db, b.municipalityId, b.audience);
  await queueDeliveriesFor(ctx, b, people, scheduledAt);
  const moved = await db.broadcast.updateMany({
    where: { id: b.id, status: "draft" },
    data: scheduledAt
      ? { status: "scheduled", scheduledAt }
      : { status: "sending", startedAt: new Date(), scheduledAt: null },
  });
  if (moved.count === 1) {
    await audit(db, staffId, "city.broadcast", b.id, {
      audience: b.audience,
      recipients: people.length,
      languages: Object.keys(texts).join(","),
      scheduled: scheduledAt ? scheduledAt.toISOString() : null,
    });
  }
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await statsCard(ctx, await db.broadcast.findUniqueOrThrow({ where: { id: b.id } }));
}

async function queueDeliveriesFor(
  ctx: BotContext,
  b: Broadcast,
  people: { userId: string; chatId: bigint }[],
  sendAfter: Date | null,
): Promise<void> {
  const texts = textsOf(b.texts);
  await queueDeliveries(
    ctx.app.db,
    ctx.app.deliveries,
    people.map((p) => ({
      key: `broadcast:${b.id}:${p.userId}`,
      kind: "broadcast",
      userId: p.userId,
      chatId: p.chatId,
      broadcastId: b.id,
      payload: { parts: [{ texts }] },
      sendAfter,
    })),
  );
}

// ---- buttons ----

type CityCallback = Extract<Callback, ["cm" | "hh" | "ev" | "bc" | "bcp" | "bce", ...unknown[]]>;

export async function onCityButton(ctx: BotContext, data: CityCallback): Promise<void> {
  // the same server-side role check as the commands; others learn nothing
  let allowed = false;
  await staffOnly(ctx, async () => {
    allowed = true;
  });
  if (!allowed) return;
  const scope = await cityOf(ctx);
  if (!scope) return;
  const { municipalityId, staffId } = scope;
  const { db } = ctx.app;
  switch (data[0]) {
    case "cm": {
      const what = data[1];
      if (what === "info") return showCityInfo(ctx, municipalityId);
      if (what === "homes") return showHouseholds(ctx, municipalityId);
      if (what === "events") return showEvents(ctx, municipalityId);
      if (what === "bcs") return showBroadcasts(ctx, municipalityId);
      const draft =
        (await currentDraft(ctx, staffId, municipalityId)) ??
        (await db.broadcast.create({
          data: { municipalityId, createdBy: staffId, audience: "placed", texts: {} },
        }));
      await ctx.reply(ctx.t("arrival.staff.compose"));
      return draftCard(ctx, draft);
    }
    case "hh":
      if (data[2] === "arrived") return markArrived(ctx, municipalityId, staffId, data[1]);
      return showHousehold(ctx, municipalityId, data[1]);
    case "ev":
      if (data[1] === "show") return showEvent(ctx, municipalityId, data[2]);
      if (data[1] === "cancel") {
        return void (await ctx.reply(
          ctx.t("arrival.staff.event_cancel_confirm"),
          Markup.inlineKeyboard([[button(ctx.t("arrival.staff.event_cancel_yes"), ["ev", "yes", data[2]])]]),
        ));
      }
      return cancelEvent(ctx, municipalityId, staffId, data[2]);
    case "bcp":
    case "bce":
    case "bc":
      return onBroadcastButton(ctx, staffId, municipalityId, data);
  }
}

async function onBroadcastButton(
  ctx: BotContext,
  staffId: string,
  municipalityId: string,
  data: Extract<Callback, ["bc" | "bcp" | "bce", ...unknown[]]>,
): Promise<void> {
  const { db } = ctx.app;
  const id = data[0] === "bce" ? data[1] : data[2];
  const b = await db.broadcast.findFirst({ where: { id, municipalityId } });
  if (!b) return void (await ctx.reply(ctx.t("arrival.staff.not_found")));
  const draftOnly = async (change: Prisma.BroadcastUpdateManyMutationInput) => {
    const n = await db.broadcast.updateMany({ where: { id, status: "draft" }, data: change });
    if (n.count === 0) return statsCard(ctx, b);
    return draftCard(ctx, await db.broadcast.findUniqueOrThrow({ where: { id } }));
  };
  if (data[0] === "bcp") {
    const lang = data[1] as Language;
    const preview = renderPayload(ctx.app.i18n, lang, { parts: [{ texts: textsOf(b.texts) }] }).text;
    const heading = ctx.t("arrival.staff.preview", { language: ctx.app.i18n.t(lang)("language.name") });
    return void (await ctx.reply(`${heading}\n\n${preview || ctx.t("arrival.form.no_text")}`));
  }
  if (data[0] === "bce") return draftOnly({ audience: `event:${data[2]}` });
  const op = data[1];
  switch (op) {
    case "ap":
      return draftOnly({ audience: "placed" });
    case "an":
      return draftOnly({ audience: "not_arrived" });
    case "ae": {
      const events = await db.event.findMany({
        where: { municipalityId, cancelled: false, startsAt: { gt: new Date() } },
        orderBy: { startsAt: "asc" },
        take: 10,
      });
      if (events.length === 0) return void (await ctx.reply(ctx.t("arrival.staff.events_none")));
      return void (await ctx.reply(
        ctx.t("arrival.staff.choose_event"),
        Markup.inlineKeyboard(
          events.map((e) => [
            button(
              `${berlinWallClock(e.startsAt)} · ${(Object.values(textsOf(e.texts))[0] ?? "").slice(0, 30)}`,
              ["bce", b.id, e.id],
            ),
          ]),
        ),
      ));
    }
    case "sch": {
      const tomorrow = berlinWallClock(new Date(Date.now() + 86_400_000)).slice(0, 10);
      return void (await ctx.reply(
        ctx.t("arrival.staff.schedule_help"),
        Markup.inlineKeyboard([
          [button(`${tomorrow} 09:00`, ["bc", "t9", b.id]), button(`${tomorrow} 18:00`, ["bc", "t18", b.id])],
        ]),
      ));
    }
    case "t9":
    case "t18": {
      const tomorrow = berlinWallClock(new Date(Date.now() + 86_400_000)).slice(0, 10);
      return draftOnly({ scheduledAt: parseBerlin(`${tomorrow} ${op === "t9" ? "09:00" : "18:00"}`) });
    }
    case "now":
      return draftOnly({ scheduledAt: null });
    case "ask": {
      if (b.status !== "draft") return statsCard(ctx, b);
      if (Object.keys(textsOf(b.texts)).length === 0) return formError(ctx, "no_text");
      const count = (await recipients(db, municipalityId, b.audience)).length;
      const when = b.scheduledAt ? berlinWallClock(b.scheduledAt) : ctx.t("arrival.staff.when_now");
      return void (await ctx.reply(
        ctx.t("arrival.staff.confirm", { count, when, audience: audienceName(ctx, b.audience) }),
        Markup.inlineKeyboard([
          [button(ctx.t("arrival.staff.confirm_yes"), ["bc", "go", b.id])],
          [button(ctx.t("arrival.staff.confirm_no"), ["bc", "back", b.id])],
        ]),
      ));
    }
    case "go":
      if (b.status !== "draft") return statsCard(ctx, b);
      return sendBroadcast(ctx, staffId, b);
    case "back":
      return b.status === "draft" ? draftCard(ctx, b) : statsCard(ctx, b);
    case "del": {
      const n = await db.broadcast.updateMany({
        where: { id, status: "draft" },
        data: { status: "cancelled" },
      });
      if (n.count === 1) await audit(db, staffId, "city.broadcast.discard", id);
      return void (await ctx.reply(ctx.t("arrival.staff.discarded")));
    }
    case "cx": {
      // a scheduled broadcast is called off: rows not yet sent go, their jobs then find nothing
      const n = await db.broadcast.updateMany({
        where: { id, status: "scheduled" },
        data: { status: "cancelled" },
      });
      if (n.count === 1) {
        await db.delivery.deleteMany({ where: { broadcastId: id, status: "pending" } });
        await audit(db, staffId, "city.broadcast.cancel", id);
      }
      return statsCard(ctx, await db.broadcast.findUniqueOrThrow({ where: { id } }), true);
    }
    case "st":
      return statsCard(ctx, b, true);
  }
}
