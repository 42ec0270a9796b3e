import { Markup } from "telegraf";
import type { Input, Context as IntakeContext, IntakeState, Slot } from "../../core/questionnaire";
import { pack, routes } from "../../shared/callback";
import type { Intake, IntakeStatus } from "../../shared/generated/prisma/client";
import { choiceLabel, formatValue, summaryBlocks } from "../../shared/messages/answers";
import { berlinToday, formatBerlin } from "../../shared/messages/time";
import { chunk } from "../../shared/text";
import type { BotContext } from "../context";
import { questionView, reviewKeyboard, type View } from "./render";
import { alreadyApplied, inOpenRound, saveState, stateOf } from "./store";

export async function intakeContext(ctx: BotContext): Promise<IntakeContext> {
  return { today: berlinToday(), municipalities: await ctx.app.municipalities.list() };
}

export async function sendView(ctx: BotContext, view: View): Promise<void> {
  await ctx.reply(view.text, view.keyboard.length > 0 ? Markup.inlineKeyboard(view.keyboard) : undefined);
}

/**
 * Statuses in which the submitted answers are what matching used (an open offer) or what the city
 * received (placed, arrived), or the household left the programme: the answers are locked. The
 * person sees their status; a change goes to a caseworker as a question.
 */
const LOCKED: readonly IntakeStatus[] = ["offered", "placed", "arrived", "withdrawn"];

/**
 * Whether the answers can no longer be changed here: a locked status, or a registered household in
 * a round that is queued, computing or waiting for the caseworker's decision (the round matches
 * the answers it read; a change now would differ from what the offer and the city are told).
 */
export async function isLocked(ctx: BotContext, intake: Intake): Promise<boolean> {
  if (LOCKED.includes(intake.status)) return true;
  return intake.status === "registered" && (await inOpenRound(ctx.app.db, intake.id));
}

/** A locked household's status: the open offer, the city, or the withdrawal; with "my household changed". */
export async function showStatus(ctx: BotContext, intake: Intake): Promise<void> {
  const { db } = ctx.app;
  const offer =
    intake.status === "offered"
      ? await db.offer.findFirst({
          where: { intakeId: intake.id, status: "pending" },
          include: { municipality: true },
          orderBy: { createdAt: "desc" },
        })
      : null;
  const city = intake.municipalityId
    ? (await db.municipality.findUnique({ where: { id: intake.municipalityId } }))?.name
    : undefined;
  const text =
    intake.status === "offered"
      ? offer
        ? ctx.t("status.offered", { city: offer.municipality.name, date: formatBerlin(offer.deadline) })
        : ctx.t("status.offer_pending")
      : intake.status === "registered"
        ? ctx.t("status.in_round")
        : ctx.t(`status.${intake.status}`, { city: city ?? "" });
  const keyboard =
    intake.status === "withdrawn"
      ? undefined
      : Markup.inlineKeyboard([
          [Markup.button.callback(ctx.t("status.change_button"), pack(routes.changeRequest, {}))],
        ]);
  await ctx.reply(`${text}\n\n${ctx.t("status.locked")}`, keyboard);
}

/**
 * Shows where the person is: the open question, or the summary with submit/change buttons; for a
 * household whose answers are locked (an offer, a placement), its status.
 */
export async function showCurrent(ctx: BotContext, intake: Intake): Promise<void> {
  if (await isLocked(ctx, intake)) return showStatus(ctx, intake);
  const { questionnaire } = ctx.app;
  const state = stateOf(intake);
  const context = await intakeContext(ctx);
  const slot = questionnaire.current(state, context);
  if (slot) {
    await sendView(ctx, questionView(ctx.t, questionnaire, state, context, slot, intake.version));
    return;
  }
  await showSummary(ctx, intake, state, context);
}

export async function showSummary(
  ctx: BotContext,
  intake: Intake,
  state: IntakeState,
  context: IntakeContext,
): Promise<void> {
  const registered = intake.status === "registered";
  const blocks = summaryBlocks(ctx.t, ctx.app.questionnaire.summary(state, context), context);
  const messages = chunk([ctx.t("intake.summary.title"), ...blocks]);
  const last = messages.pop() ?? "";
  for (const text of messages) await ctx.reply(text);
  const closing = registered ? last : `${last}\n\n${ctx.t("intake.summary.ask_submit")}`;
  await ctx.reply(closing, Markup.inlineKeyboard(reviewKeyboard(ctx.t, intake.version, registered)));
}

