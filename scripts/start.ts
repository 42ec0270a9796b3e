// npm start: runs bot and worker side by side for production; a signal stops both gracefully.
import { spawn } from "node:child_process";
import { ConfigError, loadConfig } from "../shared/config";

try {
  loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}
const children = ["bot/main.ts", "worker/main.ts"].map((entry) =>
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
