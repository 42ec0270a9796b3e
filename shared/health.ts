import type { Redis } from "ioredis";
import type { Db } from "./db";
import { listMigrations, migrationsDir } from "./migrate";

/**
 * Readiness of a process: it can serve when PostgreSQL answers, Redis answers and every
 * migration of this release is applied (unchanged). Liveness is only "the process answers".
 */
export interface Probes {
  db: Db;
  redis: Redis;
  /** the release's migrations (default: prisma/migrations of the working directory) */
  migrationsDir?: string;
}

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { postgres: Check; redis: Check; migrations: Check };
}

const CHECK_TIMEOUT_MS = 2000;

async function within<T>(work: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(work: () => Promise<string | undefined>): Promise<Check> {
  try {
    const problem = await within(work());
    return problem ? { ok: false, detail: problem } : { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.split("\n")[0]?.slice(0, 200) };
  }
}

/** Names of the release's migrations that are missing or were changed in the database (none: ready). */
async function migrationProblem(db: Db, dir: string): Promise<string | undefined> {
  const rows = await db.$queryRawUnsafe<{ name: string; checksum: string }[]>(
    `SELECT name, checksum FROM "_rematch_migrations"`,
  );
  const applied = new Map(rows.map((r) => [r.name, r.checksum]));
  const wanted = listMigrations(dir);
  const pending = wanted.filter((m) => !applied.has(m.name)).map((m) => m.name);
  const changed = wanted.filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum);
  if (pending.length > 0) return `pending: ${pending.join(", ")}`;
  if (changed.length > 0) return `changed after being applied: ${changed.map((m) => m.name).join(", ")}`;
  return undefined;
}

export async function readiness(probes: Probes): Promise<Readiness> {
  const dir = probes.migrationsDir ?? migrationsDir();
  const [postgres, redis, migrations] = await Promise.all([
    check(async () => {
      await probes.db.$queryRawUnsafe("SELECT 1");
      return undefined;
    }),
    check(async () => ((await probes.redis.ping()) === "PONG" ? undefined : "unexpected answer to PING")),
    check(() => migrationProblem(probes.db, dir)),
  ]);
  return { ready: postgres.ok && redis.ok && migrations.ok, checks: { postgres, redis, migrations } };
}
