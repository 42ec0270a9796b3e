import type { Redis } from "ioredis";

/**
 * Telegram's limits, kept in Redis so they hold across worker processes and restarts:
 * - at most `perSecond` sends in any sliding second, overall (a log of send times in a sorted set);
 * - at most one send per `chatIntervalMs` to the same chat (a key per chat with a TTL).
 *
 * Times are measured where Telegram would see them. A reserved send counts as "in flight" (score in
 * the future, so it is never pruned) until `done`, which re-stamps it with the moment Telegram
 * answered; the chat key is renewed from that moment too. So two sends can never be closer at the
 * server than the limits, however long a request takes. One atomic script per reservation, using
 * Redis's clock, so every process agrees on "now".
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max, window, interval, inflight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5])
local chatWait = redis.call('PTTL', KEYS[2])
if chatWait > 0 then
  -- "f": a send to this chat is in flight; it frees one interval after it ends, not at the TTL
  if redis.call('GET', KEYS[2]) == 'f' then chatWait = math.min(chatWait, math.max(interval, 50)) end
  return {chatWait, 1}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= max then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local score = tonumber(oldest[2])
  -- an in-flight entry frees its slot a full window after it completes, so never before now + window
  local wait = window
  if score <= now then wait = score + window - now end
  return {math.max(1, wait), 2}
end
redis.call('ZADD', KEYS[1], now + inflight, ARGV[4])
redis.call('PEXPIRE', KEYS[1], inflight + window)
if interval > 0 then redis.call('SET', KEYS[2], 'f', 'PX', inflight + interval) end
return {0, 0}
`;

const DONE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
local block = tonumber(ARGV[2])
if block > 0 then redis.call('SET', KEYS[2], 'd', 'PX', block) else redis.call('DEL', KEYS[2]) end
return now
`;

/**
 * Pacing: each send books the next free moment, one every 1000 / perSecond ms (Redis clock), so
 * sends are spread evenly instead of leaving in bursts of `perSecond`. Fewer requests are in flight
 * at any moment, which also keeps the crash window of exactly-once small.
 */
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(slot + tonumber(ARGV[1])), 'PX', 60000)
return tostring(slot - now)
`;

const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`;

type Scripted = Redis & {
  rematchReserve(window: string, chat: string, ...args: (string | number)[]): Promise<[number, number]>;
  rematchDone(window: string, chat: string, member: string, blockMs: number): Promise<number>;
  rematchRelease(window: string, chat: string, member: string): Promise<number>;
  rematchPace(key: string, spacingMs: number): Promise<string>;
};

export interface LimiterOptions {
  perSecond: number;
  chatIntervalMs: number;
  /** longest a send may count as in flight (a crashed sender's slot frees after this) */
  inFlightMs?: number;
}

export type Reservation = { ok: true } | { ok: false; waitMs: number; reason: "chat" | "global" };

export class SendLimiter {
  private readonly redis: Scripted;
  private readonly window: string;
  private readonly inFlightMs: number;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly options: LimiterOptions,
  ) {
    if (!("rematchReserve" in redis)) {
      redis.defineCommand("rematchReserve", { numberOfKeys: 2, lua: RESERVE });
      redis.defineCommand("rematchDone", { numberOfKeys: 2, lua: DONE });
      redis.defineCommand("rematchRelease", { numberOfKeys: 2, lua: RELEASE });
      redis.defineCommand("rematchPace", { numberOfKeys: 1, lua: PACE });
    }
    this.redis = redis as Scripted;
    this.window = `${prefix}:limiter:window`;
    this.inFlightMs = options.inFlightMs ?? 15_000;
  }

  private chatKey(chatId: bigint | string): string {
    return `${this.prefix}:limiter:chat:${chatId}`;
  }

  /** Books this send's moment in the even schedule: how long to wait before `reserve`. */
  async pace(): Promise<number> {
    const wait = await this.redis.rematchPace(`${this.prefix}:limiter:pace`, 1000 / this.options.perSecond);
    return Math.max(0, Number(wait));
  }

  /** Takes a slot for `member` (unique per attempt) if both limits allow it now. */
  async reserve(chatId: bigint, member: string): Promise<Reservation> {
    const [waitMs, reason] = await this.redis.rematchReserve(
      this.window,
      this.chatKey(chatId),
      this.options.perSecond,
      1000,
      this.options.chatIntervalMs,
      member,
      this.inFlightMs,
    );
    if (waitMs === 0) return { ok: true };
    return { ok: false, waitMs, reason: reason === 1 ? "chat" : "global" };
  }

  /**
   * The send is over (Telegram answered, or it failed): the slot counts from now, and the chat
   * stays closed for the chat interval, or `blockMs` if Telegram asked us to wait longer.
   */
  async done(chatId: bigint, member: string, blockMs = 0): Promise<void> {
    await this.redis.rematchDone(
      this.window,
      this.chatKey(chatId),
      member,
      Math.max(blockMs, this.options.chatIntervalMs),
    );
  }

  /** A reserved slot that was not used (nothing was sent): both limits are as if it never was. */
  async release(chatId: bigint, member: string): Promise<void> {
    await this.redis.rematchRelease(this.window, this.chatKey(chatId), member);
  }
}
