// What the assistant's messages look like: the answer with related entries and "Did this help?",
// the thread as staff see it (with its reference), and a person's threads in /mydata.
// Pure: texts come from locales/<lang>/assistant.json through `t`.

import { Markup } from "telegraf";
import type { InlineKeyboardButton } from "telegraf/types";
import type { EntryInput, EntryView } from "../../core/assistant";
import { ANSWER_MAX } from "../../core/assistant/knowledge";
import { pack, routes, unpack } from "../../shared/callback";
import { isLanguage, type Translate } from "../../shared/i18n";
import { QUESTION_ID, type Thread } from "./threads";

/** Telegram's message limit is 4096; leave room for the heading and hints. */
const THREAD_MAX = 3500;
const BUTTON_MAX = 60;

/** Shortens a text at a word boundary, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * An answer from the knowledge base: the text, then related entries as buttons (one per row) and
 * "Did this help?" with Yes / No. The message is sent as a reply to the person's question, so a
 * "No" can hand that question to a person without the bot having stored it.
 */
export function answerView(t: Translate, entry: EntryView, related: EntryView[], writtenInName?: string) {
  const rows: InlineKeyboardButton[][] = related.map((r) => [
    Markup.button.callback(`❓ ${shorten(r.question, BUTTON_MAX)}`, pack(routes.entry, { entryId: r.id })),
  ]);
  rows.push([
    Markup.button.callback(t("assistant.yes"), pack(routes.helped, { entryId: entry.id, helped: "yes" })),
    Markup.button.callback(t("assistant.no"), pack(routes.helped, { entryId: entry.id, helped: "no" })),
  ]);
  // an entry staff wrote in one language only: say so to a reader of another
  const note =
    entry.writtenIn && writtenInName
      ? `${t("assistant.other_language", { language: writtenInName })}\n\n`
      : "";
  return {
    text: `${note}${entry.answer}\n\n${t("assistant.did_it_help")}`,
    keyboard: Markup.inlineKeyboard(rows),
  };
}

/**
 * "Did you mean …?" when the search is not sure: its candidates as buttons (best first) and "none
 * of these: ask a person". Sent as a reply to the question, so either button finds the question.
 */
export function suggestionsView(t: Translate, candidates: EntryView[]) {
  const rows: InlineKeyboardButton[][] = candidates.map((c) => [
    Markup.button.callback(
      `❓ ${shorten(c.question, BUTTON_MAX)}`,
      pack(routes.suggestion, { entryId: c.id }),
    ),
  ]);
  rows.push([Markup.button.callback(t("assistant.ask_person"), pack(routes.askPerson, {}))]);
  return { text: t("assistant.did_you_mean"), keyboard: Markup.inlineKeyboard(rows) };
}

/** The entries a "Did you mean" message offered, from its buttons (best first). */
export function suggestedIds(rows: InlineKeyboardButton[][] | undefined): string[] {
  return (rows ?? [])
    .flat()
    .map((b) => ("callback_data" in b ? unpack(routes.suggestion, b.callback_data)?.entryId : undefined))
    .filter((id): id is string => id !== undefined);
}

/**
 * The buttons of an answer without Yes / No (after the person tapped one of them). An empty
 * keyboard, not none, so the edit removes the buttons everywhere.
 */
export function withoutFeedback(rows: InlineKeyboardButton[][] | undefined) {
  const kept = (rows ?? []).filter((row) =>
    row.every((b) => "callback_data" in b && unpack(routes.entry, b.callback_data) !== null),
  );
  return { inline_keyboard: kept };
}

/** No buttons: sent as an empty keyboard, which removes them. */
export const NO_BUTTONS = { inline_keyboard: [] };

/** The buttons under a staff answer the person receives: write back, or "that answers it". */
export function staffAnswerKeyboard(t: Translate, questionId: string) {
  return Markup.inlineKeyboard([
    [
      Markup.button.callback(
        t("assistant.write_back"),
        pack(routes.staffReply, { questionId, action: "write-back" }),
      ),
      Markup.button.callback(
        t("assistant.solved_button"),
        pack(routes.staffReply, { questionId, action: "solved" }),
      ),
    ],
  ]);
}

/** The reference staff see and reply to: a hashtag, so Telegram's search finds the whole thread. */
export const refOf = (questionId: string) => `#${questionId}`;

