import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness";

/** One person's flood is dropped, not queued: another person's /help is answered; replies per chat are paced. */
let h: Harness;

beforeAll(async () => {
  h = await createHarness({
    PERSON_BURST: "5",
    PERSON_INTERVAL_MS: "60000",
    BOT_CHAT_BURST: "2",
    BOT_CHAT_INTERVAL_MS: "300",
  });
  await h.processes.start("bot");
});

afterAll(async () => {
  await h?.close();
});

describe("throttling", () => {
  it("drops one person's flood beyond the burst with one note, answers others, and paces replies per chat", async () => {
    const en = h.i18n.t("en");
    const flooder = h.user(7801, "Flood", "en");
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push(flooder.sendLater(`message ${i}`));
    const other = h.user(7802, "Other", "de");
    const [help] = await other.say("/help");
    expect(help?.text).toBe(h.i18n.t("de")("help.text"));
    await h.emulator.handled(ids.at(-1) ?? 0);

    const replies = h.emulator.messages(7801);
    expect(replies.filter((m) => m.text === en("welcome.not_started"))).toHaveLength(5);
    expect(replies.filter((m) => m.text === en("fallback.slow_down"))).toHaveLength(1);
    // a burst of two, then about one per 300 ms: in any stretch, at most 2 + (its length / 300 ms)
    // messages (one more for the moments a send is booked before the emulator records it)
    const at = replies.map((m) => m.at);
    for (let i = 0; i < at.length; i++)
      for (let j = i + 1; j < at.length; j++)
        expect(j - i + 1).toBeLessThanOrEqual(2 + ((at[j] ?? 0) - (at[i] ?? 0)) / 300 + 1);
    expect((at.at(-1) ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(900);
  });
});
