import { type Telegraf, TelegramError } from "telegraf";
import type { Config } from "../shared/config";
import type { Logger } from "../shared/logger";
import { type Listener, listen, type Route } from "../shared/ops-http";
import { ServiceError } from "../shared/services";
import type { BotContext } from "./context";
import { webhookRoute } from "./webhook";

/** A reason not to start, said in one line (shared/process.ts `orExit`). */
export class LaunchError extends ServiceError {}

export interface Running {
  mode: "webhook" | "polling";
  /** rejects when polling stops with an error */
  done: Promise<void>;
  /** stops taking updates (the ones in hand go on) */
  stop(): Promise<void>;
}

/**
 * Webhook mode (WEBHOOK_URL set): serves exactly the URL's path on WEBHOOK_HOST:WEBHOOK_PORT
 * (behind a TLS reverse proxy) with the secret token required, then tells Telegram the URL and
 * the secret. The operations endpoints go on the same listener when OPS_HOST:BOT_OPS_PORT is the
 * same address, else on their own.
 */
async function webhook(
  bot: Telegraf<BotContext>,
  config: Config,
  ops: Route,
  logger: Logger,
): Promise<Running> {
  const url = new URL(config.WEBHOOK_URL as string);
  const secret = config.WEBHOOK_SECRET as string; // required with WEBHOOK_URL (shared/config.ts)
  const hook = webhookRoute(bot, url.pathname, secret, logger);
  // one listener when both are asked for the same address (port 0: each its own free port)
  const shared =
    config.WEBHOOK_PORT !== 0 &&
    config.OPS_HOST === config.WEBHOOK_HOST &&
    config.BOT_OPS_PORT === config.WEBHOOK_PORT;
  const listeners: Listener[] = [];
  const server = await listen(config.WEBHOOK_HOST, config.WEBHOOK_PORT, shared ? [hook, ops] : [hook]);
  listeners.push(server);
  logger.info({ listener: "webhook", port: server.port, path: url.pathname }, "listening");
  if (shared) logger.info({ listener: "ops", port: server.port }, "listening");
  else listeners.push(await opsListener(config, ops, logger));
  bot.botInfo = await bot.telegram.getMe();
  await bot.telegram.setWebhook(url.toString(), { secret_token: secret, drop_pending_updates: false });
  return {
    mode: "webhook",
    done: new Promise<void>(() => undefined),
    stop: async () => {
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}

/**
 * Polling mode. Telegram allows one or the other: polling deletes the webhook, which would take a
 * production bot off its webhook by accident, so it refuses while one is set unless FORCE_POLLING.
 */
async function polling(
  bot: Telegraf<BotContext>,
  config: Config,
  ops: Route,
  logger: Logger,
): Promise<Running> {
  const info = await bot.telegram.getWebhookInfo();
  if (info.url && !config.FORCE_POLLING)
    throw new LaunchError(
      `the bot has a webhook set (${info.url}); polling would remove it. Start in webhook mode (WEBHOOK_URL), or set FORCE_POLLING=true to switch this bot to polling`,
    );
  if (info.url) logger.warn({ mode: "polling" }, "FORCE_POLLING: the webhook is being removed");
  const listener = await opsListener(config, ops, logger);
  const done = bot.launch();
  return {
    mode: "polling",
    done,
    stop: async () => {
      bot.stop("shutdown");
      await done.catch(() => undefined);
      await listener.close();
    },
  };
}

async function opsListener(config: Config, ops: Route, logger: Logger): Promise<Listener> {
  const listener = await listen(config.OPS_HOST, config.BOT_OPS_PORT, [ops]);
  logger.info({ listener: "ops", port: listener.port }, "listening");
  return listener;
}

export async function launch(
  bot: Telegraf<BotContext>,
  config: Config,
  ops: Route,
  logger: Logger,
): Promise<Running> {
  try {
    return await (config.WEBHOOK_URL ? webhook(bot, config, ops, logger) : polling(bot, config, ops, logger));
  } catch (error) {
    if (error instanceof TelegramError)
      throw new LaunchError(`Telegram answered ${error.code}: ${error.description}`);
    throw error;
  }
}
