import type { Redis } from "ioredis";
import { ServiceError, withRedis } from "./services";

/**
 * BullMQ keeps every job in Redis: with an eviction policy Redis may silently delete jobs when
 * memory runs out, and without the append-only file a restart of Redis loses the work in hand.
 * Production needs `maxmemory-policy noeviction` (refused otherwise) and `appendonly yes`
 * (warned; PostgreSQL stays the truth and the reconcilers re-create what Redis lost).
 */
export interface RedisSettings {
  /** null when Redis does not let us read it (CONFIG disabled, as on some managed services) */
  maxmemoryPolicy: string | null;
  appendonly: string | null;
}

async function configGet(redis: Redis, name: string): Promise<string | null> {
  try {
    const reply = (await redis.call("CONFIG", "GET", name)) as string[];
    return reply[1] ?? null;
  } catch {
    return null;
  }
}

export function readRedisSettings(redisUrl: string): Promise<RedisSettings> {
  return withRedis(redisUrl, async (redis) => {
    const [maxmemoryPolicy, appendonly] = await Promise.all([
      configGet(redis, "maxmemory-policy"),
      configGet(redis, "appendonly"),
    ]);
    return { maxmemoryPolicy, appendonly };
  });
}

/** What is wrong with these settings: warnings to log; in production a bad policy throws. */
export function judgeRedisSettings(settings: RedisSettings, production: boolean): string[] {
  const warnings: string[] = [];
  const policy = settings.maxmemoryPolicy;
  if (policy !== "noeviction") {
    const problem =
      policy === null
        ? "Redis maxmemory-policy could not be read (CONFIG GET refused); BullMQ needs noeviction: check it with your provider"
        : `Redis maxmemory-policy is ${policy}; BullMQ needs noeviction (redis-server --maxmemory-policy noeviction), else Redis may delete jobs`;
    if (production && policy !== null)
      throw new ServiceError(`${problem} (refused with NODE_ENV=production)`);
    warnings.push(problem);
  }
  if (settings.appendonly === "no")
    warnings.push(
      "Redis appendonly is off: a Redis restart loses queued jobs until they are re-created (redis-server --appendonly yes)",
    );
  return warnings;
}
