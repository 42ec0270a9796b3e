import { mkdirSync } from "node:fs";
import path from "node:path";
import { sign } from "@telegram-apps/init-data-node";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * A real headless Chromium (Debian's, installed by .ci/run) driven by playwright-core, and
 * Telegram's side of a Mini App: init data signed with the bot's token, put where Telegram puts
 * it (the address's fragment, `#tgWebAppData=…`).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(process.cwd(), ".tmp", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Telegram's signed init data for this person, as Telegram gives it to a Mini App. */
export function initData(
  botToken: string,
  user: { id: number; first_name?: string; language_code?: string },
  authDate = new Date(),
): string {
  return sign({ user: { first_name: "Staff", ...user } } as never, botToken, authDate);
}

/** The console opened inside Telegram by this person: the page with their init data. */
export async function openAsMiniApp(
  context: BrowserContext,
  consoleUrl: string,
  data: string,
  pagePath = "/",
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${consoleUrl}${pagePath}#tgWebAppData=${encodeURIComponent(data)}&tgWebAppVersion=8.0`);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
