import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { EmulatedUser } from "../../scripts/lib/emulated-user";
import { IntakeDriver, type Script } from "../../scripts/lib/intake-driver";
import { freePort, ProcessRunner } from "../../scripts/lib/processes";
import { removeQueueKeys, resetData as resetTo } from "../../scripts/lib/reset";
import { TelegramEmulator } from "../../scripts/lib/telegram-emulator";
import { createDb, type Db } from "../../shared/db";
import { createI18n, type I18n, type Language } from "../../shared/i18n";
import { TEST_ADMIN_ID, TEST_BOT_TOKEN, TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "./env";

export async function resetData(db: Db): Promise<void> {
  await resetTo(db, TEST_REDIS_URL, TEST_QUEUE_PREFIX);
}

export interface Harness {
  emulator: TelegramEmulator;
  db: Db;
  i18n: I18n;
  questionnaire: Questionnaire;
  processes: ProcessRunner;
  driver: IntakeDriver;
  /** where the console of this run listens (started with `processes.start("console")`) */
  consoleUrl: string;
  user(id: number, name: string, languageCode?: string, chatType?: "private" | "group"): EmulatedUser;
  /** A person goes through /start, language, consent, the whole questionnaire and submit, in the real bot. */
  register(user: EmulatedUser, lang: Language, script: Script): Promise<void>;
  close(): Promise<void>;
}

/** A clean database, an emulator on localhost, and a runner for the real bot and worker. */
export async function createHarness(extraEnv: Record<string, string> = {}): Promise<Harness> {
  const emulator = new TelegramEmulator(TEST_BOT_TOKEN);
  const apiRoot = await emulator.start();
  const db = createDb(TEST_DATABASE_URL, 4);
  await resetData(db);
  const i18n = await createI18n();
  const questionnaire = new Questionnaire(intakeDefinition);
  const consolePort = await freePort();
  const processes = new ProcessRunner(
    {
      CONSOLE_PORT: String(consolePort),
      BOT_TOKEN: TEST_BOT_TOKEN,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: TEST_QUEUE_PREFIX,
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_TELEGRAM_IDS: String(TEST_ADMIN_ID),
      LOG_LEVEL: "info",
      // scripted people answer faster than anyone types: no pacing of replies, no flood limit,
      // unless a test sets them (tests/e2e/conversation.test.ts)
      BOT_CHAT_INTERVAL_MS: "0",
      PERSON_INTERVAL_MS: "0",
      ...extraEnv,
    },
    emulator,
  );
  const municipalities = () =>
    db.municipality.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  const driver = new IntakeDriver(db, i18n, questionnaire, municipalities);
  return {
    emulator,
    db,
    i18n,
    questionnaire,
    processes,
    driver,
    consoleUrl: `http://127.0.0.1:${consolePort}`,
    user: (id, name, languageCode = "uk", chatType = "private") =>
      new EmulatedUser(emulator, id, name, languageCode, chatType),
    register: async (user, lang, script) => {
      const t = i18n.t(lang);
      await user.say("/start");
      await user.tap(t("language.name"));
      await user.tap(t("consent.agree"));
      await driver.answerAll(user, lang, script);
      await user.tap(t("intake.buttons.submit"));
    },
    close: async () => {
      await processes.stopAll();
      await emulator.stop();
      await db.$disconnect();
      // the keys this run's processes made (under its own prefix, on its own Redis)
      await removeQueueKeys(
        processes.env.REDIS_URL ?? TEST_REDIS_URL,
        processes.env.QUEUE_PREFIX ?? TEST_QUEUE_PREFIX,
      );
    },
  };
}

export function tr(h: Harness, lang: Language) {
  return h.i18n.t(lang);
}
