// npm run demo: the whole product on this machine, no Telegram account needed.
// Prepares a demo database, starts the real bot and worker against a Telegram Bot API emulator
// on localhost, plays scripted refugees through the intake in several languages, and prints
// the conversations as a readable transcript (also saved to .tmp/demo-transcript.txt).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { createDb } from "../shared/db";
import { createI18n } from "../shared/i18n";
import { demoArrival } from "./lib/demo-arrival";
import { demoAssistant } from "./lib/demo-assistant";
import { consoleScreenshots, loginLink } from "./lib/demo-console";
import { givePreArrival } from "./lib/demo-pre-arrival";
import { type EmulatedUser, formatTranscript, EmulatedUser as Person } from "./lib/emulated-user";
import { IntakeDriver } from "./lib/intake-driver";
import { importMunicipalities } from "./lib/municipalities";
import { coupleWithWheelchair, familyOfThree, singleWithDog } from "./lib/personas";
import { freePort, ProcessRunner } from "./lib/processes";
import { removeQueueKeys, resetData } from "./lib/reset";
import { prepare } from "./lib/setup";
import { TelegramEmulator } from "./lib/telegram-emulator";

const DATABASE_URL = process.env.DEMO_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rematch_demo";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const QUEUE_PREFIX = process.env.DEMO_QUEUE_PREFIX ?? "rematch-demo";
const TOKEN = "424242:DEMO-emulator-token";
const CASEWORKER = 777_001;

/** The pilot's cities with invented capacities and services (see the file's header). */
const MUNICIPALITIES_FILE = "data/municipalities.example.yaml";
const CASEWORKER_ID = 777_002;
const CITY_CLERK_ID = 777_003;

const { values: flags } = parseArgs({ options: { keep: { type: "boolean", default: false } } });
/** The console listens here (DEMO_CONSOLE_PORT, else a free port of this machine). */
const CONSOLE_PORT = Number(process.env.DEMO_CONSOLE_PORT ?? (await freePort()));
const CONSOLE = `http://127.0.0.1:${CONSOLE_PORT}`;

const section = (title: string) => `\n${"═".repeat(72)}\n  ${title}\n${"═".repeat(72)}`;

await prepare(DATABASE_URL, REDIS_URL);
const db = createDb(DATABASE_URL, 4);
await resetData(db, REDIS_URL, QUEUE_PREFIX);
const cities = await importMunicipalities(db, MUNICIPALITIES_FILE);
await db.staffMember.create({
  data: {
    telegramId: BigInt(CASEWORKER_ID),
    chatId: BigInt(CASEWORKER_ID),
    role: "caseworker",
    language: "de",
  },
});

const emulator = new TelegramEmulator(TOKEN);
const apiRoot = await emulator.start();
const processes = new ProcessRunner(
  {
    BOT_TOKEN: TOKEN,
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX,
    TELEGRAM_API_ROOT: apiRoot,
    ADMIN_TELEGRAM_IDS: String(CASEWORKER),
    LOG_LEVEL: "info",
    CONSOLE_PORT: String(CONSOLE_PORT),
  },
  emulator,
);
const i18n = await createI18n();
const driver = new IntakeDriver(db, i18n, new Questionnaire(intakeDefinition), () =>
  db.municipality.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
);
const out: string[] = [];
const print = (text: string) => {
  out.push(text);
  console.log(text);
};

