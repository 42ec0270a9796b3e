/**
 * A token bucket per key (pure: the caller passes the clock). `take` says whether one more event
 * fits now; `wait` how long until one does. Used per person for incoming updates and per chat for
 * the bot's replies (bot/middleware/throttle.ts).
 */
export class Buckets {
  private readonly buckets = new Map<string | number, { tokens: number; at: number }>();

  /** `burst` events at once, then one per `intervalMs`. */
  constructor(
    private readonly burst: number,
    private readonly intervalMs: number,
  ) {}

  private refill(key: string | number, now: number) {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    const gained = this.intervalMs > 0 ? (now - b.at) / this.intervalMs : Number.POSITIVE_INFINITY;
    b.tokens = Math.min(this.burst, b.tokens + gained);
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  /** Takes one token if there is one. */
  take(key: string | number, now: number): boolean {
    const b = this.refill(key, now);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Reserves the next token and returns how long to wait for it (0: now). */
  reserve(key: string | number, now: number): number {
    const b = this.refill(key, now);
    b.tokens -= 1;
    return b.tokens >= 0 ? 0 : Math.ceil(-b.tokens * this.intervalMs);
  }

  /** Forgets buckets that are full again (called now and then, so memory stays bounded). */
  prune(now: number): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.refill(key, now).tokens >= this.burst) this.buckets.delete(key);
    }
  }
}
