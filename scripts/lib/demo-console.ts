import { existsSync } from "node:fs";
import { createLoginLink } from "../../shared/console-login";
import type { Db } from "../../shared/db";
import { CHROMIUM, initData, launchBrowser, openAsMiniApp, screenshot } from "./browser";

/**
 * The demo's view of the staff console: what a caseworker sees (and, given a clerk, the city's
 * arrivals page), saved as screenshots from a real headless Chromium (when Debian's chromium is
 * installed), and a login link for a newcomer's own browser.
 */
export async function consoleScreenshots(
  consoleUrl: string,
  botToken: string,
  caseworkerId: number,
  roundId: string | null,
  clerkId?: number,
): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return [];
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    const data = initData(botToken, { id: caseworkerId });
    const files: string[] = [];
    const households = await openAsMiniApp(context, consoleUrl, data, "/households");
    await households.locator(".count").waitFor();
    files.push(await screenshot(households, "demo-console-households"));
    if (roundId) {
      const round = await openAsMiniApp(context, consoleUrl, data, `/rounds/${roundId}`);
      await round.locator(".chart svg").first().waitFor({ timeout: 20_000 });
      files.push(await screenshot(round, "demo-console-round"));
    }
    if (clerkId !== undefined) {
      const arrivals = await openAsMiniApp(context, consoleUrl, initData(botToken, { id: clerkId }), "/city");
      await arrivals.locator(".count").waitFor();
      files.push(await screenshot(arrivals, "demo-console-city-arrivals"));
    }
    return files;
  } finally {
    await browser.close();
  }
}

export async function loginLink(db: Db, telegramId: number, consoleUrl: string): Promise<string> {
  return createLoginLink(db, BigInt(telegramId), consoleUrl, "/households");
}
