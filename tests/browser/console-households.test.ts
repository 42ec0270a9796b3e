import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdRef } from "../../core/reference";
import { initData, launchBrowser, openAsMiniApp, screenshot } from "../../scripts/lib/browser";
import { seedHouseholds } from "../../scripts/lib/household-generator";
import { createLoginLink } from "../../shared/console-login";
import { berlinToday } from "../../shared/messages/time";
import { buildServer } from "../../web/server";
import { TEST_BOT_TOKEN } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { overflowing } from "../support/layout";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

/**
 * The caseworkers' console in a real headless Chromium against the real console process and
 * PostgreSQL: 2,000 households, found by reference and by filter, one answer corrected, a hold;
 * and the server's access rules on every route.
 */
let h: Harness;
let browser: Browser;
let ids: string[];
const CASEWORKER = 5001;
const CLERK = 5002;
const REFUGEE = 6001;
const de = () => h.i18n.t("de");

beforeAll(async () => {
  h = await createHarness();
  await seedMunicipalities(h.db, [
    { id: "braunschweig", name: "Braunschweig" },
    { id: "kiel", name: "Kiel" },
    { id: "troisdorf", name: "Troisdorf" },
  ]);
  await grantStaff(h.db, [
    { telegramId: CASEWORKER, role: "caseworker", language: "de" },
    { telegramId: CLERK, role: "city_staff", municipalityId: "kiel", language: "de" },
  ]);
  await seedPeople(h.db, [{ telegramId: REFUGEE, language: "uk", intake: { status: "registered" } }]);
  const context = {
    today: berlinToday(),
    municipalities: [
      { id: "braunschweig", name: "Braunschweig" },
      { id: "kiel", name: "Kiel" },
      { id: "troisdorf", name: "Troisdorf" },
    ],
  };
  ids = await seedHouseholds(h.db, h.questionnaire, context, { count: 2000, seed: 7 });
  await h.processes.start("console");
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const asCaseworker = () => initData(TEST_BOT_TOKEN, { id: CASEWORKER });

describe("the caseworkers' console", () => {
  it("finds one household among 2,000 by reference and by filter", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(context, h.consoleUrl, asCaseworker());
    await page.waitForURL(/\/households/);
    const count = page.locator(".count");
    await expect.poll(() => count.textContent()).toContain("2.001 Haushalte"); // German thousands, plural
    await screenshot(page, "console-households");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone

    // by reference, typed in lower case
    const target = ids[1234] as string;
    await page.getByRole("searchbox").fill(householdRef(target).toLowerCase());
    await page.getByRole("button", { name: de()("console.search") }).click();
    await expect.poll(() => count.textContent()).toBe(de()("console.households.count", { count: 1 }));
    await page.getByRole("link", { name: householdRef(target) }).click();
    await page.waitForURL(new RegExp(`/households/${target}$`));
    await expect.poll(() => page.locator("h1").textContent()).toContain(householdRef(target));
    await screenshot(page, "console-household-card");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone

    // by filter: everyone who needs dialysis, with children
    await page.goto(`${h.consoleUrl}/households`);
    await page.getByRole("checkbox", { name: de()("intake.choices.medical_needs.dialysis") }).check();
    await page.getByLabel(de()("console.households.children"), { exact: true }).selectOption("with");
    const expected = await h.db.intake.count({ where: { needs: { has: "dialysis" }, children: { gt: 0 } } });
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => count.textContent()).toBe(de()("console.households.count", { count: expected }));
    const needsCells = await page.locator("td[data-label='Bedarfe']").allTextContents();
    expect(needsCells.length).toBe(Math.min(50, expected));
    for (const cell of needsCells) expect(cell).toContain("Dialyse");
    await context.close();
  });

  it("corrects an answer through the questionnaire's validation, keeps the history and tells the person", async () => {
    const target = ids[42] as string;
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(context, h.consoleUrl, asCaseworker(), `/households/${target}`);
    const label = de()("intake.q.current_city.short");
    await page.getByRole("button", { name: de()("console.household.correct_label", { label }) }).click();
    const input = page.getByLabel(label, { exact: true }).last();
    await input.fill("");
    await page.getByRole("button", { name: de()("console.save") }).click();
    await expect.poll(() => page.locator(".error").textContent()).toBe(de()("intake.errors.text_empty"));
    await input.fill("Przemyśl");
    await page.getByRole("button", { name: de()("console.save") }).click();
    await expect.poll(() => page.locator(".answer", { hasText: label }).textContent()).toContain("Przemyśl");
    await expect.poll(() => page.locator(".timeline").textContent()).toContain("→ Przemyśl");
    await screenshot(page, "console-household-corrected");
    const change = await h.db.intakeChange.findFirstOrThrow({ where: { intakeId: target } });
    expect(change).toMatchObject({ slot: "current_city", after: "Przemyśl" });
    expect((await h.db.intake.findUniqueOrThrow({ where: { id: target } })).searchText).toContain("przemyśl");
    const told = await h.db.delivery.findFirstOrThrow({ where: { kind: "answers-corrected" } });
    expect(JSON.stringify(told.payload)).toContain("intake.q.current_city.short");
    expect(await h.db.auditLog.count({ where: { action: "household.correct", target } })).toBe(1);

    // held back from rounds, with a reason
    await page.getByRole("button", { name: de()("console.household.hold") }).click();
    await page.getByLabel(de()("console.reason")).fill("Dokumente fehlen");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: de()("console.household.hold") })
      .click();
    await expect.poll(() => page.locator("h1 .status").textContent()).toBe(de()("console.status.on_hold"));
    expect(await h.db.intake.findUniqueOrThrow({ where: { id: target } })).toMatchObject({
      onHold: true,
      holdReason: "Dokumente fehlen",
    });
    await context.close();
  });
});

