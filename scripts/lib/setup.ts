import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ensureDatabase, migrate } from "../../shared/migrate";
import { checkPostgres, checkRedis, ServiceError } from "../../shared/services";

/** Generates Prisma Client when it is missing or older than the schema (a fresh checkout has none). */
export function generateClientIfStale(databaseUrl: string): void {
  const client = "shared/generated/prisma/client.ts";
  const fresh = existsSync(client) && statSync(client).mtimeMs >= statSync("prisma/schema.prisma").mtimeMs;
  if (fresh) return;
  execFileSync("npx", ["prisma", "generate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/** The newest change under a folder (ms). */
function newest(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => statSync(path.join(dir, f)).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
}

/** Builds the console's front end (web/client → web/dist) when it is missing or older than its sources. */
export function buildConsoleIfStale(): void {
  const built = "web/dist/index.html";
  const sources = Math.max(newest("web/client"), statSync("web/vite.config.ts").mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync("npx", ["vite", "build", "--config", "web/vite.config.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/**
 * Everything a fresh machine needs before tests, the demo or a benchmark: both services
 * reachable (else one line saying how to start them, and exit), the client generated,
 * the database created and migrated.
 */
export async function prepare(databaseUrl: string, redisUrl: string): Promise<string[]> {
  try {
    await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  generateClientIfStale(databaseUrl);
  buildConsoleIfStale();
  await ensureDatabase(databaseUrl);
  return (await migrate(databaseUrl)).applied;
}
