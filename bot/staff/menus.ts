import type { Telegram } from "telegraf";
import { type Config, consoleUrl } from "../../shared/config";
import type { StaffRole } from "../../shared/generated/prisma/client";
import { type I18n, isLanguage, LANGUAGES, type Language } from "../../shared/i18n";
import type { Staff } from "../../shared/staff";

/**
 * Telegram's command menu, per role: refugees see theirs in their Telegram language (one list
 * per language); each staff member sees their role's commands in their own chat, in their
 * language, and the chat's menu button opens the console (when it is served over https, as
 * Telegram requires for Mini Apps).
 */
const PEOPLE = ["start", "help", "status", "mydata", "info", "events", "language", "delete"];
const CASEWORK = ["console", "round", "rounds", "municipalities", "questions", "language", "help"];
const COMMANDS: Record<StaffRole, string[]> = {
  caseworker: CASEWORK,
  admin: [...CASEWORK, "invite", "grant", "revoke", "staff"],
  city_staff: [
    "console",
    "city",
    "arrival",
    "event",
    "broadcast",
    "broadcasts",
    "capacity",
    "people",
    "questions",
    "language",
    "help",
  ],
};

const list = (i18n: I18n, lang: Language, names: string[]) =>
  names.map((command) => ({ command, description: i18n.t(lang)(`menu.command.${command}`) }));

/** The refugees' menu, once at start: the default list and one per language. */
export async function setPeopleMenus(telegram: Telegram, i18n: I18n): Promise<void> {
  await telegram.setMyCommands(list(i18n, "uk", PEOPLE));
  for (const lang of LANGUAGES)
    await telegram.setMyCommands(list(i18n, lang, PEOPLE), { language_code: lang });
}

/** One staff member's menu in their chat (and, over https, the console as the menu button). */
export async function setStaffMenu(
  telegram: Telegram,
  i18n: I18n,
  config: Config,
  staff: Staff,
  chatId: number,
) {
  const lang: Language = isLanguage(staff.language) ? staff.language : "de";
  await telegram.setMyCommands(list(i18n, lang, COMMANDS[staff.role]), {
    scope: { type: "chat", chat_id: chatId },
  });
  const url = consoleUrl(config);
  if (url.startsWith("https://")) {
    await telegram.setChatMenuButton({
      chatId,
      menuButton: { type: "web_app", text: i18n.t(lang)("menu.menu_button"), web_app: { url } },
    });
  }
}

/** Someone is no longer staff: their chat shows the refugees' menu again. */
export async function clearStaffMenu(telegram: Telegram, chatId: number): Promise<void> {
  await telegram.deleteMyCommands({ scope: { type: "chat", chat_id: chatId } });
  await telegram.setChatMenuButton({ chatId, menuButton: { type: "default" } });
}
