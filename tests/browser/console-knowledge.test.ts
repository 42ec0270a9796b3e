import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initData, launchBrowser, openAsMiniApp, screenshot } from "../../scripts/lib/browser";
import { TEST_BOT_TOKEN } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { overflowing } from "../support/layout";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

/**
 * The console's page of what to write next in the knowledge base, in a real headless Chromium
 * against the real console process and PostgreSQL: handed-over questions grouped, in the staff member's scope and language,
 * and 👍/👎 per entry.
 */
let h: Harness;
let browser: Browser;
const CASEWORKER = 8001;
const KIEL = 8002;

beforeAll(async () => {
  h = await createHarness();
  await seedMunicipalities(h.db, [{ id: "kiel", name: "Kiel" }]);
  await grantStaff(h.db, [
    { telegramId: CASEWORKER, role: "caseworker", language: "en" },
    { telegramId: KIEL, role: "city_staff", municipalityId: "kiel", language: "de" },
  ]);
  await seedPeople(h.db, [{ telegramId: 8101, language: "uk", intake: { status: "registered" } }]);
  const user = await h.db.user.findFirstOrThrow({ where: { telegramId: 8101n } });
  const ask = (
    id: string,
    text: string,
    nearestEntryId: string | null,
    municipalityId: string | null,
    reason = "asked",
  ) =>
    h.db.supportQuestion.create({
      data: {
        id,
        userId: user.id,
        language: "en",
        municipalityId,
        reason,
        urgent: reason === "crisis",
        nearestEntryId,
        messages: { create: { id: `m${id}`, author: "refugee", text } },
      },
    });
  await ask("qa", "used bicycle where to buy", null, null);
  await ask("qb", "buy a cheap used bicycle", null, null);
  await ask("qc", "toothache on a sunday", "dentist", "kiel");
  await ask("qd", "I cannot go on any more", null, null, "crisis");
  await h.db.answerFeedback.createMany({
    data: [
      { id: "fa", entryId: "dentist", helped: false, language: "de" },
      { id: "fb", entryId: "dentist", helped: true, language: "uk" },
    ],
  });
  await h.processes.start("console");
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const insights = async (telegramId: number) => {
  const response = await fetch(`${h.consoleUrl}/api/knowledge?days=30`, {
    headers: { authorization: `tma ${initData(TEST_BOT_TOKEN, { id: telegramId })}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    groups: { entry: { id: string; question: string } | null; count: number; examples: string[] }[];
    feedback: { entry: { id: string; question: string }; helped: number; notHelped: number }[];
  };
};

describe("the console: what to write next in the knowledge base", () => {
  it("groups the handed-over questions (no crisis messages) and counts feedback, in the staff language", async () => {
    const all = await insights(CASEWORKER);
    expect(all.groups.map((g) => [g.entry?.id ?? null, g.count])).toEqual([
      [null, 2],
      ["dentist", 1],
    ]);
    expect(all.groups[0]?.examples).toEqual(["used bicycle where to buy", "buy a cheap used bicycle"]);
    expect(all.groups[1]?.entry?.question).toBe("Where do I go with toothache (dentist)?");
    expect(all.feedback).toEqual([
      {
        entry: { id: "dentist", question: "Where do I go with toothache (dentist)?" },
        helped: 1,
        notHelped: 1,
      },
    ]);
  });

  it("shows city staff only their municipality's questions", async () => {
    const kiel = await insights(KIEL);
    expect(kiel.groups.map((g) => g.entry?.id)).toEqual(["dentist"]);
    expect(kiel.groups[0]?.entry?.question).toMatch(/Zahn/);
  });

  it("shows both on its page, reached from the menu", async () => {
    const en = h.i18n.t("en");
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await openAsMiniApp(context, h.consoleUrl, initData(TEST_BOT_TOKEN, { id: CASEWORKER }));
    await page.waitForURL(/\/households/);
    await page.getByRole("link", { name: en("consoleKnowledge.nav") }).click();
    await page.waitForURL(/\/knowledge/);
    await expect.poll(() => page.locator("h1").textContent()).toBe(en("consoleKnowledge.title"));
    const tables = page.locator("table");
    await expect.poll(() => tables.first().textContent()).toContain("used bicycle where to buy");
    await expect.poll(() => tables.nth(1).textContent()).toContain("Where do I go with toothache (dentist)?");
    await screenshot(page, "console-knowledge");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone
    await context.close();
  });
});
