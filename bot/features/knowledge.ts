import { Composer } from "telegraf";
import { KnowledgeBaseError, parseEntry } from "../../core/assistant";
import { audit } from "../../shared/audit";
import { canSee, scopeOf } from "../../shared/staff";
import {
  parseEntryRef,
  parseTranslation,
  saveEntry,
  storedEntry,
  withTranslation,
} from "../assistant/entries";
import type { BotContext } from "../context";
import { staffOf } from "../staff/access";

/**
 * Staff complete an entry they made from an answer: a reply to the bot's message about it (which
 * carries "kb:<id>") with the language code, the question and the answer adds that language. The
 * entry is stored and used by every bot process within seconds (bot/assistant/sync.ts). General
 * entries: caseworkers and admins; a municipality's entries: also that city's staff.
 */
export const knowledge = new Composer<BotContext>();

knowledge.on("text", async (ctx, next) => {
  const replied = ctx.message.reply_to_message;
  const id = replied && "text" in replied ? parseEntryRef(replied.text) : null;
  if (!id || ctx.message.text.startsWith("/")) return next();
  const me = await staffOf(ctx);
  if (!me) return next(); // not staff: an ordinary message
  const { app } = ctx;
  const entry = await storedEntry(app, id);
  const allowed =
    entry !== null &&
    (entry.municipalityId === null ? me.role !== "city_staff" : canSee(scopeOf(me), entry.municipalityId));
  if (!entry || !allowed) return ctx.reply(ctx.t("assistant.staff.gone"));
  const translation = parseTranslation(ctx.message.text);
  if (!translation) return ctx.reply(ctx.t("assistant.staff.translate_format"));
  let updated: ReturnType<typeof parseEntry>;
  try {
    updated = parseEntry(withTranslation(entry, translation), `entry ${id}`);
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError)) throw error;
    return ctx.reply(ctx.t("assistant.staff.entry_invalid"));
  }
  await saveEntry(app, updated, me.id);
  await audit(app.db, me.id, "knowledge.translate", id, { language: translation.lang });
  await ctx.reply(
    ctx.t("assistant.staff.translated", { id, language: app.i18n.t(translation.lang)("language.name") }),
  );
});
