/** The test run's own database, Redis prefix and bot token: never the demo's or production's. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rematch_test";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEST_QUEUE_PREFIX = process.env.TEST_QUEUE_PREFIX ?? "rematch-test";
export const TEST_BOT_TOKEN = "123456:TEST-emulator-token";
export const TEST_ADMIN_ID = 900_001;