describe("the console's access rules", () => {
  it("gives a refugee's init data 403 on every route, and forged or expired init data 401", async () => {
    // the routes as the console registers them (the same code the process runs)
    const app = await buildServer({ config: { BOT_TOKEN: TEST_BOT_TOKEN } } as never);
    const routes = app.consoleRoutes.filter((r) => r.access !== "public");
    await app.close();
    expect(routes.length).toBeGreaterThan(8);
    // the city pages' routes are among them
    expect(routes.filter((r) => r.url.startsWith("/api/city/")).length).toBeGreaterThanOrEqual(15);
    const refugee = initData(TEST_BOT_TOKEN, { id: REFUGEE });
    const forged = initData("999999:NOT-THE-BOT-TOKEN", { id: CASEWORKER });
    const expired = initData(TEST_BOT_TOKEN, { id: CASEWORKER }, new Date(Date.now() - 2 * 86_400_000));
    for (const route of routes) {
      const url =
        h.consoleUrl + route.url.replace(/:(\w+)/g, (_, name) => (name === "format" ? "csv" : "x1234567890"));
      const call = (auth: string) =>
        fetch(url, {
          method: route.method,
          headers: { authorization: `tma ${auth}`, "content-type": "application/json" },
          body: route.method === "GET" ? undefined : "{}",
        });
      expect((await call(refugee)).status, `${route.method} ${route.url}`).toBe(403);
      expect((await call(forged)).status, `${route.method} ${route.url}`).toBe(401);
      expect((await call(expired)).status, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it("lets city staff not open caseworker pages", async () => {
    const clerk = initData(TEST_BOT_TOKEN, { id: CLERK });
    const response = await fetch(`${h.consoleUrl}/api/households`, {
      headers: { authorization: `tma ${clerk}` },
    });
    expect(response.status).toBe(403);
    const context = await browser.newContext();
    const page = await openAsMiniApp(context, h.consoleUrl, clerk, "/households");
    await expect
      .poll(() => page.locator("[role=alert]").first().textContent())
      .toBe(de()("console.errors.forbidden"));
    await context.close();
  });

  it("opens a desktop session with a one-time login link, once only; cookie writes need the CSRF token", async () => {
    const link = await createLoginLink(h.db, BigInt(CASEWORKER), h.consoleUrl, "/households");
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForURL(/\/households$/);
    await expect.poll(() => page.locator(".count").textContent()).toContain("Haushalte");
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "rematch_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    // a write with the cookie but without the page's CSRF token is refused
    const target = ids[7] as string;
    const forged = await page.evaluate(
      async (url) =>
        (
          await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ reason: "x" }),
          })
        ).status,
      `${h.consoleUrl}/api/households/${target}/hold`,
    );
    expect(forged).toBe(403);
    expect((await h.db.intake.findUniqueOrThrow({ where: { id: target } })).onHold).toBe(false);

    const other = await browser.newContext({ locale: "de-DE" });
    const again = await other.newPage();
    await again.goto(link);
    await expect
      .poll(() => again.locator("[role=alert]").textContent())
      .toBe(de()("console.errors.login_link_invalid"));
    await Promise.all([context.close(), other.close()]);
  });
});
