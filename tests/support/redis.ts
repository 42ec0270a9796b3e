import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/processes";
import { eventually } from "./wait";

/**
 * A Redis of the test's own, for fault tests that must not touch the shared one: FLUSHALL here
 * empties only this test's Redis (as a Redis restarted without its data would be).
 */
export interface OwnRedis {
  url: string;
  flushAll(): void;
  stop(): void;
}

export async function startOwnRedis(extraArgs: string[] = []): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "rematch-redis-"));
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir].concat(
      extraArgs,
    ),
    { stdio: "ignore" },
  );
  const cli = (...args: string[]) =>
    spawnSync("redis-cli", ["-p", String(port), ...args], { encoding: "utf8" }).stdout;
  await eventually(() => cli("ping").includes("PONG"));
  return {
    url: `redis://127.0.0.1:${port}`,
    flushAll: () => {
      if (!cli("flushall").includes("OK")) throw new Error("FLUSHALL failed");
    },
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
