import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnowledgeSync } from "../../bot/assistant/sync";
import { createAssistant, parseEntry } from "../../core/assistant";
import { createDb } from "../../shared/db";
import type { Prisma } from "../../shared/generated/prisma/client";
import { entryFeedback, handedOverGroups } from "../../shared/knowledge-insights";
import { TEST_DATABASE_URL } from "../support/env";
import { resetData } from "../support/harness";

/** Knowledge that grows, against the real PostgreSQL: rows read by a running process, insights. */
const db = createDb(TEST_DATABASE_URL, 2);

beforeAll(async () => {
  await resetData(db);
});

afterAll(async () => {
  await db.$disconnect();
});

const entry = (id: string, answer: string) =>
  parseEntry({
    id,
    translations: Object.fromEntries(
      ["uk", "ru", "en", "de", "pl"].map((l) => [l, { question: "Where is the repair café?", answer }]),
    ),
  });

describe("knowledge entries reach a running process", () => {
  it("reads new and changed rows since its watermark, once each", async () => {
    const assistant = createAssistant({ entries: [] });
    const sync = new KnowledgeSync(db, assistant);
    expect(await sync.poll()).toBe(0);
    const first = entry("faq-repair", "In the community centre.");
    await db.knowledgeEntry.create({
      data: { id: first.id, entry: first as unknown as Prisma.InputJsonValue, createdBy: "s1" },
    });
    expect(await sync.poll()).toBe(1);
    expect(assistant.entry("faq-repair", "en")?.answer).toBe("In the community centre.");
    expect(await sync.poll()).toBe(0); // seen: not read again
    const changed = entry("faq-repair", "In the town library, on Saturdays.");
    await db.knowledgeEntry.update({
      where: { id: "faq-repair" },
      data: { entry: changed as unknown as Prisma.InputJsonValue },
    });
    expect(await sync.poll()).toBe(1);
    expect(assistant.entry("faq-repair", "en")?.answer).toBe("In the town library, on Saturdays.");
  });

  it("skips a row that fails validation instead of stopping", async () => {
    const assistant = createAssistant({ entries: [] });
    const sync = new KnowledgeSync(db, assistant);
    await db.knowledgeEntry.create({ data: { id: "broken", entry: { id: "broken" }, createdBy: "s1" } });
    expect(await sync.poll()).toBe(1); // the valid one from before
    expect(assistant.entry("broken", "en")).toBeNull();
  });
});

describe("what staff need to write next", () => {
  it("groups handed-over questions in scope and counts feedback per entry", async () => {
    const user = await db.user.create({
      data: {
        telegramId: 880001n,
        chatId: 880001n,
        language: "en",
        consentVersion: "test",
        consentAt: new Date(),
      },
    });
    const ask = (
      id: string,
      text: string,
      nearestEntryId: string | null,
      municipalityId: string | null = null,
    ) =>
      db.supportQuestion.create({
        data: {
          id,
          userId: user.id,
          language: "en",
          municipalityId,
          reason: "not-confident",
          nearestEntryId,
          messages: { create: { id: `m${id}`, author: "refugee", text } },
        },
      });
    await ask("q1", "used bicycle where to buy", null);
    await ask("q2", "buy a cheap used bicycle", null);
    await ask("q3", "dentist on sunday", "dentist");
    await ask("q4", "toothache at night", "dentist", "kiel");
    const all = await handedOverGroups(db, { seesAll: true, municipalityId: null }, new Date(0));
    expect(all.map((g) => [g.nearestEntryId, g.ids.length, g.open])).toEqual([
      ["dentist", 2, 2],
      [null, 2, 2],
    ]);
    expect(all[1]?.examples).toEqual(["used bicycle where to buy", "buy a cheap used bicycle"]);
    const kiel = await handedOverGroups(db, { seesAll: false, municipalityId: "kiel" }, new Date(0));
    expect(kiel.map((g) => g.ids)).toEqual([["q4"]]);

    await db.answerFeedback.createMany({
      data: [
        { id: "f1", entryId: "kita", helped: true, language: "en" },
        { id: "f2", entryId: "kita", helped: false, language: "uk" },
        { id: "f3", entryId: "dentist", helped: false, language: "de" },
        { id: "f4", entryId: "dentist", helped: false, language: "de" },
      ],
    });
    expect(await entryFeedback(db)).toEqual([
      { entryId: "dentist", helped: 0, notHelped: 2 },
      { entryId: "kita", helped: 1, notHelped: 1 },
    ]);
  });
});
