import { Composer, Markup } from "telegraf";
import type { Context as IntakeContext, IntakeState } from "../../core/questionnaire";
import { routes } from "../../shared/callback";
import type { Intake } from "../../shared/generated/prisma/client";
import { onButton } from "../buttons";
import type { BotContext } from "../context";
import {
  applyInput,
  intakeContext,
  isLocked,
  moveTo,
  replyStale,
  sendView,
  showCurrent,
  showStatus,
  showSummary,
} from "../intake/flow";
import { sectionQuestionsView, sectionsView } from "../intake/render";
import { saveState, stateOf } from "../intake/store";
import { toPerson } from "./assistant";
import { MAX_TEXT } from "./fallback";

/** The questionnaire in chat: typed answers, answer buttons, /back, the review and submit. */
export const intake = new Composer<BotContext>();

intake.command("back", async (ctx) => {
  const current = ctx.user?.intake;
  if (!current) return ctx.reply(ctx.t("welcome.not_started"));
  await moveTo(ctx, current, (s, c) => ctx.app.questionnaire.back(s, c));
});

const INPUTS = { choose: "choice", toggle: "toggle", rank: "rank" } as const;
const STEPS = { done: "done", skip: "skip", "rank-reset": "rankReset" } as const;

/** The person's questionnaire, or (for a tap without one) the reply that it has not started. */
async function current(ctx: BotContext) {
  const intake = ctx.user?.intake;
  if (!intake) await ctx.reply(ctx.t("welcome.not_started"));
  return intake ?? null;
}

onButton(intake, routes.answer, async (ctx, { version, input, value }) => {
  if (!(await current(ctx))) return;
  await applyInput(ctx, { kind: INPUTS[input], value }, version);
});

onButton(intake, routes.step, async (ctx, { version, step }) => {
  const intakeRow = await current(ctx);
  if (!intakeRow) return;
  if (step !== "back") return applyInput(ctx, { kind: STEPS[step] }, version);
  if (version !== intakeRow.version) return replyStale(ctx, intakeRow);
  await moveTo(ctx, intakeRow, (s, c) => ctx.app.questionnaire.back(s, c));
});

onButton(intake, routes.registered, async (ctx) => {
  const intakeRow = await current(ctx);
  if (!intakeRow) return;
  if (await isLocked(ctx, intakeRow)) return showStatus(ctx, intakeRow);
  const context = await intakeContext(ctx);
  const state = stateOf(intakeRow);
  if (state.current === "review") return showSummary(ctx, intakeRow, state, context);
  await showCurrent(ctx, intakeRow);
});

/** A review button of the current version, with the state and context it was drawn for. */
async function atReview(ctx: BotContext, version: number) {
  const intakeRow = await current(ctx);
  if (!intakeRow) return null;
  if (await isLocked(ctx, intakeRow)) {
    await showStatus(ctx, intakeRow);
    return null;
  }
  if (version !== intakeRow.version) {
    await replyStale(ctx, intakeRow);
    return null;
  }
  return { intakeRow, state: stateOf(intakeRow), context: await intakeContext(ctx) };
}

onButton(intake, routes.reviewSection, async (ctx, { version, section }) => {
  const at = await atReview(ctx, version);
  if (!at) return;
  const found = ctx.app.questionnaire.summary(at.state, at.context)[section];
  if (!found) return replyStale(ctx, at.intakeRow);
  const view = sectionQuestionsView(ctx.t, found, at.context, at.intakeRow.version);
  await ctx.editMessageText(view.text, Markup.inlineKeyboard(view.keyboard)).catch(() => sendView(ctx, view));
});

onButton(intake, routes.reviewEdit, async (ctx, { version, slot }) => {
  const at = await atReview(ctx, version);
  if (!at) return;
  await moveTo(ctx, at.intakeRow, (s, c) => ctx.app.questionnaire.edit(s, c, slot));
});

onButton(intake, routes.review, async (ctx, { version, action }) => {
  const at = await atReview(ctx, version);
  if (!at) return;
  const { intakeRow, state, context } = at;
  const { questionnaire } = ctx.app;
  if (action === "summary") return showSummary(ctx, intakeRow, state, context);
  if (action === "edit")
    return sendView(ctx, sectionsView(ctx.t, questionnaire.summary(state, context), intakeRow.version));
  await submit(ctx, intakeRow, state, context);
});

/**
 * "My household has changed" under a locked household's status: a question to a caseworker (the
 * answers matching used stay as they are); what the person writes next joins that question.
 */
onButton(intake, routes.changeRequest, async (ctx) => {
  const user = ctx.user;
  const intakeRow = await current(ctx);
  if (!user || !intakeRow) return;
  if (!(await isLocked(ctx, intakeRow))) return showCurrent(ctx, intakeRow);
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  const messageId = ctx.callbackQuery?.message?.message_id ?? ctx.update.update_id;
  await toPerson(
    ctx,
    user,
    ctx.t("status.change_request_text"),
    messageId,
    "change-request",
    undefined,
    ctx.t("status.change_sent"),
  );
});

async function submit(ctx: BotContext, current: Intake, state: IntakeState, context: IntakeContext) {
  const { questionnaire } = ctx.app;
  if (await isLocked(ctx, current)) return showStatus(ctx, current);
  if (current.status === "registered") return showSummary(ctx, current, state, context);
  if (!questionnaire.isComplete(state, context)) return showCurrent(ctx, current);
  const saved = await saveState(ctx.app.db, current, state, ctx.update.update_id, {
    submittedAt: new Date(),
  });
  if (!saved) return replyStale(ctx, current);
  if (ctx.user) ctx.user.intake = saved;
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  await ctx.reply(ctx.t("intake.submitted"));
  await ctx.app.events
    .add(
      "intake-submitted",
      { kind: "intake-submitted", intakeId: saved.id },
      { jobId: `intake-submitted-${saved.id}` },
    )
    .catch((error: Error) =>
      ctx.app.logger.error({ err: error.message }, "could not enqueue intake-submitted"),
    );
}

/** Any other text while the questionnaire is open is an answer to the current question. */
intake.on("text", async (ctx, next) => {
  const current = ctx.user?.intake;
  // at the review (also after registration) typed text is not an answer: it goes on to the fallbacks
  if (!current || stateOf(current).current === "review") return next();
  if (ctx.message.text.startsWith("/")) return next();
  if (ctx.message.text.length > MAX_TEXT) return ctx.reply(ctx.t("fallback.too_long", { max: MAX_TEXT }));
  await applyInput(ctx, { kind: "text", text: ctx.message.text });
});
