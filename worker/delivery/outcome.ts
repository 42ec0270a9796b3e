import { TelegramError } from "telegraf";

/** What an answer from Telegram (or its absence) means for one message. */
export type Outcome =
  | { kind: "rate"; retryAfterMs: number }
  | { kind: "blocked" }
  | { kind: "retry"; error: string }
  | { kind: "fatal"; error: string };

/**
 * 429 waits for `retry_after` and tries again; 403 ("bot was blocked by the user", or the
 * account is deactivated) will not get better; 5xx and network errors are retried with backoff;
 * any other 4xx (chat not found, bad request) is a fact about this message, not a passing state.
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
  return { kind: "retry", error: `network: ${e.code ?? e.type ?? e.name ?? "error"}`.slice(0, 300) };
}
