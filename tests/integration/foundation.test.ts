import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { saveState } from "../../bot/intake/store";
import { createDb } from "../../shared/db";
import { listMigrations, migrate, migrationsDir } from "../../shared/migrate";
import { TEST_BOT_TOKEN, TEST_DATABASE_URL } from "../support/env";
import { resetData } from "../support/harness";

const admin = TEST_DATABASE_URL.replace(/\/[^/]+$/, "/postgres");
// a scratch database of this run's own: its name follows the test database's (TEST_DATABASE_URL)
const scratchName = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_migrations`;
const scratch = TEST_DATABASE_URL.replace(/\/[^/]+$/, `/${scratchName}`);

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await sql(admin, `DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
});

describe("migrations", () => {
  it("apply once on a fresh database even when two processes start at the same moment", async () => {
    await sql(admin, `DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
    await sql(admin, `CREATE DATABASE "${scratchName}"`);
    const all = listMigrations(migrationsDir()).map((m) => m.name);
    const [a, b] = await Promise.all([migrate(scratch), migrate(scratch)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(all);
    const again = await migrate(scratch);
    expect(again).toEqual({ applied: [], alreadyApplied: all.length });
    const tables = await sql(scratch, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'Intake'");
    expect(tables.rows[0].n).toBe(1);
  });

  it("refuse to run when an applied migration was edited afterwards", async () => {
    const first = listMigrations(migrationsDir())[0];
    await sql(scratch, `UPDATE "_rematch_migrations" SET checksum = 'edited' WHERE name = '${first?.name}'`);
    await expect(migrate(scratch)).rejects.toThrow(/was changed after it was applied/);
  });
});

describe("intake storage", () => {
  it("lets exactly one of two concurrent saves of the same version win", async () => {
    const db = createDb(TEST_DATABASE_URL, 4);
    try {
      await resetData(db);
      const user = await db.user.create({
        data: {
          telegramId: 7001n,
          chatId: 7001n,
          language: "en",
          consentVersion: "test",
          consentAt: new Date(),
          intake: { create: { state: { answers: {}, groups: {}, current: "household_size" } } },
        },
        include: { intake: true },
      });
      const intake = user.intake;
      if (!intake) throw new Error("no intake");
      const results = await Promise.all([
        saveState(db, intake, { answers: { household_size: 1 }, groups: {}, current: "members.0.age" }, 11),
        saveState(db, intake, { answers: { household_size: 2 }, groups: {}, current: "members.0.age" }, 12),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const stored = await db.intake.findUniqueOrThrow({ where: { id: intake.id } });
      expect(stored.version).toBe(1);
      expect(stored.recentUpdates).toHaveLength(1);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("process start-up", () => {
  const run = (entry: string, env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, ["--import", "tsx", entry], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 30_000,
    });

  it("stops with one line naming a missing variable, no stack trace", () => {
    const r = run("bot/main.ts", { BOT_TOKEN: undefined });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      "Cannot start: BOT_TOKEN is missing: expected required: the bot token from @BotFather, like 123456:ABC-def",
    );
  });

  it("says in one line how to start Redis when it is not reachable", () => {
    const r = run("worker/main.ts", {
      BOT_TOKEN: TEST_BOT_TOKEN,
      REDIS_URL: "redis://127.0.0.1:6399",
      DATABASE_URL: TEST_DATABASE_URL,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^Cannot start: Redis is not reachable at 127\.0\.0\.1:6399\. Start it with: redis-server /,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("says in one line how to start PostgreSQL when it is not reachable", () => {
    const r = run("bot/main.ts", {
      BOT_TOKEN: TEST_BOT_TOKEN,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5499/x",
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^Cannot start: PostgreSQL is not reachable at 127\.0\.0\.1:5499\. Start it with: pg_ctlcluster/,
    );
  });
});
