import { type Config, ConfigError, loadConfig } from "./config";
import { prepareServices, ServiceError } from "./services";

/**
 * Start-up shared by bot and worker: a bad environment or an unreachable service ends the
 * process with one readable line (no stack trace); then migrations are applied (advisory-locked,
 * so bot and worker may start at the same moment).
 */
export async function boot(): Promise<Config> {
  try {
    const config = loadConfig();
    await prepareServices(config.DATABASE_URL, config.REDIS_URL);
    return config;
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
