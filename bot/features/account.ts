import { randomBytes } from "node:crypto";
import { Composer, Markup } from "telegraf";
import { matcher, pack, routes } from "../../shared/callback";
import { deliveryPayload } from "../../shared/delivery";
import { eraseUser } from "../../shared/erasure";
import { summaryBlocks } from "../../shared/messages/answers";
import { eventParts, householdParts } from "../../shared/messages/arrival";
import { renderPayload } from "../../shared/messages/render";
import { formatBerlin } from "../../shared/messages/time";
import { preArrivalDataOf } from "../../shared/pre-arrival";
import { chunk } from "../../shared/text";
import { threadsBlock, threadsExport } from "../assistant/render";
import { threadsOfUser } from "../assistant/threads";
import { onButton } from "../buttons";
import type { BotContext, UserWithIntake } from "../context";
import { intakeContext, isLocked, showStatus } from "../intake/flow";
import { stateOf } from "../intake/store";
import { reviewLines } from "../pre-arrival/render";

/** The person's own account: status, help, their data (export) and erasure. */
export const account = new Composer<BotContext>();

account.help((ctx) => ctx.reply(ctx.t("help.text")));

account.command("status", async (ctx) => {
  const current = ctx.user?.intake;
  if (!current) return ctx.reply(ctx.t("status.none"));
  if (await isLocked(ctx, current)) return showStatus(ctx, current);
  if (current.status === "registered") {
    return ctx.reply(
      ctx.t("status.registered", { date: current.submittedAt?.toISOString().slice(0, 10) ?? "" }),
    );
  }
  const state = stateOf(current);
  if (state.current === "review") return ctx.reply(ctx.t("status.review"));
  const { answered, total } = ctx.app.questionnaire.progress(state, await intakeContext(ctx));
  if (total === null) return ctx.reply(ctx.t("status.started"));
  return ctx.reply(ctx.t("status.in_progress", { answered, total }));
});

account.command("cancel", async (ctx) => {
  await ctx.reply(ctx.t(ctx.user ? "cancel.done" : "cancel.nothing"));
});

/** The person's rows beyond the questionnaire: offers, arrival, registrations, messages, corrections. */
async function storedAbout(ctx: BotContext, user: UserWithIntake) {
  const { db } = ctx.app;
  const intakeId = user.intake?.id ?? "";
  const [consents, offers, arrival, registrations, deliveries, changes, city] = await Promise.all([
    db.consentEvent.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { version: true, decision: true, createdAt: true },
    }),
    db.offer.findMany({
      where: { intakeId },
      orderBy: { createdAt: "asc" },
      include: { municipality: { select: { name: true } } },
    }),
    db.arrivalInfo.findUnique({ where: { intakeId } }),
    db.eventRegistration.findMany({
      where: { intakeId },
      include: { event: true },
      orderBy: { createdAt: "asc" },
    }),
    db.delivery.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } }),
    db.intakeChange.findMany({ where: { intakeId }, orderBy: { createdAt: "asc" } }),
    user.intake?.municipalityId
      ? db.municipality.findUnique({ where: { id: user.intake.municipalityId }, select: { name: true } })
      : null,
  ]);
  return { consents, offers, arrival, registrations, deliveries, changes, city: city?.name ?? null };
}

type Stored = Awaited<ReturnType<typeof storedAbout>>;

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The questionnaire as stored: status, answers, and what staff decided about the household. */
function questionnaireExport(intake: UserWithIntake["intake"], city: string | null) {
  if (!intake) return null;
  const state = stateOf(intake);
  return {
    status: intake.status,
    submittedAt: iso(intake.submittedAt),
    answers: state.answers ?? {},
    householdMembers: state.groups.members ?? [],
    selectionInProgress: state.draft ?? null,
    placedIn: intake.municipalityId,
    placedInName: city,
    placedAt: iso(intake.placedAt),
    arrivedAt: iso(intake.arrivedAt),
    declinedMunicipalities: intake.declined,
    onHold: intake.onHold,
    holdReason: intake.holdReason,
    withdrawnAt: iso(intake.withdrawnAt),
    withdrawReason: intake.withdrawReason,
  };
}

