import { describe, expect, it } from "vitest";
import { Buckets } from "../../core/throttle";

describe("token buckets (core/throttle.ts)", () => {
  it("lets a burst through, then one per interval, per key: one person's flood leaves others alone", () => {
    const b = new Buckets(3, 1000);
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => b.take("flood", t0))).toEqual([true, true, true, false]);
    expect(b.take("other", t0)).toBe(true);
    expect(b.take("flood", t0 + 999)).toBe(false);
    expect(b.take("flood", t0 + 1000)).toBe(true);
    expect(b.take("flood", t0 + 4000)).toBe(true); // refilled (up to the burst)
  });

  it("spaces a chat's replies: the burst at once, then one a second", () => {
    const b = new Buckets(2, 1000);
    const t0 = 5_000_000;
    expect([1, 2, 3, 4].map(() => b.reserve(42, t0))).toEqual([0, 0, 1000, 2000]);
    expect(b.reserve(43, t0)).toBe(0);
    expect(b.reserve(42, t0 + 3000)).toBe(0);
  });
});
