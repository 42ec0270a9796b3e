import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdRef } from "../../core/reference";
import { createHarness, type Harness } from "../support/harness";
import { capacity, grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

/**
 * A German clerk with 12 households in chat: the list is paged with buttons and says how many there
 * are; a household is opened by its reference typed in lower case; needs, languages, the city and
 * capacity dimensions are in German words; `/capacity Betten 150` works. A broadcast to an event's
 * people chooses among the upcoming events a page at a time.
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
    // in words for staff, not the household's own ("Die Stadt hat Ihre Ankunftsdaten …")
    expect(card?.text).toContain(de("arrival.staff.card_none"));
    expect(card?.text).not.toContain(de("arrival.info.household_none"));
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

  it("a broadcast to an event's people: the upcoming events come a page at a time; another city's event is not found", async () => {
    const de = h.i18n.t("de");
    const clerk = h.user(CLERK, "Jens", "de");
    await seedMunicipalities(h.db, [{ id: "kiel", name: "Kiel", capacity: capacity(10) }]);
    const day = (n: number) => new Date(Date.now() + (n + 1) * 86_400_000);
    const event = (municipalityId: string, n: number) => ({
      municipalityId,
      kind: "course",
      startsAt: day(n),
      place: "VHS",
      texts: { de: `Kurs ${n + 1}` },
      createdBy: "test",
    });
    await h.db.event.createMany({ data: Array.from({ length: 10 }, (_, n) => event("braunschweig", n)) });
    const elsewhere = await h.db.event.create({ data: event("kiel", 0) });

    await clerk.say("/broadcast");
    await clerk.say("de: Treffen im Rathaus");
    const [page1] = await clerk.tap(de("arrival.staff.audience_event"));
    expect(page1?.text).toBe(
      `${de("arrival.staff.choose_event")} ${de("arrival.staff.events_page", { page: 1, pages: 2, count: 10 })}`,
    );
    const labels = (m: typeof page1) => m?.buttons.flat().map((b) => b.text) ?? [];
    expect(labels(page1).filter((l) => l.includes("Kurs"))).toHaveLength(8);
    expect(labels(page1).at(-1)).toBe(de("arrival.staff.page_next"));
    const [page2] = await clerk.tap(de("arrival.staff.page_next"), page1);
    expect(labels(page2).filter((l) => l.includes("Kurs"))).toEqual([
      expect.stringContaining("Kurs 9"),
      expect.stringContaining("Kurs 10"),
    ]);
    expect(labels(page2).at(-1)).toBe(de("arrival.staff.page_back"));
    await clerk.tap(/Kurs 10/, page2);
    const draft = await h.db.broadcast.findFirstOrThrow({ where: { status: "draft" } });
    const tenth = await h.db.event.findFirstOrThrow({
      where: { municipalityId: "braunschweig", texts: { equals: { de: "Kurs 10" } } },
    });
    expect(draft.audience).toBe(`event:${tenth.id}`);

    // the same button with another city's event (forged): not found, the audience stays
    const chosen = page2?.buttons.flat().find((b) => b.text.includes("Kurs 10"));
    if (!page2 || !chosen) throw new Error("no event button");
    const forged = {
      ...page2,
      buttons: [[{ text: "forged", data: chosen.data.replace(tenth.id, elsewhere.id) }]],
    };
    const [answer] = await clerk.tap("forged", forged);
    expect(answer?.text).toBe(de("arrival.staff.not_found"));
    expect((await h.db.broadcast.findUniqueOrThrow({ where: { id: draft.id } })).audience).toBe(
      `event:${tenth.id}`,
    );
  });
});
