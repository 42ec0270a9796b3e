// Prepares a fresh machine for `npm test` (with --test: the test database) or for local runs.
// Usage: tsx scripts/prepare.ts [--test]
import { DEFAULT_DATABASE_URL } from "../shared/database-url";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../tests/support/env";
import { prepare } from "./lib/setup";

const test = process.argv.includes("--test");
const databaseUrl = test ? TEST_DATABASE_URL : (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const applied = await prepare(databaseUrl, TEST_REDIS_URL);
const name = new URL(databaseUrl).pathname.slice(1);
console.log(`database ${name} ready${applied.length > 0 ? ` (applied ${applied.join(", ")})` : ""}`);
