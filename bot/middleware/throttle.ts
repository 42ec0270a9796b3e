import type { MiddlewareFn, Telegram } from "telegraf";
import { defaultLanguage } from "../../core/languages";
import { Buckets } from "../../core/throttle";
import type { BotContext } from "../context";

/**
 * One person's flood must not delay anyone else: beyond `burst` updates, one per `intervalMs` is
 * handled; the rest are dropped at once (not queued behind their chat), with a single "slow down"
 * note per flood. Runs before the per-chat queue.
 */
export function throttlePerPerson(burst: number, intervalMs: number): MiddlewareFn<BotContext> {
  const buckets = new Buckets(burst, intervalMs);
  const warned = new Set<number>();
  let pruned = Date.now();
  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined) return next();
    if (Date.now() - pruned > 60_000) {
      buckets.prune(Date.now());
      pruned = Date.now();
    }
    if (buckets.take(id, Date.now())) {
      warned.delete(id);
      return next();
    }
    if (warned.has(id)) return;
    warned.add(id);
    // before the person is loaded: in their Telegram language
    const t = ctx.app.i18n.t(defaultLanguage(ctx.from?.language_code));
    await ctx.reply(t("fallback.slow_down")).catch(() => undefined);
  };
}

const SENDS = new Set([
  "sendMessage",
  "sendDocument",
  "sendPhoto",
  "sendMediaGroup",
  "sendVoice",
  "sendVideo",
  "sendAnimation",
  "sendSticker",
  "copyMessage",
  "forwardMessage",
]);

/**
 * The bot's own messages respect Telegram's limit per chat (about one a second): a short burst
 * goes at once, then each message to that chat waits its turn. Edits and button answers are not
 * messages and are not held. Telegraf gives every update a Telegram client of its own, so the
 * middleware paces each of them (and `telegram`, the bot's own) with the same buckets.
 */
export function paceReplies(telegram: Telegram, burst: number, intervalMs: number): MiddlewareFn<BotContext> {
  if (intervalMs <= 0) return (_ctx, next) => next();
  const buckets = new Buckets(burst, intervalMs);
  let pruned = Date.now();
  const paced = new WeakSet<Telegram>();
  const pace = (client: Telegram) => {
    if (paced.has(client)) return;
    paced.add(client);
    const call = client.callApi.bind(client);
    client.callApi = (async (method: string, payload: { chat_id?: number | string }, options?: unknown) => {
      if (Date.now() - pruned > 60_000) {
        buckets.prune(Date.now());
        pruned = Date.now();
      }
      if (SENDS.has(method) && payload?.chat_id !== undefined) {
        const wait = buckets.reserve(payload.chat_id, Date.now());
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      return call(method as never, payload as never, options as never);
    }) as Telegram["callApi"];
  };
  pace(telegram);
  return (ctx, next) => {
    pace(ctx.telegram);
    return next();
  };
}
