// npm run demo: the whole product on this machine, no Telegram account needed.
// Prepares a demo database, starts the real bot and worker against a Telegram Bot API emulator
// on localhost, plays scripted refugees through the intake in several languages, and prints
// the conversations as a readable transcript (also saved to .tmp/demo-transcript.txt).
import { mkdirSync, writeFileSync } from "node:fs";
import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { createDb } from "../shared/db";
import { createI18n } from "../shared/i18n";
import { type EmulatedUser, formatTranscript, EmulatedUser as Person } from "./lib/emulated-user";
import { IntakeDriver } from "./lib/intake-driver";
import { coupleWithWheelchair, familyOfThree, singleWithDog } from "./lib/personas";
import { ProcessRunner } from "./lib/processes";
import { resetData } from "./lib/reset";
import { prepare } from "./lib/setup";
import { TelegramEmulator } from "./lib/telegram-emulator";

const DATABASE_URL = process.env.DEMO_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rematch_demo";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const QUEUE_PREFIX = "rematch-demo";
const TOKEN = "424242:DEMO-emulator-token";
const CASEWORKER = 777_001;

/** The pilot's six cities (Re:Match 2023/24); capacities arrive with the matching data. */
const CITIES = [
  ["braunschweig", "Braunschweig"],
  ["duesseldorf", "Düsseldorf"],
  ["kiel", "Kiel"],
  ["rottenburg-am-neckar", "Rottenburg am Neckar"],
  ["salzgitter", "Salzgitter"],
  ["troisdorf", "Troisdorf"],
] as const;

const section = (title: string) => `\n${"═".repeat(72)}\n  ${title}\n${"═".repeat(72)}`;

await prepare(DATABASE_URL, REDIS_URL);
const db = createDb(DATABASE_URL, 4);
await resetData(db, REDIS_URL, QUEUE_PREFIX);
await db.municipality.createMany({ data: CITIES.map(([id, name]) => ({ id, name })) });

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
  print(`Telegram Bot API emulator: ${apiRoot}\nStarting the bot and the worker (real processes) …`);
  await Promise.all([processes.start("bot"), processes.start("worker")]);

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

  const people: [EmulatedUser, string][] = [
    [olena, "Olena — Ukrainian, family of three"],
    [dmytro, "Dmytro — Russian, single with a dog; a typo, /back, a sticker, an edit, /mydata"],
    [marta, "Marta — Polish, a couple expecting a baby, wheelchair user"],
    [andrii, "Andrii — English, declines consent"],
  ];
  for (const [person, title] of people) {
    print(section(title));
    print(formatTranscript(person.transcript));
  }

  // the worker's notices to the caseworker (counts only)
  const deadline = Date.now() + 5000;
  while (emulator.messages(CASEWORKER).length < 3 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  print(section("Caseworker's chat (notices from the worker)"));
  for (const m of emulator.messages(CASEWORKER)) print(`🤖 Re:Match → caseworker: ${m.text}`);

  const registered = await db.intake.count({ where: { status: "registered" } });
  const users = await db.user.count();
  print(section("Database"));
  print(
    `people who gave consent: ${users}; households registered: ${registered}; declined consent: stored nothing`,
  );
  mkdirSync(".tmp", { recursive: true });
  writeFileSync(".tmp/demo-transcript.txt", `${out.join("\n")}\n`);
  print("\nTranscript saved to .tmp/demo-transcript.txt");
} catch (error) {
  console.error(`Demo failed: ${(error as Error).message}`);
  for (const [name, lines] of processes.output)
    console.error(`--- ${name} (last lines)\n${lines.slice(-15).join("\n")}`);
  process.exitCode = 1;
} finally {
  await processes.stopAll();
  await emulator.stop();
  await db.$disconnect();
}
