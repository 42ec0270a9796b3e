import pg from "pg";
import { TEST_DATABASE_URL } from "./env";

/**
 * Holds a lock that every test run on this machine shares, whatever its database: a PostgreSQL
 * advisory lock in the server's `postgres` database (advisory locks belong to one database, so the
 * run's own would not be seen by another run). For a test that puts the machine under a load of
 * its own and counts what the load does: two such tests at once (CI runs the suite on two Nodes side
 * by side, in the same order) would measure each other. The lock goes with its connection, so a
 * test killed mid-way frees it. Resolves with the release.
 */
export async function holdMachineLock(name: string): Promise<() => Promise<void>> {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const key = `rematch-tests:${name}`;
  await client.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
  return async () => {
    await client.query("SELECT pg_advisory_unlock(hashtext($1))", [key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}
