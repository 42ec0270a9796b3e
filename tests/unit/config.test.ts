import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../shared/config";

const base = { BOT_TOKEN: "123456:ABC-def_1" };

describe("configuration", () => {
  it("defaults to the local PostgreSQL and Redis", () => {
    const c = loadConfig(base);
    expect(c.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/rematch");
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(c.ADMIN_TELEGRAM_IDS).toEqual([]);
    expect(c.TELEGRAM_API_ROOT).toBeUndefined();
  });

  it("parses admin ids and the optional API root", () => {
    const c = loadConfig({
      ...base,
      ADMIN_TELEGRAM_IDS: "12, 34",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000",
    });
    expect(c.ADMIN_TELEGRAM_IDS).toEqual([12n, 34n]);
    expect(c.TELEGRAM_API_ROOT).toBe("http://127.0.0.1:9000");
  });

  it("names the variable and what it expects, in one line", () => {
    const line = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      return "no error";
    };
    expect(line({})).toBe(
      "BOT_TOKEN is missing: expected required: the bot token from @BotFather, like 123456:ABC-def",
    );
    expect(line({ BOT_TOKEN: "nope" })).toBe(
      "BOT_TOKEN is invalid: expected a Telegram bot token like 123456:ABC-def",
    );
    expect(line({ ...base, DATABASE_URL: "mysql://x" })).toBe(
      "DATABASE_URL is invalid: expected a postgresql:// URL",
    );
    expect(line({ ...base, ADMIN_TELEGRAM_IDS: "12,abc" })).toMatch(
      /^ADMIN_TELEGRAM_IDS is invalid: expected comma-separated/,
    );
    expect(line({ ...base, WEBHOOK_PORT: "99999" })).toMatch(/^WEBHOOK_PORT is invalid/);
    for (const env of [{}, { BOT_TOKEN: "x" }]) expect(line(env)).not.toContain("\n");
  });

  it("webhook mode: an https URL and a random secret of 32 or more characters, loopback by default", () => {
    const secret = "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e";
    const c = loadConfig({ ...base, WEBHOOK_URL: "https://bot.example.org/tg/hook", WEBHOOK_SECRET: secret });
    expect(c.WEBHOOK_HOST).toBe("127.0.0.1");
    expect(c.WEBHOOK_PORT).toBe(8443);
    expect(c.FORCE_POLLING).toBe(false);
    const line = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ ...base, ...env });
        return "no error";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(line({ WEBHOOK_URL: "http://bot.example.org/tg/hook", WEBHOOK_SECRET: secret })).toMatch(
      /^WEBHOOK_URL is invalid: expected a public https:\/\/ URL/,
    );
    expect(line({ WEBHOOK_URL: "https://bot.example.org/tg/hook" })).toBe(
      "WEBHOOK_SECRET is missing: expected required in webhook mode (WEBHOOK_URL is set): 32 or more random characters",
    );
    expect(line({ WEBHOOK_URL: "https://x.org/h", WEBHOOK_SECRET: "abc123" })).toMatch(
      /^WEBHOOK_SECRET is invalid: expected 32-256 random letters/,
    );
    expect(line({ WEBHOOK_URL: "https://x.org/h", WEBHOOK_SECRET: "ab".repeat(20) })).toMatch(
      /^WEBHOOK_SECRET is invalid: expected a random string/,
    );
    expect(line({ FORCE_POLLING: "maybe" })).toMatch(/^FORCE_POLLING is invalid/);
    expect(loadConfig({ ...base, FORCE_POLLING: "true" }).FORCE_POLLING).toBe(true);
  });
});