/** Where the person is, whoever they are: their step, or (no account yet) how to begin. */
export async function showWhere(ctx: BotContext): Promise<void> {
  const intake = ctx.user?.intake;
  if (intake) return showCurrent(ctx, intake);
  await ctx.reply(ctx.t("welcome.not_started"));
}

export async function replyStale(ctx: BotContext, intake: Intake): Promise<void> {
  await ctx.reply(ctx.t("fallback.stale_button"));
  await showCurrent(ctx, intake);
}

/** A typed answer to a button question: accept it when it is one of the choices' labels. */
function typedChoice(ctx: BotContext, slot: Slot, text: string, context: IntakeContext): Input | null {
  const q = slot.question;
  const wanted = text.trim().toLowerCase();
  const choices = q.type === "yesno" ? ["yes", "no"] : q.type === "single" ? q.choices : [];
  const match = choices.find((c) => choiceLabel(ctx.t, slot, c, context).toLowerCase() === wanted);
  return match ? { kind: "choice", value: match } : null;
}

const DRAFT_INPUTS = new Set<Input["kind"]>(["toggle", "rank", "rankReset"]);

/**
 * Applies one input of the person to their questionnaire: validate, save, answer.
 * `version` is the intake version a button was drawn for (absent for typed text).
 */
export async function applyInput(ctx: BotContext, input: Input, version?: number): Promise<void> {
  const intake = ctx.user?.intake;
  if (!intake) return;
  const updateId = ctx.update.update_id;
  if (alreadyApplied(intake, updateId)) return;
  if (await isLocked(ctx, intake)) return showStatus(ctx, intake);
  if (version !== undefined && version !== intake.version) return replyStale(ctx, intake);

  const { questionnaire } = ctx.app;
  const state = stateOf(intake);
  const context = await intakeContext(ctx);
  const slot = questionnaire.current(state, context);
  if (!slot) return showCurrent(ctx, intake);
  const effective = input.kind === "text" ? (typedChoice(ctx, slot, input.text, context) ?? input) : input;

  const result = questionnaire.submit(state, context, effective);
  if (!result.ok) {
    // the question again, also after a button ("Done" with nothing chosen)
    await ctx.reply(ctx.t(`intake.errors.${result.error.key}`, result.error.params));
    await sendView(ctx, questionView(ctx.t, questionnaire, state, context, slot, intake.version));
    return;
  }
  const saved = await saveState(ctx.app.db, intake, result.state, updateId);
  if (!saved) return replyStale(ctx, intake);
  if (ctx.user) ctx.user.intake = saved;

  const fromButton = ctx.callbackQuery !== undefined;
  if (fromButton && DRAFT_INPUTS.has(effective.kind)) {
    // a selection in progress: redraw the same message with the new marks and version
    const view = questionView(ctx.t, questionnaire, result.state, context, slot, saved.version);
    await ctx
      .editMessageText(view.text, Markup.inlineKeyboard(view.keyboard))
      .catch(() => sendView(ctx, view));
    return;
  }
  if (fromButton) {
    // keep the answered question readable in the chat, without its buttons
    const answered = formatValue(ctx.t, slot, questionnaire.valueOf(result.state, slot.key), context);
    const before = questionView(ctx.t, questionnaire, state, context, slot, intake.version).text.split(
      "\n\n",
    )[0];
    await ctx.editMessageText(`${before}\n\n✔ ${answered}`).catch(() => undefined);
  }
  await showCurrent(ctx, saved);
}

/** Moves the questionnaire to another slot (back, or edit from the summary) and shows it. */
export async function moveTo(
  ctx: BotContext,
  intake: Intake,
  step: (
    state: IntakeState,
    context: IntakeContext,
  ) => ReturnType<BotContext["app"]["questionnaire"]["back"]>,
): Promise<void> {
  if (await isLocked(ctx, intake)) return showStatus(ctx, intake);
  const context = await intakeContext(ctx);
  const result = step(stateOf(intake), context);
  if (!result.ok) {
    await ctx.reply(ctx.t(`intake.errors.${result.error.key}`, result.error.params));
    return showCurrent(ctx, intake);
  }
  const saved = await saveState(ctx.app.db, intake, result.state, ctx.update.update_id);
  if (!saved) return replyStale(ctx, intake);
  if (ctx.user) ctx.user.intake = saved;
  await showCurrent(ctx, saved);
}
