import { z } from "zod";
import { capacitySchema, factorContributionSchema, reasonCodeSchema } from "../../core/matching/model";

/** A caseworker's change to one household's place before approval (shared/rounds/overrides.ts). */
export const overrideSchema = z.object({
  intakeId: z.string(),
  /** the municipality it had, and the one it has now (null: not placed / taken out of the round) */
  from: z.string().nullable(),
  to: z.string().nullable(),
  staffId: z.string(),
  at: z.string(),
  welfareChange: z.number(),
});
export type Override = z.infer<typeof overrideSchema>;

/**
 * One method's figures for the caseworker, beside the others. Rounds computed before these
 * were stored have only people and welfare for the baselines (the rest reads as null).
 */
export const methodFiguresSchema = z.object({
  people: z.number(),
  welfare: z.number(),
  households: z.number().nullable().default(null),
  firstChoiceShare: z.number().nullable().default(null),
  topThreeShare: z.number().nullable().default(null),
  averageRank: z.number().nullable().default(null),
  /** households that would rather be in a municipality that took someone of lower priority there */
  justifiedEnvy: z.number().nullable().default(null),
});
export type MethodFigures = z.infer<typeof methodFiguresSchema>;

/**
 * What a computed round keeps in Round.result: the optimal assignment with its explanations,
 * the report's figures, and the baselines' figures. Validated when read back.
 */
export const storedResultSchema = z.object({
  assignments: z.array(
    z.object({
      intakeId: z.string(),
      municipalityId: z.string(),
      welfare: z.number(),
      rank: z.number(),
      factors: z.array(factorContributionSchema),
      /** what the household takes of the municipality's capacity, and its persons (rounds before
       * these were stored have neither; their offers rebuild them from the answers) */
      persons: z.number().int().optional(),
      demand: capacitySchema.optional(),
    }),
  ),
  unplaced: z.array(
    z.object({
      intakeId: z.string(),
      persons: z.number(),
      reasons: z.array(reasonCodeSchema),
      /** taken out of the round by a caseworker before approval */
      removed: z.boolean().default(false),
    }),
  ),
  /** what caseworkers changed before approval, in order (rounds from before overrides have none) */
  overrides: z.array(overrideSchema).default([]),
  report: z.object({
    households: z.object({ total: z.number(), placed: z.number() }),
    people: z.object({ total: z.number(), placed: z.number() }),
    firstChoiceShare: z.number(),
    topThreeShare: z.number(),
    averageRank: z.number().nullable(),
    welfare: z.number(),
    gap: z.number(),
    seconds: z.number(),
    /** The time limit, not the work budget, ended the search: a rerun may differ slightly. */
    cutShort: z.boolean().default(false),
    /** justified envy under the optimal assignment as computed (null: older round, or changed by overrides) */
    justifiedEnvy: z.number().nullable().default(null),
    /** what the gap is measured against (docs/matching.md, "How good is the answer") */
    bound: z.enum(["lp", "mip", "lagrangian"]).nullable().default(null),
    baselines: z.object({
      fcfs: methodFiguresSchema,
      deferredAcceptance: methodFiguresSchema,
    }),
    capacity: z.array(
      z.object({
        municipalityId: z.string(),
        used: z.record(z.string(), z.number()),
        capacity: z.record(z.string(), z.number()),
      }),
    ),
  }),
});
export type StoredResult = z.infer<typeof storedResultSchema>;

/** The optimal method's figures, in the shape of the baselines' (report and console show them side by side). */
export function optimalFigures(r: StoredResult["report"]): MethodFigures {
  return {
    people: r.people.placed,
    welfare: r.welfare,
    households: r.households.placed,
    firstChoiceShare: r.firstChoiceShare,
    topThreeShare: r.topThreeShare,
    averageRank: r.averageRank,
    justifiedEnvy: r.justifiedEnvy,
  };
}