/** Offers, arrival details and event registrations: what the programme and the city arranged. */
function arrangementsExport(s: Stored) {
  return {
    offers: s.offers.map((o) => ({
      municipalityId: o.municipalityId,
      municipality: o.municipality.name,
      status: o.status,
      persons: o.persons,
      explanation: o.explanation,
      deadline: o.deadline.toISOString(),
      reason: o.reason,
      answeredAt: iso(o.answeredAt),
      createdAt: o.createdAt.toISOString(),
    })),
    arrival: s.arrival
      ? {
          arrivalDate: iso(s.arrival.arrivalDate),
          meetingPoint: s.arrival.meetingPoint,
          address: s.arrival.address,
          contactName: s.arrival.contactName,
          contactPhone: s.arrival.contactPhone,
          appointments: s.arrival.appointments,
          updatedAt: s.arrival.updatedAt.toISOString(),
        }
      : null,
    eventRegistrations: s.registrations.map((r) => ({
      event: r.event.texts,
      kind: r.event.kind,
      startsAt: r.event.startsAt.toISOString(),
      place: r.event.place,
      cancelled: r.event.cancelled,
      registeredAt: r.createdAt.toISOString(),
    })),
  };
}

/** Everything stored about a person, as plain data: the same content as the readable message. */
export async function exportData(ctx: BotContext, user: UserWithIntake, stored?: Stored) {
  const s = stored ?? (await storedAbout(ctx, user));
  const threads = await threadsOfUser(ctx.app.db, user.id);
  const pre = user.intake
    ? await ctx.app.db.preArrival.findUnique({ where: { intakeId: user.intake.id } })
    : null;
  return {
    exportedAt: new Date().toISOString(),
    account: {
      telegramId: user.telegramId.toString(),
      chatId: user.chatId.toString(),
      language: user.language,
      consentVersion: user.consentVersion,
      consentAt: user.consentAt.toISOString(),
      lastActiveAt: user.lastActiveAt.toISOString(),
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    consents: s.consents.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    questionnaire: questionnaireExport(user.intake, s.city),
    /** a caseworker's corrections of single answers */
    corrections: s.changes.map((c) => ({
      question: c.slot,
      before: c.before,
      after: c.after,
      at: c.createdAt.toISOString(),
    })),
    ...arrangementsExport(s),
    /** the messages sent to the person apart from the conversation (offers, city news, reminders) */
    messages: s.deliveries.map((d) => ({
      kind: d.kind,
      status: d.status,
      text: renderPayload(ctx.app.i18n, ctx.lang, deliveryPayload.parse(d.payload)).text,
      sendAfter: iso(d.sendAfter),
      sentAt: iso(d.sentAt),
      createdAt: d.createdAt.toISOString(),
    })),
    /** names, dates of birth and phone given for the city before arrival (bot/features/pre-arrival.ts) */
    preArrival: pre
      ? {
          ...preArrivalDataOf(pre),
          confirmedAt: pre.confirmedAt?.toISOString() ?? null,
          updatedAt: pre.updatedAt.toISOString(),
        }
      : null,
    /** questions handed to a person, with the answers (bot/assistant) */
    supportThreads: threadsExport(threads),
  };
}

/** The readable blocks beyond the answers: offers with why, arrival, registrations, messages. */
function storedBlocks(ctx: BotContext, s: Stored, data: Awaited<ReturnType<typeof exportData>>): string[] {
  const { t } = ctx;
  const blocks: string[] = [];
  for (const o of s.offers) {
    const factors = ((o.explanation as { factors?: { factor: string }[] }).factors ?? []).map(
      (f) => `• ${t(`factor.${f.factor}`)}`,
    );
    blocks.push(
      [
        t("mydata.offer", {
          city: o.municipality.name,
          status: t(`mydata.offer_${o.status}`),
          date: formatBerlin(o.createdAt),
        }),
        ...factors,
      ].join("\n"),
    );
  }
  if (s.arrival) {
    blocks.push(renderPayload(ctx.app.i18n, ctx.lang, { parts: householdParts(s.arrival) }).text);
  }
  if (s.registrations.length > 0) {
    const lines = s.registrations.map(
      (r) => renderPayload(ctx.app.i18n, ctx.lang, { parts: eventParts(r.event) }).text,
    );
    blocks.push([t("mydata.registrations"), ...lines].join("\n\n"));
  }
  if (data.messages.length > 0) {
    const lines = data.messages.map((m) => `— ${formatBerlin(new Date(m.sentAt ?? m.createdAt))}\n${m.text}`);
    blocks.push([t("mydata.messages", { count: data.messages.length }), ...lines].join("\n\n"));
  }
  return blocks;
}

account.command("mydata", async (ctx) => {
  const user = ctx.user;
  if (!user) return ctx.reply(ctx.t("delete.nothing"));
  const stored = await storedAbout(ctx, user);
  const data = await exportData(ctx, user, stored);
  const status = user.intake?.status ?? "in_progress";
  const blocks = [
    ctx.t("mydata.intro"),
    ctx.t("mydata.account", {
      language: ctx.t("language.name"),
      consentAt: user.consentAt.toISOString().slice(0, 16).replace("T", " "),
      version: user.consentVersion,
      status: stored.city
        ? `${ctx.t(`mydata.status_${status}`)} (${stored.city})`
        : ctx.t(`mydata.status_${status}`),
    }),
  ];
  if (user.intake) {
    const context = await intakeContext(ctx);
    blocks.push(
      ...summaryBlocks(ctx.t, ctx.app.questionnaire.summary(stateOf(user.intake), context), context),
    );
  }
  blocks.push(...storedBlocks(ctx, stored, data));
  if (data.preArrival) {
    blocks.push([ctx.t("prearrival.mydata_title"), ...reviewLines(ctx.t, data.preArrival)].join("\n"));
  }
  blocks.push(...threadsBlock(ctx.t, await threadsOfUser(ctx.app.db, user.id)));
  for (const text of chunk(blocks)) await ctx.reply(text);
  await ctx.replyWithDocument(
    { source: Buffer.from(JSON.stringify(data, null, 2)), filename: "rematch-my-data.json" },
    { caption: ctx.t("mydata.file_caption") },
  );
});

/** How long a /delete's "yes" button stays valid. */
const ERASE_CONFIRM_MS = 10 * 60_000;

account.command("delete", async (ctx) => {
  const user = ctx.user;
  if (!user) return ctx.reply(ctx.t("delete.nothing"));
  // the confirmation is bound to this request: one nonce, one tap, for ten minutes
  const nonce = randomBytes(8).toString("hex");
  await ctx.app.db.user.update({
    where: { id: user.id },
    data: { eraseNonce: nonce, eraseRequestedAt: new Date() },
  });
  await ctx.reply(
    ctx.t("delete.confirm"),
    Markup.inlineKeyboard([
      [Markup.button.callback(ctx.t("delete.yes"), pack(routes.erase, { nonce, decision: "yes" }))],
      [Markup.button.callback(ctx.t("delete.no"), pack(routes.erase, { nonce, decision: "no" }))],
    ]),
  );
});

onButton(account, routes.erase, async (ctx, { nonce, decision }) => {
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  const user = ctx.user;
  if (!user) return ctx.reply(ctx.t("delete.nothing"));
  const { db, events, deliveries } = ctx.app;
  // claim the request: only its own nonce, once, while it is fresh
  const claimed = await db.user.updateMany({
    where: {
      id: user.id,
      eraseNonce: nonce,
      eraseRequestedAt: { gt: new Date(Date.now() - ERASE_CONFIRM_MS) },
    },
    data: { eraseNonce: null, eraseRequestedAt: null },
  });
  if (claimed.count === 0) return ctx.reply(ctx.t("delete.expired"));
  if (decision === "no") return ctx.reply(ctx.t("delete.kept"));
  await eraseUser(db, { events, deliveries, secret: ctx.app.config.BOT_TOKEN }, user.id);
  ctx.user = null;
  ctx.app.logger.info({ event: "user-erased" }, "personal data erased on request");
  await ctx.reply(ctx.t("delete.done"));
});

/** A "yes, delete" of the old kind (no request of its own) or forged data: nothing is deleted. */
account.action(matcher(routes.erase), async (ctx) => {
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await ctx.reply(ctx.t(ctx.user ? "delete.expired" : "delete.nothing"));
});
