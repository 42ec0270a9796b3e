import { Composer, Markup } from "telegraf";
import { HouseholdAnswers } from "../../core/answers";
import {
  answer,
  clearField,
  emptyPreArrival,
  nextStep,
  type PreArrivalData,
  type PreArrivalField,
} from "../../core/pre-arrival";
import { pack, routes } from "../../shared/callback";
import type { Intake, Prisma } from "../../shared/generated/prisma/client";
import { berlinToday } from "../../shared/messages/time";
import { preArrivalDataOf } from "../../shared/pre-arrival";
import { onButton } from "../buttons";
import type { BotContext } from "../context";
import { fixKeyboard, questionText, reviewKeyboard, reviewLines } from "../pre-arrival/render";
import { MAX_TEXT } from "./fallback";
import { CONSENT_VERSION, consentText } from "./start";

/**
 * After a household accepts an offer, the bot asks what the city needs before it arrives: each
 * member's name as in the passport and date of birth, and a contact phone (core/pre-arrival.ts
 * checks each answer). Then the person reviews, can fix any one field, and confirms; only then
 * do the city's staff and caseworkers see it (shared/pre-arrival.ts). People who consented to an
 * older consent text are asked for the current one first. `/prearrival` picks it up again.
 */
export const preArrival = new Composer<BotContext>();

const RECEIVED = new Set(["placed", "arrived"]);

/** The person's placed household, or null (nothing to ask of anyone else). */
function placedIntake(ctx: BotContext): Intake | null {
  const intake = ctx.user?.intake;
  return intake && RECEIVED.has(intake.status) ? intake : null;
}

async function cityName(ctx: BotContext, intake: Intake): Promise<string> {
  if (!intake.municipalityId) return "";
  const m = await ctx.app.db.municipality.findUnique({ where: { id: intake.municipalityId } });
  return m?.name ?? intake.municipalityId;
}

const rowOf = (ctx: BotContext, intakeId: string) =>
  ctx.app.db.preArrival.findUnique({ where: { intakeId } });

async function save(ctx: BotContext, intakeId: string, data: PreArrivalData, confirmed = false) {
  await ctx.app.db.preArrival.update({
    where: { intakeId },
    data: {
      members: data.members as Prisma.InputJsonValue,
      phone: data.phone ?? null,
      confirmedAt: confirmed ? new Date() : null,
    },
  });
}

/** The next question, or the review once everything is given. */
async function askNext(ctx: BotContext, intake: Intake, data: PreArrivalData): Promise<void> {
  const step = nextStep(data);
  if (step.field !== "review") {
    await ctx.reply(questionText(ctx.t, HouseholdAnswers.of(intake.state), data, step));
    return;
  }
  await ctx.reply(
    [
      ctx.t("prearrival.review_title"),
      ...reviewLines(ctx.t, data),
      "",
      ctx.t("prearrival.review_question"),
    ].join("\n"),
    Markup.inlineKeyboard(reviewKeyboard(ctx.t)),
  );
}

/** The current consent first; then the explanation and the first question (or where they are). */
export async function beginPreArrival(ctx: BotContext, intake: Intake): Promise<void> {
  const user = ctx.user;
  if (!user) return;
  if (user.consentVersion !== CONSENT_VERSION) {
    await ctx.reply(
      `${ctx.t("prearrival.consent_again")}\n\n${consentText(ctx.t, ctx.app.config.RETENTION_MONTHS)}`,
      Markup.inlineKeyboard([
        [
          Markup.button.callback(
            ctx.t("consent.agree"),
            pack(routes.preArrivalConsent, { decision: "agree" }),
          ),
        ],
        [
          Markup.button.callback(
            ctx.t("consent.decline"),
            pack(routes.preArrivalConsent, { decision: "decline" }),
          ),
        ],
      ]),
    );
    return;
  }
  const existing = await rowOf(ctx, intake.id);
  if (existing) return askNext(ctx, intake, preArrivalDataOf(existing));
  const data = emptyPreArrival(HouseholdAnswers.of(intake.state).size);
  await ctx.app.db.preArrival
    .create({ data: { intakeId: intake.id, members: data.members as Prisma.InputJsonValue } })
    .catch((error: { code?: string }) => {
      if (error.code !== "P2002") throw error; // the same tap twice at once: the first one made it
    });
  await ctx.reply(ctx.t("prearrival.intro", { city: await cityName(ctx, intake) }));
  await askNext(ctx, intake, data);
}

