import {
  type FactorContribution,
  type Household,
  type MatchingOptions,
  type Municipality,
  matchingOptionsSchema,
  type ReasonCode,
} from "./model";
import { buildContext, explainWelfare, preferenceRank, staticBlockers } from "./welfare";

/**
 * One household against each municipality of a round, by the engine's own rules: whether the
 * pair is allowed at all (the hard constraints; capacity taken by others is checked by the
 * caller), and what it is worth to the household (welfare, its rank, the deciding factors).
 * For caseworkers who move one household before approving a round.
 */
export interface PairAssessment {
  municipalityId: string;
  eligible: boolean;
  reasons: ReasonCode[];
  welfare: number;
  rank: number;
  factors: FactorContribution[];
}

export function assessHousehold(
  household: Household,
  municipalities: Municipality[],
  options: MatchingOptions = {},
): PairAssessment[] {
  const ctx = buildContext([household], municipalities, matchingOptionsSchema.parse(options));
  return municipalities.map((m, j) => {
    const reasons = staticBlockers(ctx, 0, j);
    const eligible = reasons.length === 0;
    return {
      municipalityId: m.id,
      eligible,
      reasons,
      welfare: ctx.welfare[j] as number,
      rank: eligible ? preferenceRank(ctx, 0, j) : 0,
      factors: explainWelfare(ctx, 0, j),
    };
  });
}
