import { Composer, Markup } from "telegraf";
import type { InlineKeyboardButton } from "telegraf/types";
import { KnowledgeBaseError, parseEntry } from "../../core/assistant";
import { ANSWER_MAX } from "../../core/assistant/knowledge";
import { audit } from "../../shared/audit";
import { pack, routes } from "../../shared/callback";
import { isLanguage } from "../../shared/i18n";
import { canSee, scopeOf } from "../../shared/staff";
import { saveEntry } from "../assistant/entries";
import { municipalityName, staffThreadMessage } from "../assistant/notify";
import {
  EntryTooLong,
  entryFromThread,
  NO_BUTTONS,
  parseRef,
  refOf,
  staffAnswerKeyboard,
} from "../assistant/render";
import { openThreadsFor, recordAnswer, rowId, setStatus, threadOf } from "../assistant/threads";
import { onButton } from "../buttons";
import type { BotContext } from "../context";
import { requireStaff, type Staff, staffOf } from "../staff/access";

/**
 * Questions handed to a person, the staff side. Nothing is kept in memory: every question reaches
 * staff as a message carrying its reference (#q…); staff answer by replying to that message
 * (Telegram's reply_to_message brings the reference back), and buttons carry row ids. Any bot
 * instance, before or after a restart, can handle any step.
 */
export const support = new Composer<BotContext>();

/** How many open questions /questions sends at once (one message each). */
const LIST_MAX = 10;
/** Room for the heading around a relayed answer within Telegram's 4096 characters. */
const REPLY_MAX = 3500;

/** Caseworkers and admins see every question; city staff only those of people placed in their city. */
const mayAnswer = (staff: Staff, question: { municipalityId: string | null }) =>
  canSee(scopeOf(staff), question.municipalityId);

support.command("questions", async (ctx) => {
  const me = await requireStaff(ctx, "admin", "caseworker", "city_staff");
  if (!me) return;
  const scope = scopeOf(me);
  if (!scope.seesAll && !scope.municipalityId) return ctx.reply(ctx.t("assistant.staff.list_empty"));
  const { threads, total } = await openThreadsFor(
    ctx.app.db,
    scope.seesAll ? undefined : (scope.municipalityId ?? undefined),
    LIST_MAX,
  );
  if (total === 0) return ctx.reply(ctx.t("assistant.staff.list_empty"));
  await ctx.reply(ctx.t("assistant.staff.list_title", { count: total }));
  for (const thread of threads) {
    const { text, keyboard } = await staffThreadMessage(ctx.app, thread, ctx.lang, "list");
    await ctx.reply(text, keyboard);
  }
  if (total > threads.length) {
    await ctx.reply(ctx.t("assistant.staff.list_more", { count: total - threads.length }));
  }
});

/** A staff member's reply to a message with a question's reference is the answer to it. */
support.on("text", async (ctx, next) => {
  const replied = ctx.message.reply_to_message;
  const questionId = replied && "text" in replied ? parseRef(replied.text) : null;
  if (!questionId || ctx.message.text.startsWith("/")) return next();
  const me = await staffOf(ctx);
  if (!me) return next(); // not staff: an ordinary message, perhaps a question
  const { app } = ctx;
  const text = ctx.message.text.trim();
  if (text.length > REPLY_MAX) return ctx.reply(ctx.t("assistant.staff.answer_too_long", { max: REPLY_MAX }));
  const thread = await threadOf(app.db, questionId);
  if (!thread || !mayAnswer(me, thread)) return ctx.reply(ctx.t("assistant.staff.gone"));

  const messageId = rowId(app.config.BOT_TOKEN, "m", ctx.chat.id, ctx.message.message_id);
  // false: this update was handled before (Telegram delivered it again): relay nothing twice
  if (!(await recordAnswer(app.db, thread.id, messageId, me.id, text))) return;
  await audit(app.db, me.id, "support.answer", thread.id);

  const person = thread.user;
  const pt = app.i18n.t(isLanguage(person.language) ? person.language : "uk");
  const delivered = await ctx.telegram
    .sendMessage(
      Number(person.chatId),
      pt("assistant.staff_answer", { text }),
      staffAnswerKeyboard(pt, thread.id),
    )
    .then(
      () => true,
      (error: Error) => {
        app.logger.warn(
          { event: "support.relay-failed", questionId: thread.id, error: error.message },
          "not relayed",
        );
        return false;
      },
    );

  await ctx.reply(
    ctx.t(delivered ? "assistant.staff.sent" : "assistant.staff.not_delivered", { ref: refOf(thread.id) }),
    Markup.inlineKeyboard(await afterAnswerKeyboard(ctx, me, thread, messageId)),
  );
});

