// npm run check:production — what CI can prove of the Dockerfile without a Docker daemon:
// 1. the files the image gets (.dockerignore) go into a clean folder, `npm ci --omit=dev` installs
//    production dependencies only (no dev dependency is there), the Prisma client is generated;
// 2. bot and worker start from that folder on an empty database and answer /readyz;
// 3. data is made through the bot (a staff grant, a household registered), the database is backed
//    up with pg_dump, restored into a fresh database with pg_restore, and the production install
//    starts on the restored one: /readyz answers, every count matches, the household's /status
//    reads as before and the staff list still has the grant.
// Database names and the queue prefix follow TEST_DATABASE_URL and TEST_QUEUE_PREFIX (two runs
// on one machine never meet); both databases and the Redis keys are removed at the end.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { createDb, type Db } from "../shared/db";
import { createI18n } from "../shared/i18n";
import {
  TEST_ADMIN_ID,
  TEST_BOT_TOKEN,
  TEST_DATABASE_URL,
  TEST_QUEUE_PREFIX,
  TEST_REDIS_URL,
} from "../tests/support/env";
import { EmulatedUser } from "./lib/emulated-user";
import { IntakeDriver } from "./lib/intake-driver";
import { singleWithDog } from "./lib/personas";
import { freePort, type ProcessName, ProcessRunner } from "./lib/processes";
import { removeQueueKeys } from "./lib/reset";
import { TelegramEmulator } from "./lib/telegram-emulator";

const root = process.cwd();
const dir = path.join(root, ".tmp", "production");
const baseName = new URL(TEST_DATABASE_URL).pathname.slice(1);
const urlOf = (name: string) => TEST_DATABASE_URL.replace(/\/[^/?]+(\?.*)?$/, `/${name}$1`);
const SOURCE = urlOf(`${baseName}_prod`);
const RESTORED = urlOf(`${baseName}_restored`);
const PREFIX = `${TEST_QUEUE_PREFIX}-production`;
const step = (text: string) => console.log(`\n── ${text}`);

/** The tracked files the image gets: everything but what .dockerignore names. */
function copyImageFiles(): number {
  const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const skip = (file: string) =>
    ignored.some((p) =>
      p.startsWith("*") ? file.endsWith(p.slice(1)) : file === p || file.startsWith(`${p}/`),
    );
  const files = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" })
    .split("\0")
    .filter((f) => f && !skip(f) && existsSync(f));
  rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(file, path.join(dir, file));
  }
  return files.length;
}

/** The console's front end is built with dev dependencies, as in the Dockerfile's `console` stage. */
function consoleFrontEnd(): boolean {
  if (!existsSync(path.join(root, "web", "vite.config.ts"))) return false;
  execFileSync("npm", ["run", "build:console"], { stdio: ["ignore", "inherit", "inherit"] });
  cpSync(path.join(root, "web", "dist"), path.join(dir, "web", "dist"), { recursive: true });
  return true;
}

