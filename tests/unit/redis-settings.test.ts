import { describe, expect, it } from "vitest";
import { judgeRedisSettings } from "../../shared/redis-settings";
import { ServiceError } from "../../shared/services";

describe("Redis settings for BullMQ", () => {
  const good = { maxmemoryPolicy: "noeviction", appendonly: "yes" };

  it("noeviction with the append-only file: nothing to say", () => {
    expect(judgeRedisSettings(good, true)).toEqual([]);
  });

  it("an eviction policy is a warning, and a refusal in production", () => {
    const lru = { ...good, maxmemoryPolicy: "allkeys-lru" };
    expect(judgeRedisSettings(lru, false)).toEqual([
      expect.stringMatching(/maxmemory-policy is allkeys-lru/),
    ]);
    expect(() => judgeRedisSettings(lru, true)).toThrow(ServiceError);
    expect(() => judgeRedisSettings(lru, true)).toThrow(/refused with NODE_ENV=production/);
  });

  it("no append-only file, or settings Redis will not show: warnings only", () => {
    expect(judgeRedisSettings({ ...good, appendonly: "no" }, true)).toEqual([
      expect.stringMatching(/appendonly is off/),
    ]);
    expect(judgeRedisSettings({ maxmemoryPolicy: null, appendonly: null }, true)).toEqual([
      expect.stringMatching(/could not be read/),
    ]);
  });
});
