import { Composer, Markup } from "telegraf";
import { pack, routes } from "../../shared/callback";
import { CONSENT_BUTTON_MS, erasedAt } from "../../shared/erasure";
import { defaultLanguage, LANGUAGES, type Language, type Translate } from "../../shared/i18n";
import { onButton } from "../buttons";
import type { BotContext } from "../context";
import { showCurrent } from "../intake/flow";
import { staffOf } from "../staff/access";

/**
 * Version of the consent text people agree to; change it whenever locales' consent.text changes.
 * 2026-12-01: the pre-arrival data (names as in the passport, dates of birth, phone) for the city;
 * people who agreed to an older version are asked again before it is collected (features/pre-arrival.ts).
 */
export const CONSENT_VERSION = "2026-12-01";

/** Start, language and consent. Nothing about a person is stored before they agree. */
export const start = new Composer<BotContext>();

function languageKeyboard(ctx: BotContext) {
  const preferred = ctx.user?.language ?? defaultLanguage(ctx.from?.language_code);
  const ordered: Language[] = [preferred as Language, ...LANGUAGES.filter((l) => l !== preferred)];
  return Markup.inlineKeyboard(
    ordered.map((l) => [
      Markup.button.callback(
        `${l === preferred ? "✓ " : ""}${ctx.app.i18n.t(l)("language.name")}`,
        pack(routes.language, { lang: l }),
      ),
    ]),
  );
}

start.start(async (ctx) => {
  const user = ctx.user;
  if (!user?.intake) {
    await ctx.reply(ctx.t("language.choose"), languageKeyboard(ctx));
    return;
  }
  if (user.intake.status === "registered") {
    await ctx.reply(
      ctx.t("intake.registered_menu"),
      Markup.inlineKeyboard([
        [
          Markup.button.callback(
            ctx.t("intake.registered_review"),
            pack(routes.registered, { action: "review" }),
          ),
        ],
      ]),
    );
    return;
  }
  await showCurrent(ctx, user.intake);
});

start.command("language", async (ctx) => {
  await ctx.reply(ctx.t("language.choose"), languageKeyboard(ctx));
});

function consentKeyboard(ctx: BotContext, lang: Language) {
  const t = ctx.app.i18n.t(lang);
  // milliseconds: a text drawn in the same second as an erasure must still be told apart from it
  const drawn = Date.now().toString(36);
  return Markup.inlineKeyboard([
    [Markup.button.callback(t("consent.agree"), pack(routes.consent, { lang, decision: "agree", drawn }))],
    [
      Markup.button.callback(
        t("consent.decline"),
        pack(routes.consent, { lang, decision: "decline", drawn }),
      ),
    ],
  ]);
}

/** The consent text, with how long data is kept in the language's own plural ("1 month", "5 місяців"). */
export function consentText(t: Translate, retentionMonths: number): string {
  return t("consent.text", { after: t("consent.retention", { count: retentionMonths }) });
}

/** The consent text with fresh buttons, in the language chosen. */
async function showConsent(ctx: BotContext, lang: Language) {
  await ctx.reply(
    consentText(ctx.app.i18n.t(lang), ctx.app.config.RETENTION_MONTHS),
    consentKeyboard(ctx, lang),
  );
}

/**
 * An "I agree" counts when its consent text was shown within the hour and after any erasure of
 * this person: an old button (from before a /delete, or a day ago) shows the text again instead.
 */
async function freshConsent(ctx: BotContext, drawn: string): Promise<boolean> {
  const drawnAt = Number.parseInt(drawn, 36);
  if (!Number.isFinite(drawnAt) || Date.now() - drawnAt > CONSENT_BUTTON_MS) return false;
  const from = ctx.from;
  if (!from) return false;
  const { events, deliveries, config } = ctx.app;
  const erased = await erasedAt({ events, deliveries, secret: config.BOT_TOKEN }, from.id);
  return erased === null || drawnAt > erased;
}

onButton(start, routes.language, async (ctx, { lang }) => {
  const t = ctx.app.i18n.t(lang);
  ctx.lang = lang;
  ctx.t = t;
  // staff have a language of their own: their screens and notices (digest, deliveries) use it
  const staff = await staffOf(ctx);
  if (staff && ctx.chat) {
    await ctx.app.db.staffMember.upsert({
      where: { telegramId: staff.telegramId },
      // an admin from ADMIN_TELEGRAM_IDS without a row gets one for the language (a row's role gives no power)
      create: { telegramId: staff.telegramId, chatId: BigInt(ctx.chat.id), role: staff.role, language: lang },
      update: { language: lang },
    });
    staff.language = lang;
    if (!ctx.user) return void (await ctx.reply(t("language.changed")));
  }
  if (!ctx.user) {
    // not stored yet: the chosen language travels in the consent buttons
    await ctx.reply(t("welcome.hello"));
    await showConsent(ctx, lang);
    return;
  }
  await ctx.app.db.user.update({ where: { id: ctx.user.id }, data: { language: lang } });
  ctx.user.language = lang;
  await ctx.reply(t("language.changed"));
  if (ctx.user.intake && ctx.user.intake.status !== "registered") await showCurrent(ctx, ctx.user.intake);
});

onButton(start, routes.consent, async (ctx, { lang, decision, drawn }) => {
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (ctx.user?.intake) {
    // a second tap, or consent given earlier: carry on where they are, in their own language
    await showCurrent(ctx, ctx.user.intake);
    return;
  }
  const t = ctx.app.i18n.t(lang);
  ctx.lang = lang;
  ctx.t = t;
  if (decision === "agree" && !(await freshConsent(ctx, drawn))) {
    await ctx.reply(t("consent.again"));
    await showConsent(ctx, lang);
    return;
  }
  if (decision === "decline") {
    await ctx.reply(t("consent.declined"));
    return;
  }
  const from = ctx.from;
  const chat = ctx.chat;
  if (!from || !chat) return;
  const { questionnaire, db } = ctx.app;
  const state = questionnaire.start({ today: new Date().toISOString().slice(0, 10), municipalities: [] });
  const user = await db.user
    .create({
      data: {
        telegramId: BigInt(from.id),
        chatId: BigInt(chat.id),
        language: lang,
        consentVersion: CONSENT_VERSION,
        consentAt: new Date(),
        consents: { create: { version: CONSENT_VERSION, decision: "agreed" } },
        intake: { create: { state: JSON.parse(JSON.stringify(state)) } },
      },
      include: { intake: true },
    })
    .catch(async (error: { code?: string }) => {
      // P2002: the same tap arrived twice at once; the first one created the row
      if (error.code !== "P2002") throw error;
      return db.user.findUniqueOrThrow({ where: { telegramId: BigInt(from.id) }, include: { intake: true } });
    });
  ctx.user = user;
  await ctx.reply(t("consent.thanks"));
  if (user.intake) await showCurrent(ctx, user.intake);
});
