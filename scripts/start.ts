// npm start: runs bot, worker and console side by side for production; a signal stops all gracefully.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { ConfigError, loadConfig } from "../shared/config";
import { buildConsoleIfStale } from "./lib/setup";

try {
  loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}
// a checkout with dev dependencies builds the console's front end when it changed; a production
// image carries it built (see the Dockerfile)
if (existsSync("node_modules/vite")) buildConsoleIfStale();
const children = ["bot/main.ts", "worker/main.ts", "web/main.ts"].map((entry) =>
  spawn(process.execPath, ["--import", "tsx", entry], { stdio: "inherit" }),
);
let exiting = false;
for (const child of children) {
  child.on("exit", (code) => {
    if (!exiting) {
      exiting = true;
      for (const other of children) if (other !== child) other.kill("SIGTERM");
      process.exitCode = code ?? 1;
    }
  });
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    exiting = true;
    for (const child of children) child.kill(signal);
  });
}