preArrival.command("prearrival", async (ctx, next) => {
  const intake = placedIntake(ctx);
  if (!intake) return next(); // nobody else has anything to give here: the unknown-command answer
  await beginPreArrival(ctx, intake);
});

onButton(preArrival, routes.preArrivalConsent, async (ctx, { decision }) => {
  const intake = placedIntake(ctx);
  const user = ctx.user;
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (!intake || !user) return ctx.reply(ctx.t("fallback.stale_button"));
  if (user.consentVersion === CONSENT_VERSION) return beginPreArrival(ctx, intake); // a second tap
  const { db } = ctx.app;
  if (decision === "decline") {
    await db.consentEvent.create({
      data: { userId: user.id, version: CONSENT_VERSION, decision: "declined" },
    });
    return ctx.reply(ctx.t("prearrival.consent_declined"));
  }
  const consentAt = new Date();
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { consentVersion: CONSENT_VERSION, consentAt } }),
    db.consentEvent.create({ data: { userId: user.id, version: CONSENT_VERSION, decision: "agreed" } }),
  ]);
  user.consentVersion = CONSENT_VERSION;
  user.consentAt = consentAt;
  await beginPreArrival(ctx, intake);
});

/** Typed text while a question is open is its answer; anything else goes on. */
preArrival.on("text", async (ctx, next) => {
  const intake = placedIntake(ctx);
  if (!intake || ctx.message.text.startsWith("/")) return next();
  const row = await rowOf(ctx, intake.id);
  if (!row || row.confirmedAt) return next();
  const data = preArrivalDataOf(row);
  const step = nextStep(data);
  if (step.field === "review") return next();
  if (ctx.message.text.length > MAX_TEXT) return ctx.reply(ctx.t("fallback.too_long", { max: MAX_TEXT }));
  const result = answer(data, step, ctx.message.text, berlinToday());
  if (!result.ok) {
    const question = questionText(ctx.t, HouseholdAnswers.of(intake.state), data, step);
    return ctx.reply(`${ctx.t(`prearrival.errors.${result.error}`)}\n\n${question}`);
  }
  await save(ctx, intake.id, result.value);
  await askNext(ctx, intake, result.value);
});

onButton(preArrival, routes.preArrival, async (ctx, { action, field, member }) => {
  const intake = placedIntake(ctx);
  const row = intake ? await rowOf(ctx, intake.id) : null;
  if (!intake || !row) return ctx.reply(ctx.t("fallback.stale_button"));
  const data = preArrivalDataOf(row);
  if (nextStep(data).field !== "review") return askNext(ctx, intake, data); // not complete: carry on
  if (action === "confirm") {
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
    if (!row.confirmedAt) await save(ctx, intake.id, data, true);
    return ctx.reply(ctx.t("prearrival.confirmed", { city: await cityName(ctx, intake) }));
  }
  if (action === "change") {
    return ctx
      .editMessageReplyMarkup({ inline_keyboard: fixKeyboard(ctx.t, data) })
      .catch(() =>
        ctx.reply(ctx.t("prearrival.review_question"), Markup.inlineKeyboard(fixKeyboard(ctx.t, data))),
      );
  }
  if (action === "review" || field === "none" || (field !== "phone" && member >= data.members.length)) {
    return askNext(ctx, intake, data);
  }
  const step: PreArrivalField = field === "phone" ? { field } : { field, member };
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  const cleared = clearField(data, step);
  await save(ctx, intake.id, cleared); // staff see it again once the person confirms again
  await askNext(ctx, intake, cleared);
});