function productionInstall(): void {
  execFileSync("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  // a dev dependency may be there only as a peer of a production one (typescript: Prisma, i18next)
  const neededBy = (name: string) =>
    execFileSync("npm", ["ls", name, "--omit=dev", "--parseable"], { cwd: dir, encoding: "utf8" }).trim();
  const present = Object.keys(pkg.devDependencies).filter((d) =>
    existsSync(path.join(dir, "node_modules", d)),
  );
  const stray = present.filter((d) => !neededBy(d));
  if (stray.length > 0) throw new Error(`dev dependencies in the production install: ${stray.join(", ")}`);
  console.log(
    `no dev dependency${present.length > 0 ? ` but ${present.join(", ")}, a peer of production ones` : ""}`,
  );
  execFileSync("npx", ["prisma", "generate"], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: SOURCE },
  });
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf("postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const dropOwn = async () => {
  for (const url of [SOURCE, RESTORED])
    await admin(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
};

/** bot and worker, and the console once there is one (web/) */
const PROCESSES: ProcessName[] = existsSync(path.join(root, "web", "main.ts"))
  ? ["bot", "worker", "console"]
  : ["bot", "worker"];

/** Starts every process of the production install on `databaseUrl`; each must answer /readyz. */
async function startAll(emulator: TelegramEmulator, databaseUrl: string): Promise<ProcessRunner> {
  const consolePort = await freePort();
  const runner = new ProcessRunner(
    {
      BOT_TOKEN: TEST_BOT_TOKEN,
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      ADMIN_TELEGRAM_IDS: String(TEST_ADMIN_ID),
      LOG_LEVEL: "info", // the runner reads "started" and "listening" lines
      CONSOLE_PORT: String(consolePort),
    },
    emulator,
    { cwd: dir },
  );
  try {
    await Promise.all(PROCESSES.map((which) => runner.start(which)));
    for (const which of PROCESSES) {
      const base = which === "console" ? `http://127.0.0.1:${consolePort}` : runner.url(which);
      const ready = await fetch(`${base}/readyz`);
      const body = await ready.text();
      if (ready.status !== 200) throw new Error(`${which} /readyz: ${ready.status} ${body}`);
      console.log(`${which} /readyz: ${ready.status} ${body}`);
    }
    return runner;
  } catch (error) {
    await runner.stopAll(); // nothing of this run is left running
    throw error;
  }
}

const counts = async (db: Db) => ({
  users: await db.user.count(),
  intakes: await db.intake.count({ where: { status: "registered" } }),
  staff: await db.staffMember.count(),
  audit: await db.auditLog.count(),
  municipalities: await db.municipality.count(),
});

async function backupAndRestore(): Promise<void> {
  const dump = path.join(dir, "backup.dump");
  execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${dump}`, `--dbname=${SOURCE}`]);
  await admin(`CREATE DATABASE "${new URL(RESTORED).pathname.slice(1)}"`);
  execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${RESTORED}`, dump]);
  console.log(`backup: ${dump}, restored into ${new URL(RESTORED).pathname.slice(1)}`);
}

async function main(): Promise<void> {
  step(`production files (.dockerignore) into ${path.relative(root, dir)}`);
  console.log(`${copyImageFiles()} files`);
  step("npm ci --omit=dev, prisma generate");
  productionInstall();
  if (consoleFrontEnd()) console.log("console front end built (web/dist)");

  await dropOwn();
  const emulator = new TelegramEmulator(TEST_BOT_TOKEN);
  await emulator.start();
  const i18n = await createI18n();
  let runner: ProcessRunner | null = null;
  try {
    step("start on an empty database (migrations applied at start)");
    runner = await startAll(emulator, SOURCE);
    const source = createDb(SOURCE, 2);
    await source.municipality.create({ data: { id: "kiel", name: "Kiel", capacity: {}, services: {} } });
    const driver = new IntakeDriver(source, i18n, new Questionnaire(intakeDefinition), () =>
      source.municipality.findMany({ select: { id: true, name: true } }),
    );
    const staff = new EmulatedUser(emulator, TEST_ADMIN_ID, "Admin", "en");
    await staff.say("/grant 5555 caseworker");
    const person = new EmulatedUser(emulator, 5556, "Oksana", "en");
    const en = i18n.t("en");
    await person.say("/start");
    await person.tap(en("language.name"));
    await person.tap(en("consent.agree"));
    await driver.answerAll(person, "en", singleWithDog);
    await person.tap(en("intake.buttons.submit"));
    const status = (await person.say("/status"))[0]?.text;
    const before = await counts(source);
    await source.$disconnect();
    await runner.stopAll();
    console.log(`made: ${JSON.stringify(before)}`);

    step("pg_dump, restore into a fresh database");
    await backupAndRestore();

    step("start on the restored database");
    runner = await startAll(emulator, RESTORED);
    const restored = createDb(RESTORED, 2);
    const after = await counts(restored);
    await restored.$disconnect();
    if (JSON.stringify(after) !== JSON.stringify(before))
      throw new Error(`restored counts differ: ${JSON.stringify(after)}`);
    if ((await person.say("/status"))[0]?.text !== status) throw new Error("/status reads differently");
    const list = (await staff.say("/staff")).map((m) => m.text).join("\n");
    if (!list.includes("5555")) throw new Error(`the staff grant is gone: /staff says ${list}`);
    console.log(`restored: ${JSON.stringify(after)}; /status as before; /staff has the grant`);
  } finally {
    await runner?.stopAll();
    await emulator.stop();
    await dropOwn();
    await removeQueueKeys(TEST_REDIS_URL, PREFIX);
  }
  if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
  console.log("\nproduction install: OK");
}

main().catch((error: Error) => {
  console.error(`production check failed: ${error.message}`);
  process.exit(1);
});
