import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../core/assistant";
import { demoAssistant } from "../../scripts/lib/demo-assistant";
import { type EmulatedUser, formatTranscript } from "../../scripts/lib/emulated-user";
import type { BotMessage } from "../../scripts/lib/telegram-emulator";
import { pack, routes } from "../../shared/callback";
import type { Language } from "../../shared/i18n";
import { loadKnowledgeBase } from "../../shared/knowledge-files";
import { TEST_ADMIN_ID } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

/**
 * The information assistant over Telegram: the real bot process against the emulator, with the
 * real PostgreSQL. People are set up in the database at the stage that matters (registered,
 * placed); staff are a caseworker, city staff of Kiel and of Braunschweig, and the env admin.
 */
let h: Harness;
let caseworker: EmulatedUser;
let kielStaff: EmulatedUser;
let braunschweigStaff: EmulatedUser;
let admin: EmulatedUser;
/** the knowledge base as the bot loads it, to know the expected answers */
const kb = createAssistant(loadKnowledgeBase("knowledge"));

beforeAll(async () => {
  h = await createHarness();
  await seedMunicipalities(h.db, [
    { id: "kiel", name: "Kiel" },
    { id: "braunschweig", name: "Braunschweig" },
  ]);
  await grantStaff(h.db, [
    { telegramId: 5102, role: "caseworker", language: "en" },
    { telegramId: 5101, role: "city_staff", municipalityId: "kiel", language: "de" },
    { telegramId: 5103, role: "city_staff", municipalityId: "braunschweig", language: "de" },
  ]);
  caseworker = h.user(5102, "Caseworker", "en");
  kielStaff = h.user(5101, "Kiel", "de");
  braunschweigStaff = h.user(5103, "Braunschweig", "de");
  admin = h.user(TEST_ADMIN_ID, "Admin", "en");
  await h.processes.start("bot");
});

afterAll(async () => {
  await h?.close();
});

/** A person who gave consent and finished the questionnaire (optionally placed in a city). */
async function person(
  id: number,
  name: string,
  language: Language,
  placedIn?: string,
): Promise<EmulatedUser> {
  await seedPeople(h.db, [
    {
      telegramId: id,
      language,
      intake: placedIn ? { status: "placed", municipalityId: placedIn } : { status: "registered" },
    },
  ]);
  return h.user(id, name, language);
}

const answer = (id: string, lang: Language, municipalityId: string | null = null) =>
  kb.entry(id, lang, municipalityId)?.answer ?? `(no entry ${id})`;

/** The staff message that carries this text (the newest one). */
function staffMessageWith(staff: EmulatedUser, text: string): BotMessage {
  const found = h.emulator
    .messages(staff.id)
    .reverse()
    .find((m) => m.text.includes(text));
  if (!found) throw new Error(`${staff.name} has no message with “${text}”`);
  return found;
}

const threadsOf = (telegramId: number) =>
  h.db.supportQuestion.findMany({
    where: { user: { telegramId: BigInt(telegramId) } },
    orderBy: { createdAt: "asc" },
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });

