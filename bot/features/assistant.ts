import { Composer } from "telegraf";
import type { Message } from "telegraf/types";
import type { EntryView } from "../../core/assistant";
import { routes } from "../../shared/callback";
import { notifyStaff } from "../assistant/notify";
import { answerView, NO_BUTTONS, withoutFeedback } from "../assistant/render";
import { detectCrisis } from "../assistant/safety";
import { handOver, openThreadOf, ownThread, placeOf, rowId, setStatus, threadOf } from "../assistant/threads";
import { onButton } from "../buttons";
import type { BotContext, UserWithIntake } from "../context";
import { stateOf } from "../intake/store";
import { MAX_TEXT } from "./fallback";

/**
 * The information assistant, the person's side: free text outside the questionnaire is a
 * question. Crisis words → emergency numbers and a person, at once. An open thread → the text
 * joins it. Otherwise the knowledge base answers (with two related entries and "Did this help?"),
 * or, when it is not confident, the question goes to a person (bot/features/support.ts).
 * Question texts are personal data: they are stored only once handed over, and never logged.
 */
export const assistant = new Composer<BotContext>();

const RELATED = 2;

assistant.on("text", async (ctx, next) => {
  const text = ctx.message.text;
  const user = ctx.user;
  // commands and over-long texts: the fallbacks answer as before
  if (text.startsWith("/") || text.length > MAX_TEXT) return next();
  if (!user) {
    // before consent nothing is stored, so nobody can be told; the numbers are given all the same
    const crisis = detectCrisis(text);
    if (crisis) await ctx.reply(ctx.t(`assistant.crisis_${crisis}`));
    return next(); // "send /start"
  }
  // an open questionnaire question takes the text as its answer (features/intake.ts runs first)
  if (user.intake && stateOf(user.intake).current !== "review") return next();
  await onQuestion(ctx, user, text, ctx.message.message_id);
});

async function onQuestion(ctx: BotContext, user: UserWithIntake, text: string, messageId: number) {
  const { app } = ctx;
  const crisis = detectCrisis(text);
  if (crisis) {
    // the numbers first, before any database work: nothing may delay them
    await ctx.reply(ctx.t(`assistant.crisis_${crisis}`));
    app.logger.warn({ event: "assistant.crisis", kind: crisis }, "crisis words: handed to a person");
    return toPerson(ctx, user, text, messageId, "crisis");
  }
  if (await openThreadOf(app.db, user.id)) return toPerson(ctx, user, text, messageId, "follow-up");

  const municipalityId = placeOf(user);
  const result = app.assistant.search(text, { lang: ctx.lang, municipalityId, related: RELATED });
  const log = {
    event: "assistant.search",
    entryId: result.best?.id ?? null,
    confident: result.confident,
    matchedLang: result.matchedLang,
    coverage: result.coverage,
    evidence: result.evidence,
  };
  const best =
    result.confident && result.best ? app.assistant.entry(result.best.id, ctx.lang, municipalityId) : null;
  if (!best) {
    app.logger.info(log, "not confident: handed to a person");
    return toPerson(ctx, user, text, messageId, "not-confident");
  }
  app.logger.info(log, "answered from the knowledge base");
  const related = result.related
    .map((r) => app.assistant.entry(r.id, ctx.lang, municipalityId))
    .filter((e): e is EntryView => e !== null);
  await sendAnswer(ctx, best, related, messageId);
}

async function sendAnswer(ctx: BotContext, entry: EntryView, related: EntryView[], replyTo?: number) {
  const view = answerView(ctx.t, entry, related);
  await ctx.reply(view.text, {
    ...view.keyboard,
    // a reply to the question: "No" finds the question there, so it need not be stored before
    ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
  });
}

type Reason = "not-confident" | "not-helped" | "crisis" | "follow-up";

