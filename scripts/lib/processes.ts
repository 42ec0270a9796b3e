import { type ChildProcess, spawn } from "node:child_process";
import type { TelegramEmulator } from "./telegram-emulator";

/**
 * Runs the real bot and worker as child processes (the same entry points as `npm start`),
 * for end-to-end tests, the demo and benchmarks.
 */
export class ProcessRunner {
  private readonly children = new Map<"bot" | "worker", ChildProcess>();
  readonly output = new Map<"bot" | "worker", string[]>();

  constructor(
    private readonly env: Record<string, string>,
    private readonly emulator: TelegramEmulator,
  ) {}

  async start(which: "bot" | "worker", timeoutMs = 30_000): Promise<void> {
    const entry = which === "bot" ? "bot/main.ts" : "worker/main.ts";
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
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
        if (which === "worker" && text.includes('"msg":"worker started"')) done();
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
  async stop(which: "bot" | "worker", signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const child = this.children.get(which);
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    this.children.delete(which);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([this.stop("bot"), this.stop("worker")]);
  }
}
