import { Redis } from "ioredis";
import pg from "pg";
import { ensureDatabase, migrate } from "./migrate";

/** What a person should type when a service is down on a fresh machine (see README). */
export const START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
export const START_REDIS =
  'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

export class ServiceError extends Error {}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith("redis") ? 6379 : 5432)}`;
}

export async function checkPostgres(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch {
    throw new ServiceError(
      `PostgreSQL is not reachable at ${where(databaseUrl)}. Start it with: ${START_POSTGRES}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `work` on a short-lived Redis connection that fails at once instead of retrying. */
export async function withRedis<T>(redisUrl: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

export async function checkRedis(redisUrl: string): Promise<void> {
  try {
    await withRedis(redisUrl, (redis) => redis.ping());
  } catch {
    throw new ServiceError(`Redis is not reachable at ${where(redisUrl)}. Start it with: ${START_REDIS}`);
  }
}

/** Everything a process needs before it serves: both services up, database created and migrated. */
export async function prepareServices(databaseUrl: string, redisUrl: string): Promise<void> {
  await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
}
