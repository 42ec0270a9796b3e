import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/processes";
import { TEST_BOT_TOKEN, TEST_DATABASE_URL, TEST_QUEUE_PREFIX } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { eventually } from "../support/wait";

/**
 * A Redis of this test's own (the shared one must not be reconfigured) that may evict keys:
 * the processes warn, and refuse to start with NODE_ENV=production.
 */
let redis: ChildProcess;
let dir: string;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  dir = mkdtempSync(path.join(tmpdir(), "rematch-redis-"));
  redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"].concat([
      "--maxmemory-policy",
      "allkeys-lru",
      "--dir",
      dir,
    ]),
    { stdio: "ignore" },
  );
  url = `redis://127.0.0.1:${port}`;
  await eventually(() =>
    spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.includes("PONG"),
  );
});

afterAll(() => {
  redis?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

describe("Redis that may evict jobs", () => {
  it("with NODE_ENV=production: the worker refuses to start, in one line", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "worker/main.ts"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        BOT_TOKEN: TEST_BOT_TOKEN,
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: url,
        QUEUE_PREFIX: TEST_QUEUE_PREFIX,
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      "Cannot start: Redis maxmemory-policy is allkeys-lru; BullMQ needs noeviction (redis-server --maxmemory-policy noeviction), else Redis may delete jobs (refused with NODE_ENV=production)",
    );
  });

  it("otherwise: it starts and warns about the policy and the missing append-only file", async () => {
    let h: Harness | undefined;
    try {
      h = await createHarness({ REDIS_URL: url });
      await h.processes.start("worker");
      const warnings = (h.processes.output.get("worker") ?? []).filter((l) => l.includes('"check":"redis"'));
      expect(warnings.join("\n")).toMatch(/maxmemory-policy is allkeys-lru/);
      expect(warnings.join("\n")).toMatch(/appendonly is off/);
      expect(warnings.every((l) => l.includes('"level":40'))).toBe(true);
    } finally {
      await h?.close();
    }
  });
});
