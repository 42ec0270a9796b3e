import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { familyOfThree, singleWithDog } from "../../scripts/lib/personas";
import { createHarness, type Harness } from "../support/harness";
import { capacity, grantStaff, seedMunicipalities } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * Matching rounds end to end: the caseworker starts a round in the bot, the worker computes it,
 * the caseworker approves, offers arrive, one household accepts and one declines, and the next
 * round places the decliner elsewhere. The worker is killed mid-round and mid-offers.
 */
let h: Harness;
const CASEWORKER = 5001;
const CITY_CLERK = 5002;

const services = (medicalSpecialties: string[], petsAllowed: boolean, citySize: "big" | "small") => ({
  medicalSpecialties,
  languageCourses: true,
  integrationCourses: true,
  welcomeClasses: true,
  jobSectors: ["health", "construction"],
  ukrainianCommunity: 800,
  citySize,
  petsAllowed,
});

beforeAll(async () => {
  h = await createHarness({
    JOB_LOCK_MS: "1500",
    OFFER_DEADLINE_MINUTES: "600",
    OFFER_REMINDER_MINUTES: "60",
  });
  await seedMunicipalities(h.db, [
    {
      id: "braunschweig",
      name: "Braunschweig",
      capacity: capacity(10),
      services: services(["general", "dialysis"], true, "big"),
    },
    { id: "kiel", name: "Kiel", capacity: capacity(10), services: services(["general"], false, "big") },
    {
      id: "troisdorf",
      name: "Troisdorf",
      capacity: capacity(10),
      services: services(["general"], true, "small"),
    },
  ]);
  await grantStaff(h.db, [
    { telegramId: CASEWORKER, role: "caseworker", language: "en" },
    { telegramId: CITY_CLERK, role: "city_staff", municipalityId: "braunschweig", language: "de" },
  ]);
  await h.processes.start("bot");
  await h.processes.start("worker");
});

afterAll(async () => {
  await h?.close();
});

const en = () => h.i18n.t("en");
const messagesWith = (chatId: number, text: string) =>
  h.emulator.messages(chatId).filter((m) => m.text.includes(text));

