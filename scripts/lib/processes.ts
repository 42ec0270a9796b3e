import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { TelegramEmulator } from "./telegram-emulator";

export type ProcessName = "bot" | "worker" | "console";

const ENTRIES: Record<ProcessName, string> = {
  bot: "bot/main.ts",
  worker: "worker/main.ts",
  console: "web/main.ts",
};
/** What each process prints once it serves (the bot in polling mode: its first poll of the emulator). */
const READY: Record<ProcessName, string> = {
  bot: '"msg":"bot started"',
  worker: '"msg":"worker started"',
  console: '"msg":"console started"',
};

export interface RunnerOptions {
  /** the folder the processes run in (default: this checkout), e.g. a clean production install */
  cwd?: string;
}

/**
 * Runs the real bot, worker and console as child processes (the same entry points as
 * `npm start`), for end-to-end and browser tests, the demo and benchmarks. Their operations
 * endpoints listen on free
 * ports (BOT_OPS_PORT=0, WORKER_OPS_PORT=0 unless given), so runs side by side never collide;
 * `ports` has what each process said it listens on.
 */
export class ProcessRunner {
  private readonly children = new Map<ProcessName, ChildProcess>();
  readonly output = new Map<ProcessName, string[]>();
  /** per process: listener name ("ops", "webhook") → port, from its "listening" log lines */
  readonly ports = new Map<ProcessName, Record<string, number>>();
  /** the environment of the processes started from now on (a test may change it between starts) */
  readonly env: Record<string, string>;

  constructor(
    env: Record<string, string>,
    private readonly emulator: TelegramEmulator,
    private readonly options: RunnerOptions = {},
  ) {
    this.env = { BOT_OPS_PORT: "0", WORKER_OPS_PORT: "0", ...env };
  }

  /** The address of a process's listener, e.g. url("worker", "ops") + "/readyz". */
  url(which: ProcessName, listener = "ops"): string {
    const port = this.ports.get(which)?.[listener];
    if (port === undefined) throw new Error(`${which} has no ${listener} listener`);
    return `http://127.0.0.1:${port}`;
  }

  async start(
    which: ProcessName,
    timeoutMs = Number(process.env.PROCESS_START_TIMEOUT_MS ?? 60_000),
  ): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRIES[which]], {
      env: { ...process.env, ...this.env },
      cwd: this.options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines = this.output.get(which) ?? [];
    this.output.set(which, lines);
    const ports: Record<string, number> = {};
    this.ports.set(which, ports);
    // polling: ready at the first poll; webhook mode and the worker: when they say so
    const readyLine = which === "bot" && !this.env.WEBHOOK_URL ? null : READY[which];
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL"); // a process that did not get ready is not left running
        reject(new Error(`${which} did not start:\n${lines.slice(-20).join("\n")}`));
      }, timeoutMs);
      // ready once it said so (or polled) and its operations port is known: the "listening" line
      // may reach us after the first poll
      let said = false;
      const done = () => {
        said = true;
        if (which !== "console" && ports.ops === undefined) return; // the console serves them on its own port
        clearTimeout(timer);
        resolve();
      };
      if (!readyLine) this.emulator.once("poll", done);
      child.stdout?.on("data", (chunk: Buffer) => {
        const text = chunk.toString();
        const added = text.split("\n").filter(Boolean);
        lines.push(...added);
        for (const line of added) readListener(line, ports);
        if (said || (readyLine && text.includes(readyLine))) done();
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

function readListener(line: string, ports: Record<string, number>): void {
  if (!line.includes('"msg":"listening"')) return;
  try {
    const { listener, port } = JSON.parse(line) as { listener?: string; port?: number };
    if (listener && typeof port === "number") ports[listener] = port;
  } catch {
    // not a log line of ours
  }
}

/**
 * The first port the kernel hands out by itself (to listen(0) and to every outgoing connection):
 * a port chosen for a process that starts later must lie below it, or a connection of that
 * process (or of anyone on the machine) may take it first (CI once failed with EADDRINUSE so).
 */
function ephemeralStart(): number {
  try {
    const range = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const first = Number(range[0]);
    if (Number.isInteger(first) && first > 20_000) return first;
  } catch {
    // not Linux: the IANA dynamic range
  }
  return 49_152;
}

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/**
 * A port nobody listens on now, for a process or server of this run that starts later: picked at
 * random below the kernel's ephemeral range (where nothing takes it by itself) and tried.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralStart();
  const low = 10_000;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}