/** Stores the text in the person's thread (new or open), tells them, and tells staff. */
async function toPerson(
  ctx: BotContext,
  user: UserWithIntake,
  text: string,
  messageId: number,
  reason: Reason,
  shownEntryId?: string,
) {
  const { app } = ctx;
  const chatId = ctx.chat?.id ?? 0;
  const { question, added, fresh } = await handOver(app.db, {
    user,
    text,
    questionId: rowId(app.config.BOT_TOKEN, "q", chatId, messageId),
    messageId: rowId(app.config.BOT_TOKEN, "m", chatId, messageId),
  });
  app.logger.info(
    { event: "assistant.handed-over", questionId: question.id, reason, added },
    "question to a person",
  );
  await ctx.reply(
    ctx.t(
      added === "follow-up"
        ? "assistant.follow_up_added"
        : question.municipalityId
          ? "assistant.handed_over_city"
          : "assistant.handed_over",
    ),
  );
  if (!fresh) return;
  const thread = await threadOf(app.db, question.id);
  if (!thread) return;
  await notifyStaff(ctx, thread, added === "new" ? "new" : "follow-up", (lang) => {
    const t = app.i18n.t(lang);
    const notes: string[] = [];
    if (reason === "crisis") notes.push(t("assistant.staff.urgent"));
    if (reason === "not-helped" && shownEntryId) {
      const shown = app.assistant.entry(shownEntryId, lang, thread.municipalityId);
      notes.push(t("assistant.staff.not_helped", { entry: shown?.question ?? shownEntryId }));
    }
    return notes;
  });
}

/** The question the person asked, from the bot's answer they tapped a button on. */
function originalQuestion(ctx: BotContext): { text: string; messageId: number } | null {
  const message = ctx.callbackQuery?.message as (Message & { reply_to_message?: Message }) | undefined;
  const original = message?.reply_to_message;
  if (!original || !("text" in original) || typeof original.text !== "string") return null;
  return { text: original.text, messageId: original.message_id };
}

function keyboardOf(ctx: BotContext) {
  const message = ctx.callbackQuery?.message as Message.TextMessage | undefined;
  return message?.reply_markup?.inline_keyboard;
}

/** The person behind a tap, once they have an account (else: "send /start"). */
async function personOf(ctx: BotContext): Promise<UserWithIntake | null> {
  if (!ctx.user) await ctx.reply(ctx.t("welcome.not_started"));
  return ctx.user;
}

/** A related entry; null for another city's entry (a stale or forged button). */
onButton(assistant, routes.entry, async (ctx, { entryId }) => {
  const user = await personOf(ctx);
  if (!user) return;
  const entry = ctx.app.assistant.entry(entryId, ctx.lang, placeOf(user));
  if (!entry) return ctx.reply(ctx.t("fallback.stale_button"));
  await sendAnswer(ctx, entry, [], originalQuestion(ctx)?.messageId);
});

/** "Did this help?": yes is thanked; no hands the original question to a person. */
onButton(assistant, routes.helped, async (ctx, { entryId, helped }) => {
  const user = await personOf(ctx);
  if (!user) return;
  await ctx.editMessageReplyMarkup(withoutFeedback(keyboardOf(ctx))).catch(() => undefined);
  ctx.app.logger.info({ event: "assistant.feedback", entryId, helped: helped === "yes" }, "answer feedback");
  if (helped === "yes") return ctx.reply(ctx.t("assistant.glad"));
  const original = originalQuestion(ctx);
  if (!original) return ctx.reply(ctx.t("assistant.question_lost"));
  await toPerson(ctx, user, original.text, original.messageId, "not-helped", entryId);
});

/** On a staff answer: write back (the thread opens again) or "that answers it" (closed). */
onButton(assistant, routes.staffReply, async (ctx, { questionId, action }) => {
  const user = await personOf(ctx);
  if (!user) return;
  const thread = await ownThread(ctx.app.db, user.id, questionId);
  await ctx.editMessageReplyMarkup(NO_BUTTONS).catch(() => undefined);
  if (!thread) return ctx.reply(ctx.t("fallback.stale_button"));
  const writeBack = action === "write-back";
  await setStatus(ctx.app.db, thread.id, writeBack ? "open" : "closed");
  await ctx.reply(ctx.t(writeBack ? "assistant.write_back_prompt" : "assistant.solved"));
});