describe("matching rounds", () => {
  it("caseworker runs a round, households accept and decline, the next round places the decliner elsewhere", async () => {
    const uk = h.i18n.t("uk");
    const ru = h.i18n.t("ru");
    const olena = h.user(6001, "Olena", "uk");
    const taras = h.user(6002, "Taras", "ru");
    await h.register(olena, "uk", familyOfThree);
    await h.register(taras, "ru", singleWithDog);

    // a refugee learns nothing about staff commands
    expect((await olena.say("/round"))[0]?.text).toBe(uk("fallback.unknown_command"));

    const caseworker = h.user(CASEWORKER, "Caseworker", "en");
    const [overview] = await caseworker.say("/round");
    expect(overview?.text).toBe(
      [
        en()("rounds.overview", { households: 2, people: 4, municipalities: 3 }),
        en()("rounds.selection_hint"),
      ].join("\n\n"),
    );
    await caseworker.tap(en()("rounds.start"));
    // the worker may be killed while it computes: the round is computed once, reported once
    await h.processes.stop("worker", "SIGKILL");
    await h.processes.start("worker");
    const report = await eventually(() =>
      h.emulator
        .messages(CASEWORKER)
        .find((m) => m.buttons.flat().some((b) => b.text === en()("rounds.approve"))),
    );
    const round = await h.db.round.findFirstOrThrow({
      where: { number: { gt: 0 } },
      orderBy: { number: "asc" },
    });
    expect(round.status).toBe("computed");
    expect(messagesWith(CASEWORKER, en()("rounds.report_title", { number: round.number }))).toHaveLength(1);
    expect(report.text).toContain(en()("rounds.report_none_unplaced"));
    // the report compares the optimum with both baselines
    expect(
      h.emulator
        .messages(CASEWORKER)
        .map((m) => m.text)
        .join("\n"),
    ).toMatch(/first come, first served: people placed \d+/);
    // beside the summary: the capacity chart as an image, the whole assignment as an XLSX document,
    // and a button into the console's page of the round
    const sent = h.emulator.messages(CASEWORKER);
    expect(sent.find((m) => m.photo)?.photo?.fileName).toBe(`round-${round.number}.png`);
    expect(sent.find((m) => m.photo)?.photo?.bytes).toBeGreaterThan(1000);
    const xlsx = sent.find((m) => m.document)?.document;
    expect(xlsx?.fileName).toBe(`round-${round.number}.xlsx`);
    expect(xlsx?.content.startsWith("PK")).toBe(true); // a zip, as XLSX files are
    const open = report.buttons.flat().find((b) => b.text === en()("roundchat.open_console"));
    expect(open?.url).toBe(`${h.consoleUrl}/rounds/${round.id}`);

    // approve; kill the worker while it sends the offers: every household still gets exactly one
    await caseworker.tap(en()("rounds.approve"), report);
    await h.processes.stop("worker", "SIGKILL");
    await h.processes.start("worker");
    const olenaOffer = await eventually(() =>
      h.emulator.messages(6001).find((m) => m.buttons.flat().some((b) => b.text === uk("offer.accept"))),
    );
    const tarasOffer = await eventually(() =>
      h.emulator.messages(6002).find((m) => m.buttons.flat().some((b) => b.text === ru("offer.accept"))),
    );
    // the family needs dialysis: only Braunschweig has it
    expect(olenaOffer.text).toContain(uk("offer.title", { city: "Braunschweig" }));
    const firstCity = /Braunschweig|Troisdorf/.exec(tarasOffer.text)?.[0];
    expect(firstCity).toBeDefined();
    expect(await h.db.offer.count()).toBe(2);

    // Olena accepts (twice: the second tap changes nothing)
    olena.read();
    const accepted = await olena.tap(uk("offer.accept"), olenaOffer);
    expect(accepted[0]?.text).toBe(uk("offer.accepted", { city: "Braunschweig" }));
    // then the pre-arrival questions (tests/e2e/pre-arrival.test.ts)
    expect(accepted[1]?.text).toBe(uk("prearrival.intro", { city: "Braunschweig" }));
    await olena.tap(uk("offer.accept"), olenaOffer).catch(() => undefined);
    const placed = await h.db.intake.findFirstOrThrow({ where: { user: { telegramId: 6001n } } });
    expect(placed).toMatchObject({ status: "placed", municipalityId: "braunschweig" });
    const bs = await h.db.municipality.findUniqueOrThrow({ where: { id: "braunschweig" } });
    expect(bs.taken).toMatchObject({ persons: 3, units3to4: 1, schoolPlaces: 1 });
    // the city's staff are told
    await eventually(() => h.emulator.messages(CITY_CLERK).find((m) => m.text.includes("Braunschweig")));

    // Taras declines with a reason and goes back to the pool
    await taras.tap(ru("offer.decline"), tarasOffer);
    await taras.tap(ru("offer.reason_size"));
    expect(taras.last()?.text).toBe(ru("offer.declined"));
    const back = await h.db.intake.findFirstOrThrow({ where: { user: { telegramId: 6002n } } });
    expect(back.status).toBe("registered");
    expect(back.declined).toEqual([firstCity?.toLowerCase()]);

    // the caseworker narrows the next round: bad input is answered, an old overview cannot start a newer one
    expect((await caseworker.say("/round first"))[0]?.text).toBe(en()("rounds.selection_invalid"));
    expect((await caseworker.say("/round only Atlantis, kiel"))[0]?.text).toBe(
      en()("rounds.selection_unknown", { names: "Atlantis" }),
    );
    const [narrow] = await caseworker.say("/round first 1 without Kiel");
    expect(narrow?.text).toContain(en()("rounds.overview", { households: 1, people: 1, municipalities: 2 }));
    expect(narrow?.text).toContain(
      en()("rounds.selection_municipalities", { names: "Braunschweig, Troisdorf" }),
    );

    // the next round places him elsewhere (the declined city is left out without being asked)
    const [full] = await caseworker.say("/round");
    await caseworker.tap(en()("rounds.start"), narrow);
    expect(caseworker.last()?.text).toBe(en()("rounds.draft_gone"));
    await caseworker.tap(en()("rounds.start"), full);
    const report2 = await eventually(() =>
      h.emulator
        .messages(CASEWORKER)
        .filter((m) => m.buttons.flat().some((b) => b.text === en()("rounds.approve")))
        .at(1),
    );
    await caseworker.tap(en()("rounds.approve"), report2);
    const second = await eventually(() =>
      h.emulator
        .messages(6002)
        .filter((m) => m.buttons.flat().some((b) => b.text === ru("offer.accept")))
        .at(1),
    );
    expect(second.text).not.toContain(firstCity);
    expect(second.text).toMatch(/Braunschweig|Troisdorf/);

    // the audit log has the caseworker's decisions
    const actions = (await h.db.auditLog.findMany()).map((a) => a.action);
    expect(actions.filter((a) => a === "round.approved")).toHaveLength(2);
  });
});
