import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdRef } from "../../core/reference";
import { initData, launchBrowser, openAsMiniApp, screenshot } from "../../scripts/lib/browser";
import { seedHouseholds } from "../../scripts/lib/household-generator";
import { berlinToday } from "../../shared/messages/time";
import { type StoredResult, storedResultSchema } from "../../shared/rounds/result";
import { TEST_BOT_TOKEN } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { overflowing } from "../support/layout";
import { grantStaff, seedMunicipalities, services } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * A round run from the console in a real headless Chromium, with the real console and worker:
 * started from a selection, watched while it computes, one household moved (a move into a full
 * municipality is refused with its reason), approved, and the offers appear.
 */
let h: Harness;
let browser: Browser;
const CASEWORKER = 5101;
const de = () => h.i18n.t("de");

const capacity = (persons: number) => ({
  persons,
  units1to2: 20,
  units3to4: 20,
  units5plus: 10,
  schoolPlaces: 20,
  kindergartenPlaces: 20,
  accessibleUnits: 10,
});
const bigCity = services();
const towns = [
  { id: "braunschweig", name: "Braunschweig" },
  { id: "kiel", name: "Kiel" },
  { id: "troisdorf", name: "Troisdorf" },
];

beforeAll(async () => {
  h = await createHarness({ OFFER_DEADLINE_MINUTES: "600", OFFER_REMINDER_MINUTES: "60" });
  await seedMunicipalities(
    h.db,
    towns.map((m) => ({ ...m, capacity: capacity(12), services: bigCity })),
  );
  await grantStaff(h.db, [{ telegramId: CASEWORKER, role: "caseworker", language: "de" }]);
  await seedHouseholds(
    h.db,
    h.questionnaire,
    { today: berlinToday(), municipalities: towns },
    { count: 30, seed: 11 },
  );
  await Promise.all([h.processes.start("console"), h.processes.start("worker")]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function stored(roundId: string): Promise<StoredResult> {
  return storedResultSchema.parse((await h.db.round.findUniqueOrThrow({ where: { id: roundId } })).result);
}

/** The row of one household in the round's table of places, and its "change" dialog. */
async function openMove(page: Page, ref: string) {
  await page.getByRole("searchbox", { name: de()("console.round.find_ref") }).fill(ref);
  const row = page.locator("tr", { hasText: ref });
  await row.getByRole("button", { name: de()("console.round.change") }).click();
  return page.getByRole("dialog");
}

describe("a round in the console", () => {
  it("is started, watched, overridden (an infeasible move refused), approved, and its offers appear", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(
      context,
      h.consoleUrl,
      initData(TEST_BOT_TOKEN, { id: CASEWORKER }),
      "/rounds",
    );
    await page.getByRole("button", { name: de()("console.rounds.start") }).click();
    await page.waitForURL(/\/rounds\/[a-z0-9]+$/);
    const roundId = page.url().split("/").at(-1) as string;
    // while it computes, the page shows the progress; then the whole report
    await page.getByRole("button", { name: de()("console.round.approve") }).waitFor({ timeout: 60_000 });
    const result = await stored(roundId);
    expect(result.assignments.length).toBeGreaterThan(0);
    expect(result.unplaced.length).toBeGreaterThan(0); // 36 beds for 30 households: not everyone fits
    await expect
      .poll(() => page.locator(".kpi").first().textContent())
      .toContain(`${result.report.people.placed} / `);
    await page.locator(".chart svg").first().waitFor();
    await screenshot(page, "console-round-report");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone

    // a move into a municipality whose beds are all taken is refused, with the reason
    const full = result.report.capacity.find((c) => (c.used.persons ?? 0) >= (c.capacity.persons ?? 0) - 1);
    const mover = result.assignments.find(
      (a) => a.municipalityId !== full?.municipalityId && (a.persons ?? 0) >= 2,
    );
    expect(full && mover).toBeTruthy();
    if (!full || !mover) return;
    let dialog = await openMove(page, householdRef(mover.intakeId));
    await dialog.getByLabel(de()("console.round.move_to")).selectOption(full.municipalityId);
    await dialog.getByRole("button", { name: de()("console.round.move") }).click();
    await expect
      .poll(() => dialog.locator(".error").textContent())
      .toBe(
        de()("console.errors.override_refused", { reason: de()("console.pair_reason.no_capacity_persons") }),
      );
    await screenshot(page, "console-round-move-refused");
    await dialog.getByRole("button", { name: de()("console.cancel") }).click();

    // taking it out of the round is possible: the report counts again and records the change
    dialog = await openMove(page, householdRef(mover.intakeId));
    await dialog.getByRole("button", { name: de()("console.round.take_out") }).click();
    await expect
      .poll(() => page.locator(".card", { hasText: de()("console.round.overrides") }).textContent())
      .toContain(householdRef(mover.intakeId));
    const after = await stored(roundId);
    expect(after.overrides).toMatchObject([
      { intakeId: mover.intakeId, from: mover.municipalityId, to: null },
    ]);
    expect(after.report.households.placed).toBe(result.report.households.placed - 1);
    expect(after.unplaced.find((u) => u.intakeId === mover.intakeId)?.removed).toBe(true);
    expect(await h.db.auditLog.count({ where: { action: "round.override", target: roundId } })).toBe(1);

    // approve: one offer per placed household, sent through the worker
    await page.getByRole("button", { name: de()("console.round.approve") }).click();
    await expect
      .poll(() => page.locator("h1 .status").textContent())
      .toBe(de()("console.round_status.approved"));
    const offers = await eventually(async () => {
      const n = await h.db.offer.count({ where: { roundId } });
      return n === after.assignments.length ? n : null;
    });
    expect(await h.db.offer.count({ where: { roundId, intakeId: mover.intakeId } })).toBe(0);
    await page.reload();
    await expect
      .poll(() =>
        page
          .locator(".card", { hasText: de()("console.offers.title") })
          .locator(".kpi")
          .first()
          .textContent(),
      )
      .toContain(String(offers));
    await screenshot(page, "console-round-offers");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone
    // the offers as CSV, from their own button: one row per offer under the header
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: de()("console.round.export_offers_csv") }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`round-${roundId}-offers.csv`);
    const csv = readFileSync((await download.path()) as string, "utf8")
      .trim()
      .split("\r\n");
    expect(csv).toHaveLength(offers + 1);
    expect(csv[0]).toContain(de()("console.round.offer_status"));
    await context.close();
  });

  it("is started with households picked in the table (kept through a search), and only with those", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(
      context,
      h.consoleUrl,
      initData(TEST_BOT_TOKEN, { id: CASEWORKER }),
      "/households?status=registered&sort=registered&dir=asc",
    );
    const waiting = await h.db.intake.findMany({
      where: { status: "registered" },
      orderBy: { submittedAt: "asc" },
    });
    expect(waiting.length).toBeGreaterThan(2);
    const [one, two] = [waiting[0], waiting.at(-1)];
    if (!one || !two) return;
    const choose = (id: string) =>
      page.getByRole("checkbox", {
        name: de()("console.households.choose_household", { ref: householdRef(id) }),
      });
    await choose(one.id).check();
    // the choice stays while the table is filtered to another household
    await page.getByRole("searchbox", { name: de()("console.households.search") }).fill(householdRef(two.id));
    await page.getByRole("button", { name: de()("console.search") }).click();
    await choose(two.id).check();
    await expect.poll(() => page.getByText(de()("console.households.chosen", { count: 2 })).count()).toBe(1);
    await page.getByRole("link", { name: de()("console.households.round_with_chosen") }).click();
    await page.waitForURL(/\/rounds\?chosen=1/);
    const only = page.getByRole("checkbox", { name: de()("console.rounds.use_chosen", { count: 2 }) });
    expect(await only.isChecked()).toBe(true);
    await page.getByRole("button", { name: de()("console.rounds.start") }).click();
    await page.waitForURL(/\/rounds\/[a-z0-9]+$/);
    const round = await h.db.round.findUniqueOrThrow({
      where: { id: page.url().split("/").at(-1) as string },
    });
    expect([...round.intakeIds].sort()).toEqual([one.id, two.id].sort());
    // the choice is used up with the round
    await page.getByRole("link", { name: de()("console.nav.households") }).click();
    await page.getByRole("button", { name: de()("console.households.choose_page") }).waitFor();
    expect(await page.getByRole("link", { name: de()("console.households.round_with_chosen") }).count()).toBe(
      0,
    );
    await context.close();
  });
});
