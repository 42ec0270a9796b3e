import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { MiddlewareFn } from "telegraf";
import { metrics } from "../../shared/metrics";
import type { BotContext } from "../context";

/** how much longer than the handler timeout a lock is held: a dead holder's lock frees by itself */
const HOLD_MARGIN_MS = 5_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Updates of one chat one at a time across every bot process (several instances in webhook mode):
 * a lock per chat in Redis (SET NX PX, released by its own token). Inside one process,
 * oneAtATimePerChat keeps them in their order of arrival, so only one update per chat and process
 * asks for the lock. Waiting polls every 5–50 ms; a lock whose holder died frees after the handler timeout and a margin.
 * With Redis away, the update goes on without it rather than not at all.
 */
export function oneAtATimeAcrossInstances(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const id = ctx.chat?.id ?? ctx.from?.id;
    if (id === undefined) return next();
    const key = `${ctx.app.config.QUEUE_PREFIX}:chat-lock:${id}`;
    const token = randomUUID();
    const holdMs = ctx.app.config.BOT_HANDLER_TIMEOUT_MS + HOLD_MARGIN_MS;
    // the events queue's own connection (ioredis): no connection of its own per update
    const redis = (await ctx.app.events.client) as unknown as Redis;
    const started = Date.now();
    let held = false;
    let tries = 0;
    try {
      for (let wait = 5; !held && Date.now() - started < holdMs; wait = Math.min(50, wait * 2)) {
        held = (await redis.set(key, token, "PX", holdMs, "NX")) === "OK";
        if (!held) {
          tries++;
          await sleep(wait);
        }
      }
    } catch (error) {
      ctx.app.logger.warn({ message: (error as Error).message }, "chat lock unavailable");
    }
    metrics.chatLockSeconds.observe({ waited: tries > 0 ? "yes" : "no" }, (Date.now() - started) / 1000);
    try {
      await next();
    } finally {
      if (held) await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  };
}
