/**
 * Why each household got what it got, as structured data (ids and numbers, no prose):
 * the bot turns factor ids and reason codes into sentences in the user's language.
 *
 * Placed: the welfare factors of the chosen municipality, largest contribution first,
 * and its rank in the household's preference order.
 * Unplaced: for every municipality, what ruled it out — a hard constraint
 * (no_medical_care, no_accessible_unit, no_pets, relatives_required, or a household
 * larger than the municipality's whole capacity: no_capacity_<dimension>), or capacity
 * already used by the households placed there (no_capacity_<dimension>). If nothing
 * rules a municipality out, the method simply did not choose it (not_selected): with
 * the optimal method this cannot happen when the people stage is proven optimal, since
 * placing the household there would place more people.
 */
import {
  DIMENSIONS,
  type Household,
  type Municipality,
  type PlacedExplanation,
  REASON_CODES,
  type ReasonCode,
  type Specialty,
  type UnplacedExplanation,
} from "./model";
import {
  DIMENSION_COUNT as D,
  explainWelfare,
  type MatchingContext,
  preferenceRank,
  remainingCapacity,
  staticBlockers,
  welfareParts,
} from "./welfare";

export function explainPlaced(ctx: MatchingContext, assignment: Int32Array): PlacedExplanation[] {
  const out: PlacedExplanation[] = [];
  assignment.forEach((j, i) => {
    if (j < 0) return;
    out.push({
      householdId: (ctx.households[i] as Household).id,
      municipalityId: (ctx.municipalities[j] as Municipality).id,
      welfare: ctx.welfare[i * ctx.M + j] as number,
      rank: preferenceRank(ctx, i, j),
      factors: explainWelfare(ctx, i, j),
      parts: welfareParts(ctx, i, j),
    });
  });
  return out;
}

/** What rules municipality j out for unplaced household i, given the remaining capacity. */
function blockers(ctx: MatchingContext, remaining: Int32Array, i: number, j: number): ReasonCode[] {
  const reasons = staticBlockers(ctx, i, j);
  if (reasons.length > 0) return reasons;
  DIMENSIONS.forEach((d, k) => {
    if ((ctx.demand[i * D + k] as number) > (remaining[j * D + k] as number))
      reasons.push(`no_capacity_${d}`);
  });
  if (reasons.length > 0) return reasons;
  return ["not_selected"];
}

export function explainUnplaced(ctx: MatchingContext, assignment: Int32Array): UnplacedExplanation[] {
  const remaining = remainingCapacity(ctx, assignment);
  const offered = new Set<Specialty>(ctx.municipalities.flatMap((m) => m.services.medicalSpecialties));
  const out: UnplacedExplanation[] = [];
  assignment.forEach((j, i) => {
    if (j >= 0) return;
    const h = ctx.households[i] as Household;
    const counts = new Map<ReasonCode, number>();
    const byMunicipality = ctx.municipalities.map((m, k) => {
      const reasons = blockers(ctx, remaining, i, k);
      for (const code of reasons) counts.set(code, (counts.get(code) ?? 0) + 1);
      return { municipalityId: m.id, reasons };
    });
    const reasonCounts = [...counts]
      .sort(([a, na], [b, nb]) => nb - na || REASON_CODES.indexOf(a) - REASON_CODES.indexOf(b))
      .map(([code, municipalities]) => ({ code, municipalities }));
    out.push({
      householdId: h.id,
      reasons: reasonCounts.map((r) => r.code),
      reasonCounts,
      missingSpecialties: h.medicalNeeds.filter((s) => !offered.has(s)),
      byMunicipality,
    });
  });
  return out;
}
