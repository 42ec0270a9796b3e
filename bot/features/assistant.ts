import { Composer } from "telegraf";
import type { Message } from "telegraf/types";
import { detectCrisis, type EntryView } from "../../core/assistant";
import { looksLikeAnswer } from "../../core/text";
import { routes } from "../../shared/callback";
import { storeFeedback } from "../assistant/feedback";
import { notifyStaff } from "../assistant/notify";
import { answerView, NO_BUTTONS, suggestedIds, suggestionsView, withoutFeedback } from "../assistant/render";
import { crisisText } from "../assistant/safety";
import {
  type HandOverReason,
  handOver,
  openThreadOf,
  ownThread,
  placeOf,
  rowId,
  setStatus,
  threadOf,
} from "../assistant/threads";
import { onButton } from "../buttons";
import type { BotContext, UserWithIntake } from "../context";
import { showWhere } from "../intake/flow";
import { stateOf } from "../intake/store";
import { MAX_TEXT } from "./fallback";

/**
 * The information assistant, the person's side: free text outside the questionnaire is a
 * question. A crisis (core/assistant/crisis) → what to do now and the numbers that fit, then a
 * person, marked urgent, at once. An open thread → the text joins it. Otherwise the knowledge
 * base answers (with two related entries and "Did this help?"); when it is not sure, "Did you
 * mean …?" with its three best entries and "ask a person"; when nothing fits, a person
 * (bot/features/support.ts). Question texts are personal data: stored only once handed over,
 * never logged.
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
    if (crisis) await ctx.reply(crisisText(ctx.t, crisis));
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
    await ctx.reply(crisisText(ctx.t, crisis));
    app.logger.warn(
      { event: "assistant.crisis", kinds: crisis.kinds, signs: crisis.signs },
      "crisis: handed to a person, urgent",
    );
    return toPerson(ctx, user, text, messageId, "crisis");
  }
  if (await openThreadOf(app.db, user.id)) return toPerson(ctx, user, text, messageId, "follow-up");

  const municipalityId = placeOf(user);
  const result = app.assistant.search(text, { lang: ctx.lang, municipalityId, related: RELATED });
  const log = {
    event: "assistant.search",
    entryId: result.best?.id ?? null,
    confident: result.confident,
    probability: result.probability,
    matchedLang: result.matchedLang,
    transliterated: result.transliterated,
    coverage: result.coverage,
    evidence: result.evidence,
  };
  const view = (id: string) => app.assistant.entry(id, ctx.lang, municipalityId);
  const best = result.confident && result.best ? view(result.best.id) : null;
  if (best) {
    app.logger.info(log, "answered from the knowledge base");
    const related = result.related.map((r) => view(r.id)).filter((e): e is EntryView => e !== null);
    return sendAnswer(ctx, best, related, messageId);
  }
  // "5", "Kraków": an answer typed where no question is open (at the summary, after submitting):
  // pointed back to where the person is, not handed to staff
  if (looksLikeAnswer(text)) {
    app.logger.info(log, "not a question: pointed back");
    await ctx.reply(ctx.t("assistant.not_a_question"));
    return showWhere(ctx);
  }
  // no candidates: even the best is unlikely to fit (core/assistant/search.ts CANDIDATE_MIN)
  const candidates = result.candidates.map((c) => view(c.id)).filter((e): e is EntryView => e !== null);
  if (candidates.length === 0) {
    app.logger.info(log, "not confident: handed to a person");
    return toPerson(ctx, user, text, messageId, "not-confident", result.best?.id);
  }
  app.logger.info({ ...log, candidates: candidates.length }, "not sure: did you mean");
  const suggestions = suggestionsView(ctx.t, candidates);
  await ctx.reply(suggestions.text, {
    ...suggestions.keyboard,
    reply_parameters: { message_id: messageId, allow_sending_without_reply: true },
  });
}

async function sendAnswer(ctx: BotContext, entry: EntryView, related: EntryView[], replyTo?: number) {
  const writtenIn = entry.writtenIn ? ctx.app.i18n.t(entry.writtenIn)("language.name") : undefined;
  const view = answerView(ctx.t, entry, related, writtenIn);
  await ctx.reply(view.text, {
    ...view.keyboard,
    // a reply to the question: "No" finds the question there, so it need not be stored before
    ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
  });
}

/**
 * Stores the text in the person's thread (new or open), tells them (`told`: what they read instead of
 * the usual "passed to a person"), and tells staff at once.
 */
export async function toPerson(
  ctx: BotContext,
  user: UserWithIntake,
  text: string,
  messageId: number,
  reason: HandOverReason,
  nearestEntryId?: string,
  told?: string,
) {
  const { app } = ctx;
  const chatId = ctx.chat?.id ?? 0;
  const { question, added, fresh } = await handOver(app.db, {
    user,
    text,
    questionId: rowId(app.config.BOT_TOKEN, "q", chatId, messageId),
    messageId: rowId(app.config.BOT_TOKEN, "m", chatId, messageId),
    reason,
    nearestEntryId: nearestEntryId ?? null,
  });
  app.logger.info(
    { event: "assistant.handed-over", questionId: question.id, reason, added },
    "question to a person",
  );
  await ctx.reply(
    told ??
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
    if (reason === "change-request") notes.push(t("assistant.staff.change_request"));
    if (reason === "not-helped" && nearestEntryId) {
      const shown = app.assistant.entry(nearestEntryId, lang, thread.municipalityId);
      notes.push(t("assistant.staff.not_helped", { entry: shown?.question ?? nearestEntryId }));
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

/** A related entry, or one the person picked from "Did you mean"; null for another city's entry. */
async function onEntry(ctx: BotContext, entryId: string, suggested: boolean) {
  const user = await personOf(ctx);
  if (!user) return;
  const entry = ctx.app.assistant.entry(entryId, ctx.lang, placeOf(user));
  if (!entry) return ctx.reply(ctx.t("fallback.stale_button"));
  if (suggested)
    ctx.app.logger.info({ event: "assistant.suggestion-picked", entryId }, "did you mean: picked");
  await sendAnswer(ctx, entry, [], originalQuestion(ctx)?.messageId);
}
onButton(assistant, routes.entry, (ctx, { entryId }) => onEntry(ctx, entryId, false));
onButton(assistant, routes.suggestion, (ctx, { entryId }) => onEntry(ctx, entryId, true));

/** "None of these": the question goes to a person, with the first suggestion noted for grouping. */
onButton(assistant, routes.askPerson, async (ctx) => {
  const user = await personOf(ctx);
  if (!user) return;
  const nearest = suggestedIds(keyboardOf(ctx))[0];
  await ctx.editMessageReplyMarkup(NO_BUTTONS).catch(() => undefined);
  const original = originalQuestion(ctx);
  if (!original) return ctx.reply(ctx.t("assistant.question_lost"));
  await toPerson(ctx, user, original.text, original.messageId, "asked", nearest);
});

/** "Did this help?": yes is thanked; no hands the original question to a person. */
onButton(assistant, routes.helped, async (ctx, { entryId, helped }) => {
  const user = await personOf(ctx);
  if (!user) return;
  await ctx.editMessageReplyMarkup(withoutFeedback(keyboardOf(ctx))).catch(() => undefined);
  const answerMessage = ctx.callbackQuery?.message?.message_id ?? 0;
  await storeFeedback(ctx.app.db, {
    id: rowId(ctx.app.config.BOT_TOKEN, "f", ctx.chat?.id ?? 0, answerMessage),
    entryId,
    helped: helped === "yes",
    language: ctx.lang,
  });
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