/** The question a staff member replied to, from the text of the message they replied to. */
export function parseRef(text: string | undefined): string | null {
  const match = /#(q[0-9a-f]{16})(?![0-9a-z])/.exec(text ?? "");
  return match?.[1] && QUESTION_ID.test(match[1]) ? match[1] : null;
}

export interface ThreadHeading {
  kind: "new" | "follow-up" | "list";
  /** the person's language, shown by its own name */
  languageName: string;
  municipalityName: string | null;
  /** extra lines: crisis warning, "the assistant's answer did not help" */
  notes?: string[];
}

/** A thread for staff: heading with the reference, context, messages (newest kept), reply hint. */
export function threadText(t: Translate, thread: Thread, heading: ThreadHeading): string {
  const ref = refOf(thread.id);
  const title = thread.urgent
    ? t("assistant.staff.heading_urgent", { ref })
    : heading.kind === "new"
      ? t("assistant.staff.heading_new", { ref })
      : heading.kind === "follow-up"
        ? t("assistant.staff.heading_followup", { ref })
        : t("assistant.staff.heading_list", { ref, status: t(`assistant.staff.status_${thread.status}`) });
  const where = heading.municipalityName
    ? t("assistant.staff.where_city", { municipality: heading.municipalityName })
    : t("assistant.staff.where_none");
  const head = [
    title,
    t("assistant.staff.meta", { language: heading.languageName, where }),
    ...(heading.notes ?? []),
  ];
  const lines = thread.messages.map((m) =>
    t(m.author === "staff" ? "assistant.staff.said_staff" : "assistant.staff.said_person", { text: m.text }),
  );
  // keep the newest messages that fit; say how many earlier ones were left out
  const shown: string[] = [];
  let budget = THREAD_MAX - head.join("\n").length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? "";
    if (line.length + 2 > budget) {
      // even the newest message alone is too long: show its end
      if (shown.length === 0) shown.push(`…${line.slice(-(budget - 3))}`);
      break;
    }
    shown.unshift(line);
    budget -= line.length + 2;
  }
  const left = lines.length - shown.length;
  if (left > 0) shown.unshift(t("assistant.staff.earlier", { count: left }));
  return [head.join("\n"), shown.join("\n\n"), t("assistant.staff.reply_hint")].join("\n\n");
}

export class EntryTooLong extends Error {}

/**
 * A knowledge-base entry from a thread: the person's first message as the question, the staff
 * answer as the answer, in the thread's language. The core needs all five languages; until someone
 * translates it (in knowledge/ or a later entry with the same id) the other four carry the same text.
 */
export function entryFromThread(
  thread: Thread,
  answerMessageId: string,
  answer: string,
  municipalityId: string | null,
): EntryInput {
  if (answer.trim().length > ANSWER_MAX) throw new EntryTooLong();
  const first = thread.messages.find((m) => m.author === "refugee");
  const question = shorten(first?.text ?? answer, 200);
  const translation = { question, answer: answer.trim() };
  return {
    id: `faq-${answerMessageId}`,
    municipalityId,
    // written in the thread's language only; the others carry its text until translated
    ...(isLanguage(thread.language) ? { languages: [thread.language] } : {}),
    translations: { uk: translation, ru: translation, en: translation, de: translation, pl: translation },
  };
}

/** A person's threads as plain data, for the /mydata file. */
export function threadsExport(threads: Thread[]) {
  return threads.map((q) => ({
    status: q.status,
    language: q.language,
    municipalityId: q.municipalityId,
    createdAt: q.createdAt.toISOString(),
    messages: q.messages.map((m) => ({
      from: m.author === "staff" ? "staff" : "you",
      text: m.text,
      at: m.createdAt.toISOString(),
    })),
  }));
}

/** The same threads, readable, for the /mydata message. Empty when there are none. */
export function threadsBlock(t: Translate, threads: Thread[]): string[] {
  if (threads.length === 0) return [];
  const blocks = threads.map((q) =>
    [
      t("assistant.mydata.thread", { date: q.createdAt.toISOString().slice(0, 10) }),
      ...q.messages.map((m) =>
        t(m.author === "staff" ? "assistant.mydata.said_staff" : "assistant.mydata.said_you", {
          text: m.text,
        }),
      ),
    ].join("\n"),
  );
  return [t("assistant.mydata.title", { count: threads.length }), ...blocks];
}
