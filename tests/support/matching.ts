import { solve } from "../../core/matching/index";
import { syntheticCohort } from "../../core/matching/testing/synthetic";

/**
 * A scarce 150 × 12 cohort (about 1,500 eligible pairs) solved by the exact strategy and by
 * the decomposition at `effort`, which scales the decomposition's size limits: at 0.01 the
 * round is beyond the whole LP's size, at 0.001 beyond the core's too.
 */
export async function exactAndDecomposed(seed: number, effort: number) {
  const cohort = syntheticCohort({ households: 150, municipalities: 12, seed, scarce: 0.85 });
  const exact = await solve(cohort.households, cohort.municipalities, {
    strategy: "exact",
    timeLimitSeconds: 60,
  });
  const decomposed = await solve(cohort.households, cohort.municipalities, {
    strategy: "decomposition",
    effort,
    timeLimitSeconds: 60,
  });
  return { exact, decomposed };
}
