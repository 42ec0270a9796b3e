import { createHash, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import type { Telegraf } from "telegraf";
import { z } from "zod";
import type { Logger } from "../shared/logger";
import { type Route, send } from "../shared/ops-http";
import type { BotContext } from "./context";

/** Telegram sends the webhook's secret token in this header with every update. */
export const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** an update is a few kilobytes; anything far bigger is not from Telegram */
const MAX_BODY_BYTES = 1_000_000;

const update = z.looseObject({ update_id: z.number().int().nonnegative() });

const text = (status: number, body: string) => ({ status, contentType: "text/plain; charset=utf-8", body });

/** Compares in constant time (and whatever the lengths), so the secret cannot be guessed byte by byte. */
function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The webhook: only POSTs to exactly the path of WEBHOOK_URL are updates, and only with the
 * secret token (403 otherwise, before the body is read: a forged update changes nothing).
 * The update is handled before the answer, so Telegram delivers it again if the process dies.
 */
export function webhookRoute(bot: Telegraf<BotContext>, path: string, secret: string, logger: Logger): Route {
  return async (req, res) => {
    if ((req.url ?? "").split("?")[0] !== path) return false;
    if (req.method !== "POST") {
      send(res, text(405, "method not allowed"));
      return true;
    }
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) {
      logger.warn({ reason: "secret" }, "webhook request refused");
      send(res, text(403, "forbidden"));
      return true;
    }
    const body = await readBody(req);
    if (body === null) {
      send(res, text(413, "too large"));
      return true;
    }
    let parsed: z.infer<typeof update>;
    try {
      parsed = update.parse(JSON.parse(body));
    } catch {
      send(res, text(400, "not an update"));
      return true;
    }
    await bot.handleUpdate(parsed as never);
    send(res, text(200, "ok"));
    return true;
  };
}
