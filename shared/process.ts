import { type Config, ConfigError, loadConfig } from "./config";
import { createLogger } from "./logger";
import { judgeRedisSettings, readRedisSettings } from "./redis-settings";
import { prepareServices, ServiceError } from "./services";

/**
 * Start-up shared by every process: a bad environment, an unreachable service or (with
 * NODE_ENV=production) a Redis that may evict jobs ends the process with one readable line (no
 * stack trace); then migrations are applied (advisory-locked, so the processes may start at the
 * same moment). Redis settings BullMQ should not run with are logged as warnings.
 */
export function boot(name = "start"): Promise<Config> {
  return orExit(
    (async () => {
      const config = loadConfig();
      await prepareServices(config.DATABASE_URL, config.REDIS_URL);
      const warnings = judgeRedisSettings(
        await readRedisSettings(config.REDIS_URL),
        config.NODE_ENV === "production",
      );
      const logger = createLogger(name, config.LOG_LEVEL);
      for (const warning of warnings) logger.warn({ check: "redis" }, warning);
      return config;
    })(),
  );
}

/** A start-up step: a configuration or service problem ends the process with one line. */
export async function orExit<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ServiceError) {
      console.error(`Cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs `stop` once on SIGTERM or SIGINT, then exits; a second signal exits at once. */
export function onShutdown(stop: (signal: string) => Promise<void>, graceMs = 25_000): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    const timer = setTimeout(() => process.exit(1), graceMs);
    timer.unref();
    stop(signal)
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on("SIGTERM", () => handler("SIGTERM"));
  process.on("SIGINT", () => handler("SIGINT"));
}
