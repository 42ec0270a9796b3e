import { randomBytes } from "node:crypto";

/** Where the tests' bots in webhook mode listen (behind a TLS proxy, as in production). */
export const HOOK_PATH = "/telegram/rematch-hook";

/** A fresh secret and the settings that start a bot in webhook mode on a free local port. */
export function webhookSettings() {
  const secret = randomBytes(32).toString("hex");
  return {
    secret,
    env: {
      WEBHOOK_URL: `https://bot.example.org${HOOK_PATH}`,
      WEBHOOK_SECRET: secret,
      WEBHOOK_PORT: "0",
      WEBHOOK_HOST: "127.0.0.1",
    },
  };
}
