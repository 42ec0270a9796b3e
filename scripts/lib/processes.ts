import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { TelegramEmulator } from "./telegram-emulator";

export type ProcessName = "bot" | "worker" | "console";

const ENTRIES: Record<ProcessName, string> = {
  bot: "bot/main.ts",
  worker: "worker/main.ts",
  console: "web/main.ts",
};
/** What each process prints once it serves (the bot: its first poll of the emulator). */
const READY: Record<Exclude<ProcessName, "bot">, string> = {
  worker: '"msg":"worker started"',
  console: '"msg":"console started"',
};

/**
 * Runs the real bot, worker and console as child processes (the same entry points as
 * `npm start`), for end-to-end and browser tests, the demo and benchmarks.
 */
export class ProcessRunner {
  private readonly children = new Map<ProcessName, ChildProcess>();
  readonly output = new Map<ProcessName, string[]>();

  constructor(
    private readonly env: Record<string, string>,
    private readonly emulator: TelegramEmulator,
  ) {}

  async start(
    which: ProcessName,
    timeoutMs = Number(process.env.PROCESS_START_TIMEOUT_MS ?? 60_000),
  ): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRIES[which]], {
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines = this.output.get(which) ?? [];
    this.output.set(which, lines);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${which} did not start:\n${lines.slice(-20).join("\n")}`)),
        timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      if (which === "bot") this.emulator.once("poll", done);
      child.stdout?.on("data", (chunk: Buffer) => {
        const text = chunk.toString();
        lines.push(...text.split("\n").filter(Boolean));
        if (which !== "bot" && text.includes(READY[which])) done();
      });
      child.stderr?.on("data", (chunk: Buffer) =>
        lines.push(...chunk.toString().split("\n").filter(Boolean)),
      );
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${which} exited with ${code}:\n${lines.slice(-20).join("\n")}`));
      });
    });
    this.children.set(which, child);
    await ready;
  }

  /** SIGKILL is a crash (nothing finishes); SIGTERM a graceful stop. */
  async stop(which: ProcessName, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const child = this.children.get(which);
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    this.children.delete(which);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([this.stop("bot"), this.stop("worker"), this.stop("console")]);
  }
}

/** A port nobody listens on now, for a process of this run (the console). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
