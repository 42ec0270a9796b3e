import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdRef } from "../../core/reference";
import { familyOfThree } from "../../scripts/lib/personas";
import { preArrivalFor } from "../../shared/pre-arrival";
import { createHarness, type Harness } from "../support/harness";
import { capacity, grantStaff, seedMunicipalities } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * Pre-arrival data end to end: a household that consented to the older consent text accepts an
 * offer, is asked for the new consent, then for each member's name as in the passport and date of
 * birth and a phone (wrong answers are explained), fixes one field at the review and confirms. The
 * city's clerk sees it in the household view; after /delete the clerk sees nothing.
 */
let h: Harness;
const CASEWORKER = 7101;
const CLERK = 7102;
const OLENA = 7103;

beforeAll(async () => {
  h = await createHarness({ OFFER_DEADLINE_MINUTES: "600", OFFER_REMINDER_MINUTES: "60" });
  await seedMunicipalities(h.db, [
    {
      id: "braunschweig",
      name: "Braunschweig",
      capacity: capacity(10),
      services: {
        medicalSpecialties: ["general", "dialysis"],
        languageCourses: true,
        integrationCourses: true,
        welcomeClasses: true,
        jobSectors: ["health"],
        ukrainianCommunity: 800,
        citySize: "big",
        petsAllowed: true,
      },
    },
  ]);
  await grantStaff(h.db, [
    { telegramId: CASEWORKER, role: "caseworker", language: "en" },
    { telegramId: CLERK, role: "city_staff", municipalityId: "braunschweig", language: "de" },
  ]);
  await Promise.all([h.processes.start("bot"), h.processes.start("worker")]);
});

afterAll(async () => {
  await h?.close();
});

