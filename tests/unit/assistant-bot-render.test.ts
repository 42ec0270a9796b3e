import { beforeAll, describe, expect, it } from "vitest";
import {
  answerView,
  EntryTooLong,
  entryFromThread,
  parseRef,
  refOf,
  shorten,
  threadText,
  withoutFeedback,
} from "../../bot/assistant/render";
import { rowId, type Thread } from "../../bot/assistant/threads";
import { parseEntry } from "../../core/assistant";
import { pack, routes, unpack } from "../../shared/callback";
import { createI18n, type I18n } from "../../shared/i18n";

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

const SECRET = "123:secret";

function thread(texts: [author: "refugee" | "staff", text: string][]): Thread {
  const id = rowId(SECRET, "q", 42, 1);
  const at = new Date("2026-03-01T10:00:00Z");
  return {
    id,
    userId: "u1",
    municipalityId: null,
    language: "uk",
    status: "open",
    urgent: false,
    reason: "not-confident",
    nearestEntryId: null,
    createdAt: at,
    updatedAt: at,
    messages: texts.map(([author, text], i) => ({
      id: rowId(SECRET, "m", 42, i + 1),
      questionId: id,
      author,
      staffId: author === "staff" ? "s1" : null,
      text,
      createdAt: at,
    })),
  };
}

describe("support ids and references", () => {
  it("derives the same id from the same Telegram message, and different ids otherwise", () => {
    expect(rowId(SECRET, "q", 42, 7)).toBe(rowId(SECRET, "q", 42, 7));
    expect(rowId(SECRET, "q", 42, 7)).toMatch(/^q[0-9a-f]{16}$/);
    const others = [rowId(SECRET, "m", 42, 7), rowId(SECRET, "q", 43, 7), rowId("other", "q", 42, 7)];
    expect(new Set([rowId(SECRET, "q", 42, 7), ...others]).size).toBe(4);
  });

  it("finds the reference in a staff message, and nothing in other text", () => {
    const id = rowId(SECRET, "q", 1, 1);
    expect(parseRef(`❓ New question ${refOf(id)}\nLanguage: …`)).toBe(id);
    expect(parseRef("no reference here")).toBeNull();
    expect(parseRef(`#${id}0`)).toBeNull();
    expect(parseRef(undefined)).toBeNull();
  });

  it("fits every button's data into Telegram's 64 bytes and reads it back", () => {
    const longestEntry = "a".repeat(48);
    const check = <R extends (typeof routes)[keyof typeof routes]>(
      route: R,
      fields: Parameters<typeof pack<R>>[1],
    ) => {
      const encoded = pack(route, fields);
      expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
      expect(unpack(route, encoded)).toEqual(fields);
    };
    check(routes.helped, { entryId: longestEntry, helped: "no" });
    check(routes.staffReply, { questionId: rowId(SECRET, "q", 1, 1), action: "write-back" });
    check(routes.knowledgeAdd, { messageId: rowId(SECRET, "m", 1, 1), scope: "municipal" });
    check(routes.questionClose, { questionId: rowId(SECRET, "q", 1, 1) });
    expect(unpack(routes.entry, "entry:Not_An_Id")).toBeNull();
    expect(unpack(routes.knowledgeAdd, "kb-add:m123:general")).toBeNull();
  });
});

describe("the answer message", () => {
  it("shows the answer, related entries as buttons, then Yes / No", () => {
    const t = i18n.t("en");
    const entry = {
      id: "kita",
      lang: "en" as const,
      question: "Kita?",
      answer: "Ask the Jugendamt.",
      municipalityId: null,
      writtenIn: null,
    };
    const related = [{ ...entry, id: "kindergeld", question: "Kindergeld ".repeat(20) }];
    const view = answerView(t, entry, related);
    expect(view.text).toBe(`Ask the Jugendamt.\n\n${t("assistant.did_it_help")}`);
    const rows = view.keyboard.reply_markup.inline_keyboard;
    expect(rows.map((r) => r.map((b) => ("callback_data" in b ? b.callback_data : "")))).toEqual([
      [pack(routes.entry, { entryId: "kindergeld" })],
      [
        pack(routes.helped, { entryId: "kita", helped: "yes" }),
        pack(routes.helped, { entryId: "kita", helped: "no" }),
      ],
    ]);
    expect(rows[0]?.[0]?.text.length).toBeLessThanOrEqual(64);
    // after Yes or No, only the related entries stay
    expect(withoutFeedback(rows).inline_keyboard).toEqual([rows[0]]);
  });

  it("shortens at a word boundary", () => {
    expect(shorten("one two three four", 12)).toBe("one two…");
    expect(shorten("short", 12)).toBe("short");
  });
});

describe("threads for staff", () => {
  it("shows the reference, the context and the messages with a reply hint", () => {
    const t = i18n.t("en");
    const th = thread([
      ["refugee", "Can I keep a parrot?"],
      ["staff", "Yes."],
    ]);
    const text = threadText(t, th, { kind: "new", languageName: "Українська", municipalityName: "Kiel" });
    expect(text).toContain(t("assistant.staff.heading_new", { ref: refOf(th.id) }));
    expect(text).toContain(t("assistant.staff.where_city", { municipality: "Kiel" }));
    expect(text).toContain(t("assistant.staff.said_person", { text: "Can I keep a parrot?" }));
    expect(text.endsWith(t("assistant.staff.reply_hint"))).toBe(true);
    expect(parseRef(text)).toBe(th.id);
  });

  it("keeps the newest messages within Telegram's limit and says how many were left out", () => {
    const t = i18n.t("en");
    const long = Array.from(
      { length: 10 },
      (_, i) => ["refugee", `${i} ${"x".repeat(900)}`] as ["refugee", string],
    );
    const text = threadText(t, thread(long), {
      kind: "list",
      languageName: "English",
      municipalityName: null,
    });
    expect(text.length).toBeLessThan(4096);
    expect(text).toContain("9 xxx");
    expect(text).not.toContain("0 xxx");
    expect(text).toContain(t("assistant.staff.earlier", { count: 7 }));
    expect(parseRef(text)).not.toBeNull();
  });
});

describe("entries from answers", () => {
  it("takes the person's first message as the question and the staff answer, in all five languages", () => {
    const th = thread([
      ["refugee", `Where can I buy a used bicycle? ${"really ".repeat(40)}`],
      ["staff", "Try the Sozialkaufhaus."],
    ]);
    const entry = parseEntry(entryFromThread(th, "m0123456789abcdef", "Try the Sozialkaufhaus.", "kiel"));
    expect(entry.id).toBe("faq-m0123456789abcdef");
    expect(entry.municipalityId).toBe("kiel");
    expect(entry.translations.de).toEqual(entry.translations.en);
    expect(entry.translations.en.question.length).toBeLessThanOrEqual(200);
    expect(entry.translations.en.answer).toBe("Try the Sozialkaufhaus.");
    expect(() => entryFromThread(th, "m0123456789abcdef", "x".repeat(901), null)).toThrow(EntryTooLong);
  });
});
