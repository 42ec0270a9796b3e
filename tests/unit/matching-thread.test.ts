import { describe, expect, it } from "vitest";
import { matchAll } from "../../core/matching/index";
import { household, municipality, syntheticCohort } from "../../core/matching/testing/synthetic";
import { matchingEngine } from "../../worker/rounds/engine";

describe("the worker's matching thread", () => {
  it("gives the same result as the engine itself, with progress in order up to 100", async () => {
    const { households, municipalities } = syntheticCohort({ households: 40, municipalities: 4, seed: 2 });
    const seen: number[] = [];
    const threaded = await matchingEngine(households, municipalities, {}, (p) => seen.push(p));
    const direct = await matchAll(households, municipalities, {});
    expect(threaded.optimal.assignments).toEqual(direct.optimal.assignments);
    expect(threaded.fcfs.metrics).toEqual(direct.fcfs.metrics);
    expect(seen).toEqual([0, 10, 50, 90, 100]);
  }, 30_000);

  it("leaves the worker's event loop free while it computes", async () => {
    // Pilot size: seconds of HiGHS branch and bound. On the main thread no timer could fire meanwhile.
    const { households, municipalities } = syntheticCohort({ households: 100, municipalities: 6, seed: 1 });
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 20);
    const started = performance.now();
    await matchingEngine(households, municipalities, {});
    const ended = performance.now();
    clearInterval(timer);
    const moments = [started, ...ticks, ended];
    const longestPause = Math.max(...moments.slice(1).map((t, k) => t - (moments[k] as number)));
    expect(ended - started).toBeGreaterThan(500);
    expect(longestPause).toBeLessThan(500);
  }, 60_000);

  it("turns an error in the thread into a rejection", async () => {
    const twins = [household("same"), household("same")];
    await expect(matchingEngine(twins, [municipality("x")], {})).rejects.toThrow(/duplicate household id/);
  }, 30_000);
});
