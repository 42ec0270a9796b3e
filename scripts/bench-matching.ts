// npm run bench:matching [-- --sizes pilot,regional,national] [--seeds N] [--twice]
//
// Seeded synthetic cohorts (core/matching/testing/synthetic.ts) at three sizes, all three methods.
// Per run: wall time of the optimal method, its people and welfare with their proven
// bounds and gaps, why it stopped, and the two baselines' people and welfare. --twice runs
// every cohort a second time and says whether the assignment was the same. The figures in
// docs/matching.md come from this script on the project's 2-core CI machine.
import { parseArgs } from "node:util";
import { type MatchingComparison, matchAll } from "../core/matching/index";
import { loadHighs } from "../core/matching/solver/highs";
import { syntheticCohort } from "../core/matching/testing/synthetic";

interface Size {
  name: string;
  households: number;
  municipalities: number;
  /**
   * Time limit of the optimal method (for the decomposition only a safety stop: its work
   * budget, not the clock, ends the search), and the gap at which it may stop early.
   */
  timeLimitSeconds: number;
  mipRelGap: number;
}

const SIZES: Record<string, Size> = {
  pilot: { name: "pilot", households: 100, municipalities: 6, timeLimitSeconds: 60, mipRelGap: 0 },
  regional: {
    name: "regional",
    households: 1_000,
    municipalities: 50,
    timeLimitSeconds: 120,
    mipRelGap: 0.01,
  },
  national: {
    name: "national",
    households: 10_000,
    municipalities: 400,
    timeLimitSeconds: 120,
    mipRelGap: 0.01,
  },
};

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "pilot,regional,national" },
    seeds: { type: "string", default: "1" },
    twice: { type: "boolean", default: false },
  },
});
const sizes = (values.sizes ?? "").split(",").map((name) => {
  const size = SIZES[name.trim()];
  if (!size) {
    console.error(`unknown size "${name}" (expected ${Object.keys(SIZES).join(", ")})`);
    process.exit(1);
  }
  return size;
});
const seeds = Array.from({ length: Math.max(1, Number(values.seeds) || 1) }, (_, k) => k + 1);

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const row = (cells: (string | number)[]) => cells.map((c) => String(c).padStart(10)).join(" ");

function line(size: Size, seed: number, r: MatchingComparison): string {
  const s = r.optimal.solver;
  if (!s) throw new Error("the optimal method reported no solver figures");
  return row([
    `${size.name}#${seed}`,
    `${size.households}×${size.municipalities}`,
    s.strategy,
    (s.timeMs.total / 1000).toFixed(2),
    s.stoppedBy,
    `${s.people.value}/${s.people.bound}`,
    pct(s.people.gap),
    s.welfare.value,
    s.welfare.lpBound.toFixed(1),
    pct(s.welfare.gap),
    s.welfare.mipGap === null ? "-" : pct(s.welfare.mipGap),
    `${r.fcfs.metrics.people.placed}/${r.fcfs.metrics.totalWelfare}`,
    `${r.deferredAcceptance.metrics.people.placed}/${r.deferredAcceptance.metrics.totalWelfare}`,
  ]);
}

const t0 = performance.now();
await loadHighs();
console.log(
  `HiGHS WebAssembly loaded in ${(performance.now() - t0).toFixed(0)} ms (once per process, not in the times below)`,
);
console.log(
  row([
    "run",
    "size",
    "strategy",
    "seconds",
    "stopped",
    "people",
    "people gap",
    "welfare",
    "LP bound",
    "gap",
    "HiGHS gap",
    "FCFS p/w",
    "DA p/w",
  ]),
);
for (const size of sizes) {
  for (const seed of seeds) {
    const cohort = syntheticCohort({
      households: size.households,
      municipalities: size.municipalities,
      seed,
    });
    const started = performance.now();
    const result = await matchAll(cohort.households, cohort.municipalities, {
      timeLimitSeconds: size.timeLimitSeconds,
      mipRelGap: size.mipRelGap,
    });
    const wall = (performance.now() - started) / 1000;
    console.log(`${line(size, seed, result)}   (all three methods with explanations: ${wall.toFixed(1)} s)`);
    if (values.twice) {
      const again = await matchAll(cohort.households, cohort.municipalities, {
        timeLimitSeconds: size.timeLimitSeconds,
        mipRelGap: size.mipRelGap,
      });
      const same = JSON.stringify(again.optimal.assignments) === JSON.stringify(result.optimal.assignments);
      console.log(
        `${line(size, seed, again)}   (second run: ${same ? "same assignment" : "DIFFERENT assignment"})`,
      );
    }
  }
}
console.log(
  "people: placed/bound; welfare gap = (bound − welfare)/welfare against the bound in 'LP bound' rounded down " +
    "(exact: LP optimum and HiGHS' MIP bound; decomposition: Lagrangian bound over all pairs, ≥ the LP optimum).",
);
