import { z } from "zod";
import { capacitySchema, factorContributionSchema, reasonCodeSchema } from "../../core/matching/model";

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
    z.object({ intakeId: z.string(), persons: z.number(), reasons: z.array(reasonCodeSchema) }),
  ),
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
    baselines: z.object({
      fcfs: z.object({ people: z.number(), welfare: z.number() }),
      deferredAcceptance: z.object({ people: z.number(), welfare: z.number() }),
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
