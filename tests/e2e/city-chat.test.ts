import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdRef } from "../../core/reference";
import { createHarness, type Harness } from "../support/harness";
import { capacity, grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

/**
 * A German clerk with 12 households in chat: the list is paged with buttons and says how many there
 * are; a household is opened by its reference typed in lower case; needs, languages, the city and
 * capacity dimensions are in German words; `/capacity Betten 150` works.
 */
let h: Harness;
const CLERK = 7201;
const FIRST = 7300;
const HOUSEHOLDS = 12;

beforeAll(async () => {
  h = await createHarness();
  await seedMunicipalities(h.db, [{ id: "braunschweig", name: "Braunschweig", capacity: capacity(40) }]);
  await grantStaff(h.db, [
    { telegramId: CLERK, role: "city_staff", municipalityId: "braunschweig", language: "de" },
  ]);
  await seedPeople(
    h.db,
    Array.from({ length: HOUSEHOLDS }, (_, i) => ({
      telegramId: FIRST + i,
      language: "uk",
      intake: {
        status: "placed" as const,
        municipalityId: "braunschweig",
        state: {
          answers: { household_size: 2, travel_date: "2026-12-20" },
          groups: {
            members: [
              { age: 30, languages: ["uk", "ru"], has_medical_need: true, medical_needs: ["dialysis"] },
              { age: 5, languages: ["uk"] },
            ],
          },
          current: "review",
        },
      },
    })),
  );
  await h.processes.start("bot");
});

afterAll(async () => {
  await h?.close();
});

describe("city staff in chat", () => {
  it("pages through households, opens one by its reference, reads codes in words", async () => {
    const de = h.i18n.t("de");
    const clerk = h.user(CLERK, "Jens", "de");

    const [menu] = await clerk.say("/city");
    expect(menu?.text).toBe(de("arrival.staff.menu", { municipality: "Braunschweig" }));

    const [page1] = await clerk.say("/arrival");
    expect(page1?.text).toContain(de("arrival.staff.page", { page: 1, pages: 2, count: HOUSEHOLDS }));
    expect(page1?.buttons.flat().filter((b) => b.text.startsWith("🏠"))).toHaveLength(10);
    const [page2] = await clerk.tap(de("arrival.staff.page_next"), page1);
    expect(page2?.text).toContain(de("arrival.staff.page", { page: 2, pages: 2, count: HOUSEHOLDS }));
    expect(page2?.buttons.flat().map((b) => b.text)).toEqual([
      "🏠 11",
      "🏠 12",
      de("arrival.staff.page_back"),
    ]);

    // the reference as the list shows it, typed back in lower case
    const intake = await h.db.intake.findFirstOrThrow({ orderBy: { id: "asc" } });
    const ref = householdRef(intake.id);
    expect((await h.db.intake.findMany()).map((i) => householdRef(i.id))).toContain(ref);
    const [card] = await clerk.say(`/arrival ${ref.toLowerCase()}`);
    expect(card?.text.startsWith(de("arrival.staff.home_title", { ref }))).toBe(true);
    const [unknown] = await clerk.say("/arrival #000000");
    expect(unknown?.text).toBe(de("arrival.staff.not_found"));

    // needs and languages in German words, no codes
    const people = (await clerk.say("/people")).map((m) => m.text).join("\n");
    expect(people).toContain(de("intake.choices.medical_needs.dialysis"));
    expect(people).toContain(`${de("intake.choices.languages.uk")}, ${de("intake.choices.languages.ru")}`);
    expect(people).toContain("20.12.2026");
    expect(people).not.toMatch(/dialysis|\buk\b/);

    // capacity in the clerk's words
    const [updated] = await clerk.say("/capacity Betten 150");
    expect(updated?.text).toBe(
      de("city.capacity_updated", { dimension: de("city.dimension.persons"), value: 150 }),
    );
    const [kita] = await clerk.say("/capacity kita 12");
    expect(kita?.text).toBe(
      de("city.capacity_updated", { dimension: de("city.dimension.kindergartenPlaces"), value: 12 }),
    );
    const m = await h.db.municipality.findUniqueOrThrow({ where: { id: "braunschweig" } });
    expect(m.capacity).toMatchObject({ persons: 150, kindergartenPlaces: 12 });
    const [usage] = await clerk.say("/capacity Zimmer 3");
    expect(usage?.text).toContain("Betten|");
  });
});