describe("information assistant", () => {
  it("answers from the knowledge base with two related entries and “Did this help?”", async () => {
    const uk = h.i18n.t("uk");
    // before consent: as before, "send /start"
    const stranger = h.user(6000, "Stranger", "uk");
    expect((await stranger.say("Можна взяти з собою кота?")).map((m) => m.text)).toEqual([
      uk("welcome.not_started"),
    ]);

    const olena = await person(6001, "Olena", "uk");
    const [reply, ...more] = await olena.say("Можна взяти з собою кота?");
    expect(more).toEqual([]);
    expect(reply?.text).toBe(`${answer("pets-entry", "uk")}\n\n${uk("assistant.did_it_help")}`);
    const rows = reply?.buttons ?? [];
    expect(rows).toHaveLength(3);
    expect(rows.slice(0, 2).map((r) => r[0]?.data)).toEqual([
      pack(routes.entry, { entryId: "documents-to-bring" }),
      pack(routes.entry, { entryId: "dog-registration" }),
    ]);
    expect(rows[2]?.map((b) => b.text)).toEqual([uk("assistant.yes"), uk("assistant.no")]);

    // a related entry is answered the same way
    const [related] = await olena.tap(/^❓ /, reply);
    expect(related?.text).toBe(`${answer("documents-to-bring", "uk")}\n\n${uk("assistant.did_it_help")}`);
    expect((await olena.tap(uk("assistant.yes"), related)).at(-1)?.text).toBe(uk("assistant.glad"));
    // the Yes / No buttons are gone from that answer
    const after = h.emulator.messages(olena.id).find((m) => m.messageId === related?.messageId);
    expect(after?.buttons.flat().map((b) => b.text)).not.toContain(uk("assistant.yes"));

    expect(await threadsOf(6001)).toEqual([]);
    // question texts are personal data: never in the logs
    expect((h.processes.output.get("bot") ?? []).join("\n")).not.toContain("кота");
  });

  it("hands an unclear question and a “No” to the caseworkers; the answer comes back; the thread is kept", async () => {
    const uk = h.i18n.t("uk");
    const en = h.i18n.t("en");
    const taras = await person(6002, "Taras", "uk");
    const question = "Чи можна привезти свого папугу на балкон?";
    expect((await taras.say(question)).map((m) => m.text)).toEqual([uk("assistant.handed_over")]);

    // caseworkers and admins hear of it, city staff do not (Taras is not placed anywhere)
    const notice = staffMessageWith(caseworker, question);
    const [thread] = await threadsOf(6002);
    expect(thread).toMatchObject({ status: "open", language: "uk", municipalityId: null });
    expect(notice.text).toContain(`#${thread?.id}`);
    expect(notice.text).toContain(en("assistant.staff.heading_new", { ref: `#${thread?.id}` }));
    expect(staffMessageWith(admin, question)).toBeTruthy();
    expect(h.emulator.messages(kielStaff.id).some((m) => m.text.includes(question))).toBe(false);

    // a follow-up joins the open thread and reaches staff with the whole thread
    expect((await taras.say("Він дуже тихий")).map((m) => m.text)).toEqual([uk("assistant.follow_up_added")]);
    const followUp = staffMessageWith(caseworker, "Він дуже тихий");
    expect(followUp.text).toContain(question);

    // the caseworker replies to the notice: the answer reaches Taras, in his chat
    const reply = "Так, якщо орендодавець не проти. Спитайте його письмово.";
    taras.read();
    caseworker.read();
    const confirmation = await caseworker.replyTo(followUp, reply);
    expect(confirmation[0]?.text).toContain(
      en("assistant.staff.sent", { ref: `#${thread?.id}` }).split("\n")[0],
    );
    expect(confirmation[0]?.buttons.flat().map((b) => b.text)).toEqual([
      en("assistant.staff.add_general"),
      en("assistant.staff.close"),
    ]);
    const relayed = taras.read();
    expect(relayed.map((m) => m.text)).toEqual([uk("assistant.staff_answer", { text: reply })]);
    let [kept] = await threadsOf(6002);
    expect(kept?.status).toBe("answered");
    expect(kept?.messages.map((m) => [m.author, m.text])).toEqual([
      ["refugee", question],
      ["refugee", "Він дуже тихий"],
      ["staff", reply],
    ]);
    await taras.tap(uk("assistant.solved_button"), relayed[0]);
    [kept] = await threadsOf(6002);
    expect(kept?.status).toBe("closed");

    // an answer that did not help: "No" hands the same question to a person
    const [kbAnswer] = await taras.say("Можна взяти з собою кота?");
    expect((await taras.tap(uk("assistant.no"), kbAnswer)).at(-1)?.text).toBe(uk("assistant.handed_over"));
    const threads = await threadsOf(6002);
    expect(threads).toHaveLength(2);
    expect(threads[1]?.messages.map((m) => m.text)).toEqual(["Можна взяти з собою кота?"]);
    const noNotice = staffMessageWith(caseworker, "Можна взяти з собою кота?");
    expect(noNotice.text).toContain(
      en("assistant.staff.not_helped", { entry: kb.entry("pets-entry", "en")?.question }),
    );
    // a second tap on "No" stores and notifies nothing twice
    const notices = h.emulator.messages(caseworker.id).length;
    await taras.tap(uk("assistant.no"), kbAnswer);
    expect(await h.db.supportMessage.count({ where: { questionId: threads[1]?.id } })).toBe(1);
    expect(h.emulator.messages(caseworker.id)).toHaveLength(notices);

    // /mydata shows the threads; /delete removes them with everything else
    await taras.say("/mydata");
    const file = h.emulator.messages(taras.id).find((m) => m.document)?.document?.content ?? "{}";
    const exported = JSON.parse(file) as { supportThreads: { messages: { from: string; text: string }[] }[] };
    expect(exported.supportThreads).toHaveLength(2);
    expect(exported.supportThreads[0]?.messages.at(-1)).toMatchObject({ from: "staff", text: reply });
    expect(taras.allText()).toContain(uk("assistant.mydata.title", { count: 2 }));
    await taras.say("/delete");
    await taras.tap(uk("delete.yes"));
    expect(await h.db.supportQuestion.count({ where: { id: { in: threads.map((t) => t.id) } } })).toBe(0);
    expect(await h.db.supportMessage.count({ where: { questionId: { in: threads.map((t) => t.id) } } })).toBe(
      0,
    );
    // staff replying to a thread that is gone learn that, and nothing is sent
    caseworker.read();
    expect((await caseworker.replyTo(noNotice, "Так, можна."))[0]?.text).toBe(en("assistant.staff.gone"));

    expect((h.processes.output.get("bot") ?? []).join("\n")).not.toMatch(/папуг|тихий|орендодавець/);
  });

  it("shows a municipality's entries only to people placed there; their questions go to that city's staff", async () => {
    const uk = h.i18n.t("uk");
    const de = h.i18n.t("de");
    const kateryna = await person(6003, "Kateryna", "uk", "kiel");
    const petro = await person(6004, "Petro", "uk");
    const school = "Як отримати місце в школі для дитини?";
    expect((await kateryna.say(school))[0]?.text).toContain(answer("kiel-school", "uk", "kiel"));
    expect((await petro.say(school))[0]?.text).toContain(answer("school-enrolment", "uk"));
    // a forged button for Kiel's entry reveals nothing to someone not placed there
    const forged = await petro.send(
      {
        callback_query: {
          id: "forged",
          from: { id: petro.id, is_bot: false, first_name: "Petro" },
          chat_instance: "x",
          data: pack(routes.entry, { entryId: "kiel-school" }),
          message: { message_id: 1, date: 0, chat: { id: petro.id, type: "private" }, text: "" },
        },
      },
      "[forged button]",
    );
    expect(forged.map((m) => m.text)).toContain(uk("fallback.stale_button"));
    expect(petro.allText()).not.toContain(answer("kiel-school", "uk", "kiel"));

    // an unclear question from Kateryna goes to Kiel's staff, not to the caseworkers
    const caseworkerBefore = h.emulator.messages(caseworker.id).length;
    const parrot = "Чи можна тримати папугу в гуртожитку?";
    expect((await kateryna.say(parrot)).map((m) => m.text)).toEqual([uk("assistant.handed_over_city")]);
    const notice = staffMessageWith(kielStaff, parrot);
    expect(notice.text).toContain(de("assistant.staff.where_city", { municipality: "Kiel" }));
    expect(h.emulator.messages(caseworker.id)).toHaveLength(caseworkerBefore);
    // Petro's unclear question is not for Kiel's staff
    await petro.say("Чи можна привезти акваріум з рибками?");
    const [petroThread] = await threadsOf(6004);

    // city staff list only their municipality's open questions
    kielStaff.read();
    const listed = await kielStaff.say("/questions");
    const [katerynaThread] = await threadsOf(6003);
    expect(listed[0]?.text).toBe(de("assistant.staff.list_title", { count: 1 }));
    expect(listed.map((m) => m.text).join("\n")).toContain(`#${katerynaThread?.id}`);
    expect(listed.map((m) => m.text).join("\n")).not.toContain(`#${petroThread?.id}`);
    // the caseworker sees both
    const all = (await caseworker.say("/questions")).map((m) => m.text).join("\n");
    expect(all).toContain(`#${katerynaThread?.id}`);
    expect(all).toContain(`#${petroThread?.id}`);

    // another city's staff cannot answer it
    expect((await braunschweigStaff.replyTo(notice, "Ja."))[0]?.text).toBe(de("assistant.staff.gone"));
    // Kiel's staff can; they may add the answer for Kiel only
    kielStaff.read();
    const [sent] = await kielStaff.replyTo(notice, "Im Wohnheim in Kiel sind Vögel erlaubt.");
    expect(sent?.buttons.flat().map((b) => b.text)).toEqual([
      de("assistant.staff.add_city", { municipality: "Kiel" }),
      de("assistant.staff.close"),
    ]);
    expect(kateryna.last()?.text).toBe(
      uk("assistant.staff_answer", { text: "Im Wohnheim in Kiel sind Vögel erlaubt." }),
    );
    await kielStaff.tap(de("assistant.staff.close"), sent);
    expect((await threadsOf(6003))[0]?.status).toBe("closed");
  });

  it("answers a question in Polish from a person who chose Ukrainian, in Ukrainian", async () => {
    const uk = h.i18n.t("uk");
    const halyna = await person(6005, "Halyna", "uk");
    const [reply] = await halyna.say("Jak znaleźć lekarza rodzinnego?");
    expect(reply?.text).toBe(`${answer("finding-doctor", "uk")}\n\n${uk("assistant.did_it_help")}`);
  });

  it("lets staff turn an answer into an entry that answers the next person at once and after a restart", async () => {
    const en = h.i18n.t("en");
    const ivan = await person(6006, "Ivan", "en");
    const question = "Where can I buy a used bicycle cheaply?";
    // not sure: "Did you mean …?" first; none fits, so Ivan asks a person
    const [suggestions] = await ivan.say(question);
    expect(suggestions?.text).toBe(en("assistant.did_you_mean"));
    expect((await ivan.tap(en("assistant.ask_person"), suggestions)).map((m) => m.text)).toEqual([
      en("assistant.handed_over"),
    ]);
    const staffAnswer = "Try the Sozialkaufhaus of your city, or the classifieds at kleinanzeigen.de.";
    const notice = staffMessageWith(caseworker, question);
    caseworker.read();
    const [sent] = await caseworker.replyTo(notice, staffAnswer);

    // a refugee cannot use the staff button
    const maria = await person(6007, "Maria", "en");
    const button = sent?.buttons.flat().find((b) => b.text === en("assistant.staff.add_general"));
    const forged = await maria.send(
      {
        callback_query: {
          id: "forged-kb",
          from: { id: maria.id, is_bot: false, first_name: "Maria" },
          chat_instance: "x",
          data: button?.data,
          message: { message_id: 1, date: 0, chat: { id: maria.id, type: "private" }, text: "" },
        },
      },
      "[forged staff button]",
    );
    expect(forged.map((m) => m.text)).toContain(en("fallback.stale_button"));
    expect(await h.db.knowledgeEntry.count()).toBe(0);

    const [added] = await caseworker.tap(en("assistant.staff.add_general"), sent);
    const stored = await h.db.knowledgeEntry.findMany();
    expect(stored).toHaveLength(1);
    expect(added?.text).toBe(en("assistant.staff.added", { id: stored[0]?.id, language: "English" }));
    expect(stored[0]?.entry).toMatchObject({
      municipalityId: null,
      translations: { en: { question, answer: staffAnswer } },
    });

    const [reply] = await maria.say("where to buy a second-hand bicycle?");
    expect(reply?.text).toBe(`${staffAnswer}\n\n${en("assistant.did_it_help")}`);

    // stored entries are loaded at start-up
    await h.processes.stop("bot");
    await h.processes.start("bot");
    const [again] = await maria.say("used bike cheap where to buy");
    expect(again?.text).toBe(`${staffAnswer}\n\n${en("assistant.did_it_help")}`);
  });

  it("gives the emergency numbers at once for a crisis and hands it to a person", async () => {
    const uk = h.i18n.t("uk");
    const ru = h.i18n.t("ru");
    const en = h.i18n.t("en");
    const oksana = await person(6008, "Oksana", "uk");
    const replies = await oksana.say("Я більше не хочу жити");
    expect(replies.map((m) => m.text)).toEqual([uk("safety.suicide"), uk("assistant.handed_over")]);
    expect(replies[0]?.text).toContain("0800 111 0 111");
    expect(replies[0]?.text).toContain("112");
    expect(staffMessageWith(caseworker, "Я більше не хочу жити").text).toContain(
      en("assistant.staff.urgent"),
    );

    // violence, in Russian, even though the knowledge base might match words of it
    const ruslan = await person(6009, "Ruslan", "ru");
    const violence = await ruslan.say("Муж бьёт меня, что делать с документами?");
    expect(violence.map((m) => m.text)).toEqual([ru("safety.violence"), ru("assistant.handed_over")]);

    // before consent nothing is stored, but the numbers are given
    const stranger = h.user(6010, "Stranger", "en");
    expect((await stranger.say("I want to kill myself")).map((m) => m.text)).toEqual([
      en("safety.suicide"),
      en("welcome.not_started"),
    ]);
    expect(await h.db.user.count({ where: { telegramId: 6010n } })).toBe(0);
  });

  it("tells a refugee who types /questions nothing about it", async () => {
    const uk = h.i18n.t("uk");
    const yurii = await person(6011, "Yurii", "uk");
    expect((await yurii.say("/questions")).map((m) => m.text)).toEqual([uk("fallback.unknown_command")]);
    // a reply to a message that carries a question's reference is no answer when a refugee sends it
    const open = await h.db.supportQuestion.findFirstOrThrow({
      where: { status: "open" },
      include: { messages: true, user: true },
    });
    const owner = Number(open.user.telegramId);
    const ownerMessages = h.emulator.messages(owner).length;
    const fake = { messageId: 1, chatId: yurii.id, text: `#${open.id}`, buttons: [], at: Date.now() };
    await yurii.replyTo(fake, "Ваше питання закрито");
    expect(await h.db.supportMessage.count({ where: { questionId: open.id } })).toBe(open.messages.length);
    expect(h.emulator.messages(owner)).toHaveLength(ownerMessages);
  });

  it("plays the demo's assistant part: answered, in another language, handed to staff and answered", async () => {
    const dmytro = await person(6012, "Dmytro", "ru");
    const marta = await person(6013, "Marta", "pl");
    const andrii = h.user(6014, "Andrii", "en"); // declined consent: skipped
    const took = await demoAssistant({
      emulator: h.emulator,
      db: h.db,
      i18n: h.i18n,
      people: [dmytro, marta, andrii],
      staff: admin,
    });
    expect(took).toEqual([dmytro, marta, admin]);
    const ru = h.i18n.t("ru");
    const pl = h.i18n.t("pl");
    expect(dmytro.allText()).toContain(answer("dog-registration", "ru"));
    expect(marta.allText()).toContain(answer("registration-anmeldung", "pl"));
    expect(marta.allText()).toContain(pl("assistant.handed_over"));
    expect(formatTranscript(marta.transcript)).toContain(pl("assistant.solved"));
    expect(formatTranscript(admin.transcript)).toContain("Czy mieszkanie będzie przystosowane");
    expect(dmytro.allText()).toContain(ru("assistant.glad"));
  });
});
