import { ensureDatabase, migrate } from "../../shared/migrate";
import { checkPostgres, checkRedis } from "../../shared/services";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "./env";

/** Integration tests need their own migrated database; `npm test` prepares it, this keeps `vitest` alone working. */
export default async function setup(): Promise<void> {
  await Promise.all([checkPostgres(TEST_DATABASE_URL), checkRedis(TEST_REDIS_URL)]);
  await ensureDatabase(TEST_DATABASE_URL);
  await migrate(TEST_DATABASE_URL);
}
