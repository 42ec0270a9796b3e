// Who hears of a question handed to a person, and the message they get.
//
// The city staff of the person's municipality once the person is placed there; otherwise — or if
// that city has no staff yet — the caseworkers and admins (StaffMember rows and ADMIN_TELEGRAM_IDS).
// An urgent (crisis) thread goes to both: the city's staff and the caseworkers and admins.
// Sent directly (a handful of staff chats per question); a failed send is logged and the question
// still waits in /questions, so nothing is lost.

import { Markup } from "telegraf";
import { pack, routes } from "../../shared/callback";
import { isLanguage, type Language } from "../../shared/i18n";
import type { AppDeps, BotContext } from "../context";
import { type ThreadHeading, threadText } from "./render";
import type { Thread } from "./threads";

export interface StaffRecipient {
  chatId: bigint;
  language: Language;
}

export async function staffRecipients(
  app: AppDeps,
  municipalityId: string | null,
  urgent = false,
): Promise<StaffRecipient[]> {
  const lang = (l: string): Language => (isLanguage(l) ? l : "en");
  const city = municipalityId
    ? (await app.db.staffMember.findMany({ where: { role: "city_staff", municipalityId } })).map((m) => ({
        chatId: m.chatId,
        language: lang(m.language),
      }))
    : [];
  if (city.length > 0 && !urgent) return city;
  const members = await app.db.staffMember.findMany({ where: { role: { in: ["caseworker", "admin"] } } });
  const recipients = [...city, ...members.map((m) => ({ chatId: m.chatId, language: lang(m.language) }))];
  // env admins without a row: their private chat id is their user id
  const known = new Set(members.map((m) => m.telegramId));
  for (const id of app.config.ADMIN_TELEGRAM_IDS) {
    if (!known.has(id)) recipients.push({ chatId: id, language: "en" });
  }
  return recipients;
}

/** The municipality's display name (from the cached directory), else its id. */
export async function municipalityName(app: AppDeps, id: string | null): Promise<string | null> {
  if (!id) return null;
  const list = await app.municipalities.list();
  return list.find((m) => m.id === id)?.name ?? id;
}

/** The heading context of a thread in one staff member's language. */
export async function headingFor(
  app: AppDeps,
  thread: Thread,
  lang: Language,
  kind: ThreadHeading["kind"],
  notes: (lang: Language) => string[] = () => [],
): Promise<ThreadHeading> {
  const language = isLanguage(thread.language) ? thread.language : "en";
  return {
    kind,
    languageName: app.i18n.t(language)("language.name"),
    municipalityName: await municipalityName(app, thread.municipalityId),
    notes: notes(lang),
  };
}

/** The thread with a Close button, ready to send to one staff chat. */
export async function staffThreadMessage(
  app: AppDeps,
  thread: Thread,
  lang: Language,
  kind: ThreadHeading["kind"],
  notes?: (lang: Language) => string[],
) {
  const t = app.i18n.t(lang);
  const text = threadText(t, thread, await headingFor(app, thread, lang, kind, notes));
  const keyboard = Markup.inlineKeyboard([
    [
      Markup.button.callback(
        t("assistant.staff.close"),
        pack(routes.questionClose, { questionId: thread.id }),
      ),
    ],
  ]);
  return { text, keyboard };
}

/** Sends the thread to every staff member who should answer it. Returns how many got it. */
export async function notifyStaff(
  ctx: BotContext,
  thread: Thread,
  kind: "new" | "follow-up",
  notes?: (lang: Language) => string[],
): Promise<number> {
  const recipients = await staffRecipients(ctx.app, thread.municipalityId, thread.urgent);
  const results = await Promise.allSettled(
    recipients.map(async (r) => {
      const { text, keyboard } = await staffThreadMessage(ctx.app, thread, r.language, kind, notes);
      await ctx.telegram.sendMessage(Number(r.chatId), text, keyboard);
    }),
  );
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) {
    ctx.app.logger.warn(
      { event: "support.notify-failed", questionId: thread.id, failed },
      "staff not notified",
    );
  }
  return results.length - failed;
}
