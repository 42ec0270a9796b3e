// Prepares a fresh machine for tests or the demo, and says in one line what is missing:
// services reachable, Prisma Client generated, database created, migrations applied.
// Usage: tsx scripts/prepare.ts [--test]
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { DEFAULT_DATABASE_URL } from "../shared/database-url";
import { ensureDatabase, migrate } from "../shared/migrate";
import { checkPostgres, checkRedis, ServiceError } from "../shared/services";
import { TEST_DATABASE_URL } from "../tests/support/env";

const test = process.argv.includes("--test");
const databaseUrl = test ? TEST_DATABASE_URL : (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export function generateClientIfStale(): void {
  const client = "shared/generated/prisma/client.ts";
  const fresh = existsSync(client) && statSync(client).mtimeMs >= statSync("prisma/schema.prisma").mtimeMs;
  if (fresh) return;
  execFileSync("npx", ["prisma", "generate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

try {
  await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
} catch (error) {
  if (error instanceof ServiceError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
generateClientIfStale();
await ensureDatabase(databaseUrl);
const { applied } = await migrate(databaseUrl);
const name = new URL(databaseUrl).pathname.slice(1);
console.log(`database ${name} ready${applied.length > 0 ? ` (applied ${applied.join(", ")})` : ""}`);
