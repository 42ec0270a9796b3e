import { Redis } from "ioredis";
import type { Db } from "../../shared/db";

/** Empties every table but the migration record (counters such as round numbers start again at 1), and the Redis keys under one queue prefix. */
export async function resetData(db: Db, redisUrl: string, queuePrefix: string): Promise<void> {
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_rematch_migrations'`,
  );
  if (tables.length > 0) {
    await db.$executeRawUnsafe(
      `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`,
    );
  }
  await removeQueueKeys(redisUrl, queuePrefix);
}

/**
 * Deletes the Redis keys under one queue prefix (queues, jobs, the send limiter) and nothing
 * else: a test, the demo or a benchmark leaves Redis as it found it, and never touches another
 * run's keys.
 */
export async function removeQueueKeys(redisUrl: string, queuePrefix: string): Promise<number> {
  if (!/^[\w-]+$/.test(queuePrefix)) throw new Error(`unexpected queue prefix "${queuePrefix}"`);
  const redis = new Redis(redisUrl);
  let cursor = "0";
  let removed = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}:*`, "COUNT", 1000);
      if (keys.length > 0) removed += await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return removed;
}
