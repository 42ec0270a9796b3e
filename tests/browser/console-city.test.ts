import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initData, launchBrowser, openAsMiniApp, screenshot } from "../../scripts/lib/browser";
import { seedHouseholds } from "../../scripts/lib/household-generator";
import { isLanguage } from "../../shared/i18n";
import { berlinToday, berlinWallClock } from "../../shared/messages/time";
import { TEST_BOT_TOKEN } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { overflowing } from "../support/layout";
import { grantStaff, seedMunicipalities } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * City staff in a real headless Chromium against the real console, worker and bot: a clerk with
 * 45 arrivals pages through all of them, opens one, gives its arrival details with two
 * appointments, sends the same appointment to 40 households (each told once), creates an event
 * for them and sees a registration from the chat arrive; a clerk of another city gets 404.
 */
let h: Harness;
let browser: Browser;
let kiel: string[];
let other: string[];
const CLERK = 7001;
const OTHER_CLERK = 7002;
const FIRST = 300_000;
const de = () => h.i18n.t("de");

beforeAll(async () => {
  h = await createHarness();
  await seedMunicipalities(h.db, [
    { id: "kiel", name: "Kiel" },
    { id: "braunschweig", name: "Braunschweig" },
  ]);
  await grantStaff(h.db, [
    { telegramId: CLERK, role: "city_staff", municipalityId: "kiel", language: "de" },
    { telegramId: OTHER_CLERK, role: "city_staff", municipalityId: "braunschweig", language: "de" },
  ]);
  const context = {
    today: berlinToday(),
    municipalities: [
      { id: "braunschweig", name: "Braunschweig" },
      { id: "kiel", name: "Kiel" },
    ],
  };
  const ids = await seedHouseholds(h.db, h.questionnaire, context, {
    count: 48,
    seed: 11,
    firstTelegramId: FIRST,
    languages: ["uk", "de", "en"],
  });
  kiel = ids.slice(0, 45);
  other = ids.slice(45);
  // accepted offers, as matching leaves them (one a minute, in order)
  for (const [i, id] of ids.entries()) {
    await h.db.intake.update({
      where: { id },
      data: {
        status: "placed",
        municipalityId: i < 45 ? "kiel" : "braunschweig",
        placedAt: new Date(Date.now() - (100 - i) * 60_000),
      },
    });
  }
  await Promise.all([h.processes.start("console"), h.processes.start("worker"), h.processes.start("bot")]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const asClerk = () => initData(TEST_BOT_TOKEN, { id: CLERK });
const inDays = (days: number, time: string) =>
  `${berlinWallClock(new Date(Date.now() + days * 86_400_000)).slice(0, 10)}T${time}`;
const waitFor = <T>(probe: () => Promise<T> | T, what: string) =>
  eventually(probe, { what, timeoutMs: 30_000, log: () => h.processes.output.get("worker")?.slice(-10) });
const refsOn = (page: Page) => page.locator("table.arrivals tbody a").allTextContents();
const chatOf = async (intakeId: string) =>
  Number(
    (await h.db.intake.findUniqueOrThrow({ where: { id: intakeId }, include: { user: true } })).user.chatId,
  );

describe("the city pages of the console", () => {
  it("pages through 45 arrivals, gives one its details with two appointments, and one appointment to 40", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(context, h.consoleUrl, asClerk());
    await page.waitForURL(/\/city$/);
    const count = page.locator(".count");
    await expect.poll(() => count.textContent()).toBe(de()("consoleCity.arrivals.count", { count: 45 }));
    await screenshot(page, "city-arrivals");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone

    // every household, page by page, in the order they accepted
    const seen: string[] = [];
    for (let p = 1; p <= 3; p++) {
      await expect
        .poll(() => page.locator(".pager span").textContent())
        .toBe(de()("console.page_of", { page: p, pages: 3 }));
      await expect.poll(async () => (await refsOn(page)).length).toBe(p < 3 ? 20 : 5);
      seen.push(...(await refsOn(page)));
      if (p < 3) await page.getByRole("button", { name: de()("console.next") }).click();
    }
    expect(new Set(seen).size).toBe(45);
    expect(seen).toEqual(kiel.map((id) => `#${id.slice(-6).toUpperCase()}`));

    // one household's card: details and two appointments by form
    await page.goto(`${h.consoleUrl}/city`);
    const target = kiel[0] as string;
    await page.getByRole("link", { name: `#${target.slice(-6).toUpperCase()}` }).click();
    await page.waitForURL(new RegExp(`/city/households/${target}$`));
    await expect.poll(() => page.locator("h1").textContent()).toContain(target.slice(-6).toUpperCase());
    await page.getByLabel(de()("consoleCity.details.arrival_date"), { exact: true }).fill(inDays(5, "14:30"));
    await page
      .getByLabel(de()("consoleCity.details.meeting_point"), { exact: true })
      .fill("Kiel Hbf, Gleis 1");
    await page
      .getByLabel(de()("consoleCity.details.address"), { exact: true })
      .fill("Holstenstraße 1, 24103 Kiel");
    await page.getByLabel(de()("consoleCity.details.contact_name"), { exact: true }).fill("Frau Petersen");
    await page.getByLabel(de()("consoleCity.details.contact_phone"), { exact: true }).fill("+49 431 9012345");
    for (const [n, [time, place, what]] of [
      ["09:00", "Bürgeramt Kiel", "Anmeldung"],
      ["11:00", "Jobcenter Kiel", "Erstgespräch"],
    ].entries()) {
      await page.getByRole("button", { name: de()("consoleCity.details.add_appointment") }).click();
      const row = page.getByRole("group", { name: de()("consoleCity.details.appointment_n", { n: n + 1 }) });
      await row
        .getByLabel(de()("consoleCity.appointment.at"), { exact: true })
        .fill(inDays(6, time as string));
      await row.getByLabel(de()("consoleCity.appointment.place"), { exact: true }).fill(place as string);
      await row.getByLabel(de()("consoleCity.appointment.what"), { exact: true }).fill(what as string);
    }
    await page.getByRole("button", { name: de()("consoleCity.details.save_send") }).click();
    await expect
      .poll(() => page.locator(".details [role=status]").textContent())
      .toBe(de()("consoleCity.details.saved_told", { count: 1 }));
    await screenshot(page, "city-household");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone
    const saved = await h.db.arrivalInfo.findUniqueOrThrow({ where: { intakeId: target } });
    expect(saved).toMatchObject({ meetingPoint: "Kiel Hbf, Gleis 1", contactPhone: "+49 431 9012345" });
    expect(saved.appointments).toHaveLength(2);
    const chat = await chatOf(target);
    await waitFor(
      () => h.emulator.messages(chat).some((m) => m.text.includes("Jobcenter Kiel")),
      "the details",
    );
    // saved again unchanged: nothing is sent
    await page.getByRole("button", { name: de()("consoleCity.details.save_send") }).click();
    await expect
      .poll(() => page.locator(".details [role=status]").textContent())
      .toBe(de()("consoleCity.details.unchanged"));
    expect(await h.db.delivery.count({ where: { kind: "arrival" } })).toBe(1);

    // the filters: only that household has an arrival date; sorted by it, it comes first
    await page.goto(`${h.consoleUrl}/city`);
    const counted = (n: number) => de()("consoleCity.arrivals.count", { count: n });
    await page.getByLabel(de()("consoleCity.arrivals.dated"), { exact: true }).selectOption("yes");
    await expect.poll(() => count.textContent()).toBe(counted(1));
    expect(await page.locator("table.arrivals tbody tr").count()).toBe(1);
    await page.getByLabel(de()("consoleCity.arrivals.dated"), { exact: true }).selectOption("no");
    await expect.poll(() => count.textContent()).toBe(counted(44));
    await page.getByLabel(de()("consoleCity.arrivals.dated"), { exact: true }).selectOption("");
    await page.getByLabel(de()("consoleCity.arrivals.sort"), { exact: true }).selectOption("arrival");
    await expect.poll(() => page.url()).toContain("sort=arrival");
    await expect
      .poll(() => page.locator("table.arrivals tbody tr").first().textContent())
      .toContain(target.slice(-6).toUpperCase());

    // the same appointment for 40 households: the first two pages chosen
    await page.goto(`${h.consoleUrl}/city`);
    await page.getByRole("button", { name: de()("consoleCity.arrivals.choose_page") }).click();
    await page.getByRole("button", { name: de()("console.next") }).click();
    await expect.poll(() => page.locator(".pager span").textContent()).toContain("2");
    await page.getByRole("button", { name: de()("consoleCity.arrivals.choose_page") }).click();
    const bulk = page.getByRole("form", { name: de()("consoleCity.bulk.title") });
    await expect.poll(() => bulk.textContent()).toContain(de()("consoleCity.bulk.chosen", { count: 40 }));
    await bulk.getByLabel(de()("consoleCity.appointment.at"), { exact: true }).fill(inDays(7, "10:00"));
    await bulk
      .getByLabel(de()("consoleCity.appointment.place"), { exact: true })
      .fill("Rathaus Kiel, Saal 3");
    await bulk
      .getByLabel(de()("consoleCity.appointment.what"), { exact: true })
      .fill("Informationsabend Schule");
    await bulk.getByRole("button", { name: de()("consoleCity.bulk.send", { count: 40 }) }).click();
    await expect
      .poll(() => bulk.locator("[role=status]").textContent())
      .toBe(de()("consoleCity.bulk.done", { count: 40, told: 40 }));
    await screenshot(page, "city-bulk-appointment");
    // pressed again: every household has it already, nobody is told twice
    await bulk.getByRole("button", { name: de()("consoleCity.bulk.send", { count: 40 }) }).click();
    await expect
      .poll(() => bulk.locator("[role=status]").textContent())
      .toBe(
        `${de()("consoleCity.bulk.done", { count: 0, told: 0 })} ${de()("consoleCity.bulk.already", { count: 40 })}`,
      );
    const chosen = kiel.slice(0, 40);
    const chats = await Promise.all(chosen.map(chatOf));
    await waitFor(
      () => chats.every((c) => h.emulator.messages(c).some((m) => m.text.includes("Rathaus Kiel, Saal 3"))),
      "the bulk appointment everywhere",
    );
    for (const c of chats) {
      expect(h.emulator.messages(c).filter((m) => m.text.includes("Rathaus Kiel, Saal 3"))).toHaveLength(1);
    }
    for (const id of kiel.slice(40)) {
      expect(h.emulator.messages(await chatOf(id)).some((m) => m.text.includes("Rathaus Kiel"))).toBe(false);
    }
    expect(await h.db.auditLog.count({ where: { action: "city.appointment.bulk" } })).toBe(2);

    // the 40 travel together: one meeting point for all, told once each; the fields left empty stay
    const group = page.getByRole("form", { name: de()("consoleCity.bulk_details.title") });
    const send = group.getByRole("button", { name: de()("consoleCity.bulk_details.send", { count: 40 }) });
    expect(await send.isDisabled()).toBe(true); // nothing filled in yet
    await group
      .getByLabel(de()("consoleCity.details.meeting_point"), { exact: true })
      .fill("Kiel Hbf, Gleis 3");
    await send.click();
    await expect
      .poll(() => group.locator("[role=status]").textContent())
      .toBe(de()("consoleCity.bulk.done", { count: 40, told: 40 }));
    const met = await h.db.arrivalInfo.findMany({ where: { intakeId: { in: chosen } } });
    expect(met.filter((a) => a.meetingPoint === "Kiel Hbf, Gleis 3")).toHaveLength(40);
    expect(met.every((a) => a.appointments && (a.appointments as unknown[]).length >= 1)).toBe(true);

    // an event for the chosen 40; a household that was not chosen registers in chat
    await page.getByRole("link", { name: de()("consoleCity.nav.events") }).click();
    const form = page.getByRole("form", { name: de()("consoleCity.events.new") });
    await form.getByLabel(de()("consoleCity.events.kind"), { exact: true }).selectOption("workshop");
    await form.getByLabel(de()("consoleCity.events.starts_at"), { exact: true }).fill(inDays(8, "17:00"));
    await form.getByLabel(de()("consoleCity.events.place"), { exact: true }).fill("Stadtbücherei Kiel");
    const german = de()("intake.choices.languages.de");
    const english = de()("intake.choices.languages.en");
    await form
      .getByLabel(de()("consoleCity.texts.text_in", { language: german }), { exact: true })
      .fill("Sprachcafé");
    await form.getByRole("tab", { name: de()("console.languages.en") }).click();
    await form
      .getByLabel(de()("consoleCity.texts.text_in", { language: english }), { exact: true })
      .fill("Language café");
    await form
      .getByRole("button", { name: de()("consoleCity.texts.preview", { language: english }) })
      .click();
    await expect.poll(() => form.locator("figure.preview pre").textContent()).toContain("Language café");
    await expect.poll(() => form.locator("figure.preview pre").textContent()).toContain("Stadtbücherei Kiel");
    await form.getByLabel(de()("consoleCity.audience.selection", { count: 40 }), { exact: true }).check();
    await form.getByRole("button", { name: de()("consoleCity.events.create") }).click();
    await page.waitForURL(/\/city\/events\/[a-z0-9]+$/);
    const registered = page.locator("section.card h2").first();
    await expect
      .poll(() => registered.textContent())
      .toBe(de()("consoleCity.events.registered", { count: 40 }));

    const late = kiel[44] as string;
    const person = await h.db.intake.findUniqueOrThrow({ where: { id: late }, include: { user: true } });
    const lang = isLanguage(person.user.language) ? person.user.language : "uk";
    const household = h.user(Number(person.user.telegramId), "Olena", lang);
    await household.say("/events");
    await household.tap(h.i18n.t(lang)("arrival.button.will_come"));
    expect(await h.db.eventRegistration.count({ where: { intakeId: late } })).toBe(1);
    // the page follows new registrations by itself (it asks every few seconds)
    await expect
      .poll(() => registered.textContent(), { timeout: 15_000 })
      .toBe(de()("consoleCity.events.registered", { count: 41 }));
    const ref = `#${late.slice(-6).toUpperCase()}`;
    await expect.poll(() => page.locator("ul.registrations").textContent()).toContain(ref);
    // attendance marked
    await page.getByLabel(de()("consoleCity.events.attended_ref", { ref }), { exact: true }).check();
    await waitFor(
      async () => (await h.db.eventRegistration.findFirst({ where: { intakeId: late } }))?.attendedAt,
      "attendance",
    );
    await screenshot(page, "city-event");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone
    await context.close();
  });

  it("sends a message with a preview and follows its figures; edits capacity and marks a household arrived", async () => {
    const blocked = await chatOf(kiel[43] as string);
    h.emulator.failFor(blocked, { kind: "blocked" });
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(context, h.consoleUrl, asClerk(), "/city/broadcasts");
    const form = page.getByRole("form", { name: de()("consoleCity.broadcasts.new") });
    const german = de()("intake.choices.languages.de");
    const ukrainian = de()("intake.choices.languages.uk");
    await form.getByLabel(de()("consoleCity.audience.placed"), { exact: true }).check();
    await form
      .getByLabel(de()("consoleCity.texts.text_in", { language: german }), { exact: true })
      .fill("Bitte Pass mitbringen");
    await form.getByRole("tab", { name: de()("console.languages.uk") }).click();
    await form
      .getByLabel(de()("consoleCity.texts.text_in", { language: ukrainian }), { exact: true })
      .fill("Візьміть паспорт");
    await form
      .getByRole("button", { name: de()("consoleCity.texts.preview", { language: ukrainian }) })
      .click();
    await expect.poll(() => form.locator("figure.preview pre").textContent()).toBe("Візьміть паспорт");
    await form.getByRole("button", { name: de()("consoleCity.broadcasts.send_now") }).click();
    const card = page.locator("section.broadcast").first();
    const figure = (k: string) => card.locator(`.stat-${k} dd`).textContent();
    // the page follows the worker as it sends
    await expect.poll(() => figure("delivered"), { timeout: 30_000 }).toBe("44");
    await expect.poll(() => figure("blocked"), { timeout: 30_000 }).toBe("1");
    expect(await figure("total")).toBe("45");
    // nobody it can still reach was missed: no "send again"
    expect(await card.getByRole("button").count()).toBe(0);
    await screenshot(page, "city-broadcasts");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone

    // capacity of Kiel, audited
    await page.getByRole("link", { name: de()("consoleCity.nav.capacity") }).click();
    const capacityForm = page.getByRole("form", {
      name: de()("consoleCity.capacity.title", { city: "Kiel" }),
    });
    await capacityForm.getByLabel(de()("console.dimension.persons"), { exact: true }).fill("60");
    await capacityForm.getByRole("button", { name: de()("console.save") }).click();
    await expect
      .poll(() => capacityForm.locator("[role=status]").textContent())
      .toBe(de()("consoleCity.capacity.saved"));
    expect(await h.db.auditLog.count({ where: { action: "municipality.capacity", target: "kiel" } })).toBe(1);
    // and what Kiel looks for: families with school children, health workers
    const criteria = page.getByRole("form", { name: de()("consoleCity.criteria.title") });
    await criteria.getByLabel(de()("consoleCity.criteria.families")).check();
    await criteria.getByLabel(de()("intake.choices.sector.health")).check();
    await criteria.getByRole("button", { name: de()("console.save") }).click();
    await expect
      .poll(() => criteria.locator("[role=status]").textContent())
      .toBe(de()("consoleCity.capacity.saved"));
    expect((await h.db.municipality.findUniqueOrThrow({ where: { id: "kiel" } })).services).toMatchObject({
      seeksFamilies: true,
      jobSectors: ["health"],
    });
    await screenshot(page, "city-capacity");
    expect(await overflowing(page)).toEqual([]); // the page fits a desktop window, half of one and a phone

    // one household arrives
    const target = kiel[44] as string;
    await page.goto(`${h.consoleUrl}/city/households/${target}`);
    await page.getByRole("button", { name: de()("consoleCity.card.mark_arrived") }).click();
    await expect.poll(() => page.locator("h1 .status").textContent()).toBe(de()("console.status.arrived"));
    await page.goto(`${h.consoleUrl}/city?arrived=yes`);
    await expect
      .poll(() => page.locator(".count").textContent())
      .toBe(de()("consoleCity.arrivals.count", { count: 1 }));
    await context.close();
  });

  it("gives a clerk of another city 404 for this city's household, its card and its API", async () => {
    const target = kiel[0] as string;
    const otherClerk = initData(TEST_BOT_TOKEN, { id: OTHER_CLERK });
    const get = (path: string) =>
      fetch(h.consoleUrl + path, { headers: { authorization: `tma ${otherClerk}` } });
    expect((await get(`/api/city/arrivals/${target}`)).status).toBe(404);
    const own = (await (await get("/api/city/arrivals")).json()) as { total: number; rows: { id: string }[] };
    expect(own.total).toBe(3);
    expect(own.rows.map((r) => r.id).sort()).toEqual([...other].sort());
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await openAsMiniApp(context, h.consoleUrl, otherClerk, `/city/households/${target}`);
    await expect
      .poll(() => page.locator("[role=alert]").first().textContent())
      .toBe(de()("console.errors.not_found"));
    await screenshot(page, "city-other-clerk-404");
    await context.close();
  });
});
