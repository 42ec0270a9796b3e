// The simulated people of bench:intake, in a worker thread of their own: the emulator and the
// scripted people must not share the bot's event loop, or their work would count as the bot's.
import { parentPort, workerData } from "node:worker_threads";
import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { createDb } from "../../shared/db";
import { createI18n, type Language } from "../../shared/i18n";
import { EmulatedUser } from "./emulated-user";
import { IntakeDriver, type Script } from "./intake-driver";
import { coupleWithWheelchair, familyOfThree, singleWithDog } from "./personas";
import { TelegramEmulator } from "./telegram-emulator";

export const PERSONAS: [Script, Language][] = [
  [familyOfThree, "uk"],
  [singleWithDog, "ru"],
  [coupleWithWheelchair, "pl"],
];
export const FIRST_ID = 1_000_000;

interface Data {
  token: string;
  people: number;
  databaseUrl: string;
  /** mean pause before each action, like a person reading and typing (uniform 0.5×–1.5×) */
  thinkMs: number;
}

if (parentPort && workerData) {
  const port = parentPort;
  const { token, people, databaseUrl, thinkMs } = workerData as Data;
  const think = () => new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
  const emulator = new TelegramEmulator(token);
  const apiRoot = await emulator.start();
  const db = createDb(databaseUrl, 8);
  const i18n = await createI18n();
  const driver = new IntakeDriver(db, i18n, new Questionnaire(intakeDefinition), async () => []);

  const person = async (n: number) => {
    const [script, lang] = PERSONAS[n % PERSONAS.length] as [Script, Language];
    const t = i18n.t(lang);
    const user = new EmulatedUser(emulator, FIRST_ID + n, `P${n}`, lang);
    await think();
    await user.say("/start");
    await think();
    await user.tap(t("language.name"));
    await think();
    await user.tap(t("consent.agree"));
    do await think();
    while ((await driver.answerOne(user, lang, script)) !== null);
    await user.tap(t("intake.buttons.submit"));
  };

  port.on("message", async (message: string) => {
    if (message === "go") {
      const started = performance.now();
      await Promise.all(Array.from({ length: people }, (_, n) => person(n)));
      port.postMessage({ done: (performance.now() - started) / 1000 });
    }
    if (message === "stop") {
      await emulator.stop();
      await db.$disconnect();
      port.postMessage({ stopped: true });
    }
  });
  port.postMessage({ apiRoot });
}
