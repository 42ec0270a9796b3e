import { Composer, Markup } from "telegraf";
import type { Callback } from "../callback-data";
import type { BotContext } from "../context";
import {
  applyInput,
  intakeContext,
  moveTo,
  replyStale,
  sendView,
  showCurrent,
  showSummary,
} from "../intake/flow";
import { sectionQuestionsView, sectionsView } from "../intake/render";
import { saveState, stateOf } from "../intake/store";
import { MAX_TEXT } from "./fallback";

/** The questionnaire in chat: typed answers, answer buttons, /back, the review and submit. */
export const intake = new Composer<BotContext>();

intake.command("back", async (ctx) => {
  const current = ctx.user?.intake;
  if (!current) return ctx.reply(ctx.t("welcome.not_started"));
  await moveTo(ctx, current, (s, c) => ctx.app.questionnaire.back(s, c));
});

export async function onIntakeButton(ctx: BotContext, data: Callback): Promise<void> {
  const current = ctx.user?.intake;
  if (!current) {
    await ctx.reply(ctx.t("welcome.not_started"));
    return;
  }
  if (data[0] === "q") {
    const [, version, op, value] = data;
    if (op === "b") {
      if (version !== current.version) return replyStale(ctx, current);
      return moveTo(ctx, current, (s, c) => ctx.app.questionnaire.back(s, c));
    }
    const input =
      op === "c"
        ? { kind: "choice" as const, value: value ?? "" }
        : op === "t"
          ? { kind: "toggle" as const, value: value ?? "" }
          : op === "r"
            ? { kind: "rank" as const, value: value ?? "" }
            : op === "d"
              ? { kind: "done" as const }
              : op === "s"
                ? { kind: "skip" as const }
                : { kind: "rankReset" as const };
    return applyInput(ctx, input, version);
  }
  if (data[0] === "reg") return showCurrentOrSummary(ctx);
  if (data[0] !== "rv") return;
  if (data[1] !== current.version) return replyStale(ctx, current);
  await onReviewButton(ctx, data);
}

async function showCurrentOrSummary(ctx: BotContext): Promise<void> {
  const current = ctx.user?.intake;
  if (!current) return;
  const context = await intakeContext(ctx);
  const state = stateOf(current);
  if (state.current === "review") return showSummary(ctx, current, state, context);
  return showCurrent(ctx, current);
}

async function onReviewButton(ctx: BotContext, data: Extract<Callback, ["rv", ...unknown[]]>): Promise<void> {
  const current = ctx.user?.intake;
  if (!current) return;
  const { questionnaire } = ctx.app;
  const state = stateOf(current);
  const context = await intakeContext(ctx);
  const op = data[2];
  if (op === "summary") return showSummary(ctx, current, state, context);
  if (op === "edit")
    return sendView(ctx, sectionsView(ctx.t, questionnaire.summary(state, context), current.version));
  if (op === "sec") {
    const section = questionnaire.summary(state, context)[data[3]];
    if (!section) return replyStale(ctx, current);
    const view = sectionQuestionsView(ctx.t, section, context, current.version);
    await ctx
      .editMessageText(view.text, Markup.inlineKeyboard(view.keyboard))
      .catch(() => sendView(ctx, view));
    return;
  }
  if (op === "ed") {
    const key = data[3];
    return moveTo(ctx, current, (s, c) => questionnaire.edit(s, c, key));
  }
  // submit
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
