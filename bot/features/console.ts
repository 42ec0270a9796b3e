import { Composer, Markup } from "telegraf";
import { consoleUrl } from "../../shared/config";
import { createLoginLink, LOGIN_LINK_MINUTES } from "../../shared/console-login";
import type { BotContext } from "../context";
import { requireStaff, staffOf } from "../staff/access";
import { setStaffMenu } from "../staff/menus";

/**
 * The way into the staff console: inside Telegram as a Mini App (a web_app button, and the chat's
 * menu button), and for a computer a one-time login link (single use, ten minutes, bound to the
 * staff member). Staff also get their own /help and their role's command menu.
 */
export const consoleEntry = new Composer<BotContext>();

consoleEntry.command("console", async (ctx) => {
  const staff = await requireStaff(ctx, "admin", "caseworker", "city_staff");
  if (!staff || !ctx.chat) return;
  const { config, db, i18n, logger } = ctx.app;
  const base = consoleUrl(config);
  const link = await createLoginLink(db, staff.telegramId, base, "/");
  await setStaffMenu(ctx.telegram, i18n, config, staff, ctx.chat.id).catch((error: Error) =>
    logger.warn({ event: "staff-menu", message: error.message }, "command menu not set"),
  );
  const buttons = [
    ...(base.startsWith("https://") ? [[Markup.button.webApp(ctx.t("menu.console_open"), base)]] : []),
    [Markup.button.url(ctx.t("menu.console_link"), link)],
  ];
  await ctx.reply(ctx.t("menu.console_text"), Markup.inlineKeyboard(buttons));
  await ctx.reply(ctx.t("menu.console_link_text", { minutes: LOGIN_LINK_MINUTES, link }));
});

/** Staff read their role's help; everyone else the refugees' (features/account.ts). */
consoleEntry.help(async (ctx, next) => {
  const staff = await staffOf(ctx);
  if (!staff) return next();
  const role =
    staff.role === "admin" ? ["staff.help_admin", "staff.help_caseworker"] : [`staff.help_${staff.role}`];
  await ctx.reply([...role.map((k) => ctx.t(k)), ctx.t("menu.help_console")].join("\n\n"));
});