/** Under a relayed answer: turn it into an entry (for everyone, or the person's city), or close. */
async function afterAnswerKeyboard(
  ctx: BotContext,
  me: Staff,
  thread: { id: string; municipalityId: string | null },
  messageId: string,
): Promise<InlineKeyboardButton[][]> {
  const { app } = ctx;
  const rows: InlineKeyboardButton[][] = [];
  if (me.role !== "city_staff") {
    rows.push([
      Markup.button.callback(
        ctx.t("assistant.staff.add_general"),
        pack(routes.knowledgeAdd, { messageId, scope: "general" }),
      ),
    ]);
  }
  if (thread.municipalityId) {
    const municipality = (await municipalityName(app, thread.municipalityId)) ?? thread.municipalityId;
    rows.push([
      Markup.button.callback(
        ctx.t("assistant.staff.add_city", { municipality }),
        pack(routes.knowledgeAdd, { messageId, scope: "municipal" }),
      ),
    ]);
  }
  rows.push([
    Markup.button.callback(
      ctx.t("assistant.staff.close"),
      pack(routes.questionClose, { questionId: thread.id }),
    ),
  ]);
  return rows;
}

// anyone but staff learns nothing: the same answer as any old button (requireStaff)
onButton(support, routes.questionClose, async (ctx, { questionId }) => {
  const me = await requireStaff(ctx, "admin", "caseworker", "city_staff");
  if (me) await closeQuestion(ctx, me, questionId);
});

onButton(support, routes.knowledgeAdd, async (ctx, { messageId, scope }) => {
  const me = await requireStaff(ctx, "admin", "caseworker", "city_staff");
  if (me) await addToKnowledgeBase(ctx, me, messageId, scope);
});

async function closeQuestion(ctx: BotContext, me: Staff, questionId: string) {
  const { db } = ctx.app;
  const question = await db.supportQuestion.findUnique({ where: { id: questionId } });
  if (!question || !mayAnswer(me, question)) return void (await ctx.reply(ctx.t("assistant.staff.gone")));
  await setStatus(db, question.id, "closed");
  await audit(db, me.id, "support.close", question.id);
  await ctx.editMessageReplyMarkup(NO_BUTTONS).catch(() => undefined);
  await ctx.reply(ctx.t("assistant.staff.closed", { ref: refOf(question.id) }));
}

/**
 * A staff answer becomes a knowledge-base entry: stored (KnowledgeEntry, which every bot process
 * polls) and added to this process's assistant at once, marked as written in the thread's language. "general": for everyone (caseworkers and admins only);
 * "municipal": only for people placed in the question's municipality. Tapping again replaces the entry.
 */
async function addToKnowledgeBase(
  ctx: BotContext,
  me: Staff,
  messageId: string,
  scope: "general" | "municipal",
) {
  const { db } = ctx.app;
  const message = await db.supportMessage.findUnique({ where: { id: messageId } });
  const thread = message ? await threadOf(db, message.questionId) : null;
  const allowed =
    message?.author === "staff" &&
    thread !== null &&
    mayAnswer(me, thread) &&
    (scope === "general" ? me.role !== "city_staff" : thread.municipalityId !== null);
  if (!message || !thread || !allowed) return void (await ctx.reply(ctx.t("assistant.staff.gone")));

  let entry: ReturnType<typeof parseEntry>;
  try {
    entry = parseEntry(
      entryFromThread(thread, message.id, message.text, scope === "municipal" ? thread.municipalityId : null),
      `answer ${message.id}`,
    );
  } catch (error) {
    if (error instanceof EntryTooLong) {
      return void (await ctx.reply(ctx.t("assistant.staff.entry_too_long", { max: ANSWER_MAX })));
    }
    if (error instanceof KnowledgeBaseError)
      return void (await ctx.reply(ctx.t("assistant.staff.entry_invalid")));
    throw error;
  }
  await saveEntry(ctx.app, entry, me.id);
  await audit(db, me.id, "knowledge.add", entry.id, {
    questionId: thread.id,
    municipal: scope === "municipal",
  });
  const language = isLanguage(thread.language) ? thread.language : "en";
  await ctx.reply(
    ctx.t("assistant.staff.added", { id: entry.id, language: ctx.app.i18n.t(language)("language.name") }),
  );
}