describe("pre-arrival data", () => {
  it("a household accepts, gives its pre-arrival data, the clerk sees it; after /delete the clerk does not", async () => {
    const uk = h.i18n.t("uk");
    const en = h.i18n.t("en");
    const de = h.i18n.t("de");
    const olena = h.user(OLENA, "Olena", "uk");
    await h.register(olena, "uk", { ...familyOfThree, ranking: ["braunschweig"] });
    // she agreed to the consent text before it covered the pre-arrival data
    await h.db.user.update({ where: { telegramId: BigInt(OLENA) }, data: { consentVersion: "2026-11-24" } });

    const caseworker = h.user(CASEWORKER, "Caseworker", "en");
    await caseworker.say("/round");
    await caseworker.tap(en("rounds.start"));
    const report = await eventually(() =>
      h.emulator
        .messages(CASEWORKER)
        .find((m) => m.buttons.flat().some((b) => b.text === en("rounds.approve"))),
    );
    await caseworker.tap(en("rounds.approve"), report);
    const offer = await eventually(() =>
      h.emulator.messages(OLENA).find((m) => m.buttons.flat().some((b) => b.text === uk("offer.accept"))),
    );
    olena.read();

    // accepting: first the new consent, nothing is asked before she agrees
    const accepted = await olena.tap(uk("offer.accept"), offer);
    expect(accepted.map((m) => m.text)).toEqual([
      uk("offer.accepted", { city: "Braunschweig" }),
      `${uk("prearrival.consent_again")}\n\n${uk("consent.text", { after: uk("consent.retention", { count: 12 }) })}`,
    ]);
    expect(await h.db.preArrival.count()).toBe(0);
    const [intro, first] = await olena.tap(uk("consent.agree"));
    expect(intro?.text).toBe(uk("prearrival.intro", { city: "Braunschweig" }));
    expect(first?.text).toBe(uk("prearrival.ask_name", { who: uk("prearrival.member_you") }));
    const user = await h.db.user.findUniqueOrThrow({ where: { telegramId: BigInt(OLENA) } });
    expect(user.consentVersion).toBe("2026-12-01");

    // each answer is checked; a wrong one is explained and the question asked again
    const [latin] = await olena.say("Шевченко Олена");
    expect(latin?.text).toContain(uk("prearrival.errors.name_latin"));
    const [birth] = await olena.say("SHEVCHENKO OLENA");
    expect(birth?.text).toBe(uk("prearrival.ask_birth", { who: uk("prearrival.member_you") }));
    const [invalid] = await olena.say("31.02.1992");
    expect(invalid?.text).toContain(uk("prearrival.errors.date_invalid"));
    const [second] = await olena.say("14.03.1992");
    // the next member is named from the questionnaire: the child, 8
    expect(second?.text).toBe(
      uk("prearrival.ask_name", {
        who: `${uk("prearrival.member_n", { n: 2, total: 3 })} (${uk("intake.choices.relation.child")}, ${uk("prearrival.age", { count: 8 })})`,
      }),
    );
    await olena.say("SHEVCHENKO MAKSYM");
    await olena.say("02.06.2018");
    await olena.say("SHEVCHENKO HALYNA");
    await olena.say("1959-09-30");
    const [wrongPhone] = await olena.say("12345");
    expect(wrongPhone?.text).toContain(uk("prearrival.errors.phone_invalid"));
    const [review] = await olena.say("0151 23456789");
    expect(review?.text).toContain("3. SHEVCHENKO HALYNA");
    expect(review?.text).toContain(uk("prearrival.review_phone", { phone: "+49 1512 3456789" }));

    // before she confirms, the clerk sees no names
    const clerk = h.user(CLERK, "Jens", "de");
    const [list] = await clerk.say("/arrival");
    const before = (await clerk.tap("🏠 1", list)).map((m) => m.text).join("\n");
    expect(before).toContain(de("prearrival.staff_none"));
    expect(before).not.toContain("SHEVCHENKO");

    // she fixes the phone at the review, then confirms
    await olena.tap(uk("prearrival.change"), review);
    const [askPhone] = await olena.tap(uk("prearrival.fix_phone"));
    expect(askPhone?.text).toBe(uk("prearrival.ask_phone"));
    const [again] = await olena.say("+380 67 123 4567");
    expect(again?.text).toContain(uk("prearrival.review_phone", { phone: "+380 67 123 4567" }));
    const [done] = await olena.tap(uk("prearrival.confirm"), again);
    expect(done?.text).toBe(uk("prearrival.confirmed", { city: "Braunschweig" }));

    // the clerk sees who is coming, in German
    const [list2] = await clerk.say("/arrival");
    const card = (await clerk.tap("🏠 1", list2)).map((m) => m.text).join("\n");
    expect(card).toContain(de("prearrival.staff_title"));
    expect(card).toContain(
      de("prearrival.staff_member", { n: 1, name: "SHEVCHENKO OLENA", birthDate: "14.03.1992", count: 34 }),
    );
    expect(card).toContain("SHEVCHENKO MAKSYM");
    expect(card).toContain("+380 67 123 4567");
    const intake = await h.db.intake.findFirstOrThrow({ where: { user: { telegramId: BigInt(OLENA) } } });
    // the reader the console uses: the city's staff and caseworkers, not another city
    expect(await preArrivalFor(h.db, { seesAll: true, municipalityId: null }, intake.id)).toMatchObject({
      phone: "+380 67 123 4567",
      members: [{ name: "SHEVCHENKO OLENA", birthDate: "14.03.1992", age: 34 }, {}, {}],
    });
    expect(await preArrivalFor(h.db, { seesAll: false, municipalityId: "kiel" }, intake.id)).toBeNull();

    // a caseworker looks it up by the reference, in any case
    const [seen] = await caseworker.say(`/household ${householdRef(intake.id).toLowerCase()}`);
    expect(seen?.text).toContain(en("prearrival.staff_title"));
    expect(seen?.text).toContain("SHEVCHENKO HALYNA");
    expect(seen?.text).toContain("Braunschweig");

    // it is in her /mydata, text and file
    const mine = await olena.say("/mydata");
    expect(mine.map((m) => m.text).join("\n")).toContain(uk("prearrival.mydata_title"));
    const file = mine.find((m) => m.document)?.document?.content ?? "";
    expect(JSON.parse(file).preArrival.members[1].name).toBe("SHEVCHENKO MAKSYM");

    // /delete removes it: the clerk no longer sees the household or its names
    await olena.say("/delete");
    await olena.tap(uk("delete.yes"));
    expect(await h.db.preArrival.count()).toBe(0);
    expect(await preArrivalFor(h.db, { seesAll: true, municipalityId: null }, intake.id)).toBeNull();
    const [after] = await clerk.say("/arrival");
    expect(after?.text).toBe(de("arrival.staff.homes_none"));
    expect(after?.text).not.toContain("SHEVCHENKO");
  });
});
