import { context, solve } from "../../core/matching/index";
import { loadHighs } from "../../core/matching/solver/highs";
import { solveLp } from "../../core/matching/solver/master";
import { syntheticCohort } from "../../core/matching/testing/synthetic";

/**
 * A seeded cohort's engine context and its people LP bound (whole): the "people ≥ P" that
 * the welfare stage's bounds are tested for; `deadline` is a generous safety stop.
 */
export async function withPeopleBound(
  households: number,
  municipalities: number,
  seed: number,
  scarce: boolean,
) {
  const highs = await loadHighs();
  const cohort = syntheticCohort({ households, municipalities, seed, ...(scarce ? { scarce: 0.85 } : {}) });
  const ctx = context(cohort.households, cohort.municipalities);
  const deadline = performance.now() + 30_000;
  const people = Math.floor(solveLp(highs, ctx, "people", 0, deadline).bound + 1e-6);
  return { highs, ctx, people, deadline };
}

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
