// The information assistant in the demo: people who have registered ask questions in their own
// words — one in their language, answered from the knowledge base; one in another language,
// answered in theirs; one the knowledge base cannot answer, handed to staff, who answer by
// replying to the bot's message, and the answer reaches the person in their chat.
// Called from scripts/demo.ts with the demo's people (already through the questionnaire).

import type { Db } from "../../shared/db";
import { type I18n, isLanguage, type Language } from "../../shared/i18n";
import type { EmulatedUser } from "./emulated-user";
import type { TelegramEmulator } from "./telegram-emulator";

/** Questions the knowledge base answers, as people type them. */
const ANSWERED: Record<Language, string> = {
  uk: "Як зареєструвати місце проживання?",
  ru: "Нужно ли платить налог на собаку?",
  en: "Can I bring my cat?",
  de: "Wie melde ich mich an?",
  pl: "Jak dostać Kindergeld?",
};

/** Questions it cannot answer: they go to a person. */
const UNANSWERED: Record<Language, string> = {
  uk: "Чи можна привезти свого папугу на балкон?",
  ru: "Где найти украинскую церковь?",
  en: "Is there a chess club for children?",
  de: "Gibt es einen Schachverein für Kinder?",
  pl: "Czy mieszkanie będzie przystosowane do wózka inwalidzkiego?",
};

/** What the caseworker replies, in the person's language. */
const STAFF_ANSWERS: Record<Language, string> = {
  uk: "Так, якщо орендодавець не проти. Запитайте його письмово ще до переїзду.",
  ru: "В большинстве городов есть украинские общины при церквях. Мы пришлём вам адрес ближайшей после переезда.",
  en: "Many cities have chess clubs with free trial lessons for children. Your city's team will send you the nearest one.",
  de: "Viele Städte haben Schachvereine mit kostenlosen Probestunden für Kinder. Das Team Ihrer Stadt schickt Ihnen den nächsten.",
  pl: "Tak: zgłosiliśmy potrzebę mieszkania bez barier. Miasto pokaże wam mieszkanie na parterze jeszcze przed przeprowadzką.",
};

export interface AssistantDemo {
  emulator: TelegramEmulator;
  db: Db;
  i18n: I18n;
  /** people who gave consent (others are skipped); their transcripts grow */
  people: EmulatedUser[];
  /** a caseworker or admin: questions nobody can answer from the knowledge base reach them */
  staff: EmulatedUser;
}

/**
 * Plays the assistant part of the demo and returns who took part (the staff member last), with the
 * conversations appended to their transcripts.
 */
export async function demoAssistant({
  emulator,
  db,
  i18n,
  people,
  staff,
}: AssistantDemo): Promise<EmulatedUser[]> {
  const registered: { person: EmulatedUser; lang: Language }[] = [];
  for (const person of people) {
    const user = await db.user.findUnique({ where: { telegramId: BigInt(person.id) } });
    if (user && isLanguage(user.language)) registered.push({ person, lang: user.language });
  }
  if (registered.length === 0)
    throw new Error("the assistant demo needs at least one person who gave consent");
  const [first, second, ...rest] = registered;
  const last = rest.at(-1) ?? second ?? first;

  // 1. a question in the person's language, answered from the knowledge base; "Did this help?" → Yes
  if (first) {
    const t = i18n.t(first.lang);
    await first.person.say(ANSWERED[first.lang]);
    await first.person.tap(t("assistant.yes"));
  }

  // 2. a question in another language (people write in the one they find easiest): the answer
  //    comes in the language they chose
  if (second) {
    const other: Language = second.lang === "uk" ? "ru" : "uk";
    await second.person.say(ANSWERED[other]);
    await second.person.tap(i18n.t(second.lang)("assistant.yes"));
  }

  // 3. a question the knowledge base cannot answer: handed to staff, who reply to the bot's message
  if (last) {
    const t = i18n.t(last.lang);
    const question = UNANSWERED[last.lang];
    await last.person.say(question);
    const notice = emulator
      .messages(staff.id)
      .reverse()
      .find((m) => m.text.includes(question));
    if (!notice) throw new Error("staff were not told of the question");
    staff.read();
    await staff.replyTo(notice, STAFF_ANSWERS[last.lang]);
    last.person.read();
    await last.person.tap(t("assistant.solved_button"));
  }

  const took = [first, second, last].filter((x): x is NonNullable<typeof x> => x !== undefined);
  return [...new Set(took.map((x) => x.person)), staff];
}
