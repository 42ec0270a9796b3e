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
});