try {
  print(section("Re:Match assistant — demo"));
  print(`Telegram Bot API emulator: ${apiRoot}\nMunicipalities imported: ${cities.join(", ")}`);
  print("Starting the bot, the worker and the staff console (real processes) …");
  await Promise.all([processes.start("bot"), processes.start("worker"), processes.start("console")]);

  // 1. Olena writes in Ukrainian: a family of three, her mother needs dialysis; she ranks three cities.
  const uk = i18n.t("uk");
  const olena = new Person(emulator, 100_001, "Olena", "uk");
  await olena.say("/start");
  await olena.tap(uk("language.name"));
  await olena.tap(uk("consent.agree"));
  await driver.answerAll(olena, "uk", familyOfThree);
  await olena.tap(uk("intake.buttons.submit"));
  await olena.say("/status");

  // 2. Dmytro writes in Russian: a typo, /back, a sticker, a change from the summary, then /mydata.
  const ru = i18n.t("ru");
  const dmytro = new Person(emulator, 100_002, "Dmytro", "ru");
  await dmytro.say("/start");
  await dmytro.tap(ru("language.name"));
  await dmytro.tap(ru("consent.agree"));
  await dmytro.say("1");
  await dmytro.say("сорок один");
  await dmytro.say("41");
  await dmytro.sticker();
  await dmytro.say("/back");
  await dmytro.say("41");
  await driver.answerAll(dmytro, "ru", singleWithDog);
  await dmytro.tap(ru("intake.buttons.edit"));
  await dmytro.tap(ru("intake.summary.section.preferences"));
  await dmytro.tap(new RegExp(`^${ru("intake.q.city_size.short")}`));
  await dmytro.tap(ru("intake.choices.city_size.any"));
  await dmytro.tap(ru("intake.buttons.submit"));
  await dmytro.say("/mydata");

  // 3. Marta chose Polish (she has lived in Lublin for two years); her partner uses a wheelchair.
  const pl = i18n.t("pl");
  const marta = new Person(emulator, 100_003, "Marta", "pl");
  await marta.say("/start");
  await marta.tap(pl("language.name"));
  await marta.tap(pl("consent.agree"));
  await driver.answerAll(marta, "pl", coupleWithWheelchair);
  await marta.tap(pl("intake.buttons.submit"));

  // 4. Andrii reads the consent in English and declines: nothing is stored.
  const en = i18n.t("en");
  const andrii = new Person(emulator, 100_004, "Andrii", "en");
  await andrii.say("/start");
  await andrii.tap(en("language.name"));
  await andrii.tap(en("consent.decline"));

  // transcripts are printed in phases: each person's lines between two marks
  const mark = (people: EmulatedUser[]) => new Map(people.map((p) => [p, p.transcript.length]));
  const between = (p: EmulatedUser, from: Map<EmulatedUser, number>, to?: Map<EmulatedUser, number>) =>
    p.transcript.slice(from.get(p) ?? 0, to?.get(p) ?? p.transcript.length);
  const de = i18n.t("de");
  const caseworker = new Person(emulator, CASEWORKER_ID, "Caseworker Jana", "de");
  const everyone = [olena, dmytro, marta, caseworker];
  const afterIntake = mark(everyone);

  // 5. Questions to the assistant, in several languages: answered, or handed to the caseworker.
  await demoAssistant({ emulator, db, i18n, people: [olena, dmytro, marta], staff: caseworker });
  const afterQuestions = mark(everyone);

  // 6. The caseworker (German) runs a matching round; the households answer their offers.
  const waitForButton = async (person: EmulatedUser, label: string, nth = 0) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = emulator
        .messages(person.id)
        .filter((m) => m.buttons.flat().some((b) => b.text === label))[nth];
      if (found) {
        person.read();
        return found;
      }
      if (Date.now() > deadline) throw new Error(`${person.name} got no message with “${label}”`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await caseworker.say("/municipalities");
  await caseworker.say("/round");
  await caseworker.tap(de("rounds.start"));
  const report = await waitForButton(caseworker, de("rounds.approve"));
  await caseworker.tap(de("rounds.approve"), report);
  const offers = {
    olena: await waitForButton(olena, uk("offer.accept")),
    dmytro: await waitForButton(dmytro, ru("offer.accept")),
    marta: await waitForButton(marta, pl("offer.accept")),
  };
  // accepting, each household is asked for what the city needs before it arrives (pre-arrival data)
  await olena.tap(uk("offer.accept"), offers.olena);
  await olena.say("Шевченко Олена"); // not in Latin letters: explained, asked again
  await givePreArrival(
    olena,
    uk,
    [
      ["SHEVCHENKO OLENA", "14.03.1992"],
      ["SHEVCHENKO MAKSYM", "02.06.2018"],
      ["SHEVCHENKO HALYNA", "30.09.1959"],
    ],
    "0151 23456789",
    { phone: "+380 67 123 4567" },
  );
  await dmytro.tap(ru("offer.decline"), offers.dmytro);
  await dmytro.tap(ru("offer.reason_size"));
  await marta.tap(pl("offer.accept"), offers.marta);
  await givePreArrival(
    marta,
    pl,
    [
      ["KOWALCZYK MARTA", "21.07.1994"],
      ["KOWALCZYK PIOTR", "05.11.1991"],
    ],
    "+48 601 234 567",
  );
  // the next round finds Dmytro another place
  await caseworker.say("/round");
  await caseworker.tap(de("rounds.start"));
  const report2 = await waitForButton(caseworker, de("rounds.approve"), 1);
  await caseworker.tap(de("rounds.approve"), report2);
  const second = await waitForButton(dmytro, ru("offer.accept"), 1);
  await dmytro.tap(ru("offer.accept"), second);
  await givePreArrival(dmytro, ru, [["BONDARENKO DMYTRO", "09.01.1988"]], "+380 50 123 4567");
  await caseworker.say("/rounds");

  const afterOffers = mark(everyone);

  // 7. City staff of Olena's city see who is coming, then send arrival details, an event and a broadcast.
  const olenaCity = (await db.intake.findFirst({ where: { user: { telegramId: BigInt(olena.id) } } }))
    ?.municipalityId;
  await db.staffMember.create({
    data: {
      telegramId: BigInt(CITY_CLERK_ID),
      chatId: BigInt(CITY_CLERK_ID),
      role: "city_staff",
      municipalityId: olenaCity,
      language: "de",
    },
  });
  const clerk = new Person(emulator, CITY_CLERK_ID, "City clerk Max", "de");
  await clerk.say("/people");
  await clerk.say("/capacity");
  const sameCity = [];
  for (const p of [olena, dmytro, marta]) {
    const intake = await db.intake.findFirst({ where: { user: { telegramId: BigInt(p.id) } } });
    if (intake?.municipalityId === olenaCity) sameCity.push(p);
  }
  const beforeArrival = mark([...everyone, clerk]);
  await demoArrival({ emulator, db, i18n, processes, people: sameCity, staff: clerk });

  const start = new Map<EmulatedUser, number>();
  const parts: [string, ReturnType<typeof between>][] = [
    ["Intake · Olena — Ukrainian, family of three", between(olena, start, afterIntake)],
    [
      "Intake · Dmytro — Russian, single with a dog; a typo, /back, a sticker, an edit, /mydata",
      between(dmytro, start, afterIntake),
    ],
    [
      "Intake · Marta — Polish, a couple expecting a baby, wheelchair user",
      between(marta, start, afterIntake),
    ],
    ["Intake · Andrii — English, declines consent", andrii.transcript],
    ["Assistant · Olena asks", between(olena, afterIntake, afterQuestions)],
    ["Assistant · Dmytro asks", between(dmytro, afterIntake, afterQuestions)],
    ["Assistant · Marta asks", between(marta, afterIntake, afterQuestions)],
    [
      "Assistant · Caseworker Jana answers what the assistant could not",
      between(caseworker, afterIntake, afterQuestions),
    ],
    ["Matching · Caseworker Jana runs two rounds", between(caseworker, afterQuestions, afterOffers)],
    ["Matching · Olena's offer", between(olena, afterQuestions, afterOffers)],
    ["Matching · Dmytro declines, then accepts another city", between(dmytro, afterQuestions, afterOffers)],
    ["Matching · Marta's offer", between(marta, afterQuestions, afterOffers)],
    [`Arrival · City staff of ${olenaCity}`, clerk.transcript],
    ...sameCity.map((p): [string, ReturnType<typeof between>] => [
      `Arrival · ${p.name} receives`,
      between(p, beforeArrival),
    ]),
  ];
  for (const [title, lines] of parts) {
    print(section(title));
    print(formatTranscript(lines));
  }

  // the worker's notices to the caseworker (counts only)
  const deadline = Date.now() + 5000;
  while (emulator.messages(CASEWORKER).length < 3 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  print(section("Caseworker's chat (notices from the worker)"));
  for (const m of emulator.messages(CASEWORKER)) print(`🤖 Re:Match → caseworker: ${m.text}`);

  const registered = await db.intake.count({ where: { status: { not: "in_progress" } } });
  const placed = await db.intake.count({ where: { status: { in: ["placed", "arrived"] } } });
  const users = await db.user.count();
  print(section("Database"));
  print(
    `people who gave consent: ${users}; households registered: ${registered}, placed: ${placed}; declined consent: stored nothing`,
  );
  // 8. The staff console: what the caseworker sees of the households and the last round, and the
  // clerk's arrivals page
  const lastRound = await db.round.findFirst({ where: { status: "approved" }, orderBy: { number: "desc" } });
  const shots = await consoleScreenshots(CONSOLE, TOKEN, CASEWORKER_ID, lastRound?.id ?? null, CITY_CLERK_ID);
  print(section("Staff console"));
  print(`The console of this demo: ${CONSOLE}`);
  print(
    `A one-time login link for your browser (the caseworker Jana; 10 minutes, once):\n${await loginLink(db, CASEWORKER_ID, CONSOLE)}`,
  );
  if (shots.length > 0) print(`Screenshots: ${shots.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  mkdirSync(".tmp", { recursive: true });
  writeFileSync(".tmp/demo-transcript.txt", `${out.join("\n")}\n`);
  print("\nTranscript saved to .tmp/demo-transcript.txt");
  if (flags.keep) {
    print("\nEverything keeps running (npm run demo -- --keep): open the link above. Ctrl+C stops it.");
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
  } else {
    print("\nThe demo stops now; to keep the console running and open it yourself: npm run demo -- --keep");
  }
} catch (error) {
  console.error(`Demo failed: ${(error as Error).message}`);
  for (const [name, lines] of processes.output)
    console.error(`--- ${name} (last lines)\n${lines.slice(-15).join("\n")}`);
  process.exitCode = 1;
} finally {
  await processes.stopAll();
  await emulator.stop();
  await db.$disconnect();
  await removeQueueKeys(REDIS_URL, QUEUE_PREFIX); // the database stays for a look; the queues go
}
