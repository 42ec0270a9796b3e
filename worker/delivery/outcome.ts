import { TelegramError } from "telegraf";

/** What an answer from Telegram (or its absence) means for one message. */
export type Outcome =
  | { kind: "rate"; retryAfterMs: number }
  | { kind: "blocked" }
  | { kind: "retry"; error: string }
  | { kind: "doubt"; error: string }
  | { kind: "fatal"; error: string };

/**
 * Network errors that happen before a request can reach Telegram: the connection was never made
 * (refused, no route, no address). Sending again cannot show the message twice.
 */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
]);

/**
 * 429 waits for `retry_after` and tries again; 403 ("bot was blocked by the user", or the
 * account is deactivated) will not get better; 5xx and a connection never made are retried with
 * backoff; no answer in time, or a connection lost after the request went out, is in doubt
 * (Telegram may have shown it: the Bot API cannot be asked); any other 4xx (chat not found, bad
 * request) is a fact about this message, not a passing state.
 */
export function classify(error: unknown): Outcome {
  if (error instanceof TelegramError) {
    const code = error.code;
    if (code === 429) {
      const seconds = Number(error.parameters?.retry_after ?? 1);
      return { kind: "rate", retryAfterMs: Math.max(1, seconds) * 1000 };
    }
    if (code === 403) return { kind: "blocked" };
    if (code >= 500) return { kind: "retry", error: `telegram ${code}` };
    return { kind: "fatal", error: `telegram ${code}: ${error.description}`.slice(0, 300) };
  }
  const e = error as { code?: string; type?: string; name?: string; message?: string };
  const name = e.code ?? e.type ?? e.name ?? "error";
  if (e.code && NOT_SENT.has(e.code)) return { kind: "retry", error: `network: ${name}`.slice(0, 300) };
  return { kind: "doubt", error: `no answer (${name})`.slice(0, 300) };
}
