/**
 * The welfare formula, the hard constraints, and the preference order, shared by the
 * exact solver, the baselines, the explanations and the metrics.
 *
 * WELFARE of household h in municipality m (integer points, per household):
 *
 *   W(h, m) = Σ over factors f of  weight_f(h) × score_f(h, m)      (each score 0–10)
 *
 *   factor     weight                              score (0–10)
 *   ranking    3 (fixed)                           10·(L−k)/L for the k-th (0-based) of the L
 *                                                  ranked municipalities present; 0 if unranked
 *   relatives  2 + importance.relatives  (2–5)     10 if relatives live in m, else 0
 *   work       importance.work                     10 × share of the household's sectors in demand in m
 *   schools    importance.schools                  10 if the household has children and m runs
 *                                                  welcome classes / bridging childcare, else 0
 *   medical    importance.medical                  10 × share of the 10 specialties m offers
 *   community  importance.community                10·log10(1 + Ukrainian residents)/4, capped at 10
 *   citySize   importance.citySize                 10 if m's size is the preferred one, else 0
 *                                                  (0 when the preference is "any")
 *   courses    1 (fixed)                           5 per course type offered (language, integration)
 *
 * Every score is rounded to a whole number, so W is an integer from 0 to 240. Relatives
 * weigh strongly: even at importance 0 they are worth 20 points, at importance 3 they are
 * worth 50, more than a first rank (30). Welfare is per household, not per person: the
 * people count is maximised first, separately (see solver/solve.ts).
 *
 * TIE-BREAK: tie(h, m) = δ · (seniority(h) + hash(h.id, m.id)) / 2 with δ = 0.5 / H,
 * seniority = (H − i)/H for the i-th household by (registeredAt, id) and hash ∈ [0, 1)
 * an FNV-1a hash of the two ids. Summed over any assignment it stays below 0.5 < 1, the
 * smallest possible welfare difference, so it never changes the welfare-optimal value:
 * among equally good assignments it prefers earlier registrations, then an arbitrary but
 * fixed pairing. It depends only on ids and dates, never on the input order.
 */
import {
  type Capacity,
  DIMENSIONS,
  type Dimension,
  FACTORS,
  type Factor,
  type FactorContribution,
  type Household,
  type Municipality,
  type ReasonCode,
  type ResolvedOptions,
  SECTORS,
  SPECIALTIES,
} from "./model";

export const RANKING_WEIGHT = 3;
export const RELATIVES_BASE_WEIGHT = 2;
export const COURSES_WEIGHT = 1;
export const MAX_SCORE = 10;

const D = DIMENSIONS.length;

/** The housing-unit dimension a household of this size uses. */
export function sizeClass(persons: number): Dimension {
  if (persons <= 2) return "units1to2";
  if (persons <= 4) return "units3to4";
  return "units5plus";
}

/** What a household uses of each capacity dimension. */
export function demandOf(h: Household): Capacity {
  return {
    persons: h.persons,
    units1to2: sizeClass(h.persons) === "units1to2" ? 1 : 0,
    units3to4: sizeClass(h.persons) === "units3to4" ? 1 : 0,
    units5plus: sizeClass(h.persons) === "units5plus" ? 1 : 0,
    schoolPlaces: h.schoolChildren,
    kindergartenPlaces: h.kindergartenChildren,
    accessibleUnits: h.needsAccessibleUnit ? 1 : 0,
  };
}

function bitmask<T extends string>(universe: readonly T[], items: readonly T[]): number {
  let mask = 0;
  for (const item of items) mask |= 1 << universe.indexOf(item);
  return mask;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** FNV-1a, 32 bit: a stable hash that does not depend on the platform. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes two 32-bit hashes into a number in [0, 1). */
function mix(a: number, b: number): number {
  let x = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 32;
}

export function communityScore(residents: number): number {
  return Math.min(MAX_SCORE, Math.round((MAX_SCORE * Math.log10(1 + residents)) / 4));
}

/** Ranking score of position k (0-based) among L ranked municipalities. */
export function rankingScore(k: number, L: number): number {
  return Math.round((MAX_SCORE * (L - k)) / L);
}

/** What the formula needs of a household, precomputed once. */
interface HouseholdFeatures {
  sectors: number;
  sectorCount: number;
  needs: number;
  hasChildren: boolean;
  importance: Household["importance"];
  preferredCitySize: Household["preferredCitySize"];
}

/** What the formula needs of a municipality, precomputed once. */
interface MunicipalityFeatures {
  sectors: number;
  specialties: number;
  welcomeClasses: boolean;
  medicalScore: number;
  communityScore: number;
  coursesScore: number;
  citySize: Municipality["services"]["citySize"];
}

function householdFeatures(h: Household): HouseholdFeatures {
  const sectors = bitmask(SECTORS, h.jobSectors);
  return {
    sectors,
    sectorCount: popcount(sectors),
    needs: bitmask(SPECIALTIES, h.medicalNeeds),
    hasChildren: h.schoolChildren + h.kindergartenChildren > 0,
    importance: h.importance,
    preferredCitySize: h.preferredCitySize,
  };
}

function municipalityFeatures(m: Municipality): MunicipalityFeatures {
  const s = m.services;
  return {
    sectors: bitmask(SECTORS, s.jobSectors),
    specialties: bitmask(SPECIALTIES, s.medicalSpecialties),
    welcomeClasses: s.welcomeClasses,
    medicalScore: Math.round((MAX_SCORE * s.medicalSpecialties.length) / SPECIALTIES.length),
    communityScore: communityScore(s.ukrainianCommunity),
    coursesScore: (s.languageCourses ? 5 : 0) + (s.integrationCourses ? 5 : 0),
    citySize: s.citySize,
  };
}

/** Factor order of the `scores` buffer: weight at 2f, score at 2f + 1. */
export const FACTOR_LIST: readonly Factor[] = FACTORS;

/**
 * Writes (weight, score) of every factor into `out`, in FACTOR_LIST order. The single
 * implementation of the formula: the welfare matrix and the explanations both use it.
 */
function fillScores(
  out: Int32Array,
  h: HouseholdFeatures,
  m: MunicipalityFeatures,
  rankScore: number,
  relativesHere: boolean,
): void {
  const w = h.importance;
  const work =
    h.sectorCount === 0 ? 0 : Math.round((MAX_SCORE * popcount(h.sectors & m.sectors)) / h.sectorCount);
  const citySizeMatch = h.preferredCitySize !== "any" && h.preferredCitySize === m.citySize;
  out[0] = RANKING_WEIGHT;
  out[1] = rankScore;
  out[2] = RELATIVES_BASE_WEIGHT + w.relatives;
  out[3] = relativesHere ? MAX_SCORE : 0;
  out[4] = w.work;
  out[5] = work;
  out[6] = w.schools;
  out[7] = h.hasChildren && m.welcomeClasses ? MAX_SCORE : 0;
  out[8] = w.medical;
  out[9] = m.medicalScore;
  out[10] = w.community;
  out[11] = m.communityScore;
  out[12] = w.citySize;
  out[13] = citySizeMatch ? MAX_SCORE : 0;
  out[14] = COURSES_WEIGHT;
  out[15] = m.coursesScore;
}

function sumPoints(scores: Int32Array): number {
  let sum = 0;
  for (let f = 0; f < FACTOR_LIST.length; f++)
    sum += (scores[2 * f] as number) * (scores[2 * f + 1] as number);
  return sum;
}

/**
 * Everything the methods need about one matching problem, precomputed once:
 * flat H×M matrices (row = household) so that national scale (4M pairs) stays fast.
 */
export interface MatchingContext {
  households: Household[];
  municipalities: Municipality[];
  options: ResolvedOptions;
  H: number;
  M: number;
  /** H×D: what each household uses per dimension, in DIMENSIONS order. */
  demand: Int32Array;
  /** M×D: each municipality's capacity per dimension. */
  capacity: Int32Array;
  /** H×M: 1 when the pair satisfies every hard constraint taken alone. */
  eligible: Uint8Array;
  /** H×M: welfare points. */
  welfare: Int32Array;
  /** H×M: 1 when the household has relatives in the municipality. */
  relatives: Uint8Array;
  /** H×M: position in the household's ranking (0-based), −1 if unranked. */
  rankPosition: Int32Array;
  /** H: number of ranked municipalities present in this round. */
  rankedCount: Int32Array;
  /** H: seniority in (0, 1], 1 for the earliest registration. */
  seniority: Float64Array;
  /** H: household positions sorted by (registeredAt, id). */
  registrationOrder: Int32Array;
  householdHash: Uint32Array;
  municipalityHash: Uint32Array;
  /** Scale δ of the tie-break term. */
  tieScale: number;
  householdIndex: Map<string, number>;
  municipalityIndex: Map<string, number>;
  householdFeatures: HouseholdFeatures[];
  municipalityFeatures: MunicipalityFeatures[];
}

function indexById(items: { id: string }[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (index.has(item.id)) throw new Error(`duplicate ${what} id "${item.id}"`);
    index.set(item.id, i);
  });
  return index;
}

/** Builds the matching context; throws on duplicate ids. */
export function buildContext(
  households: Household[],
  municipalities: Municipality[],
  options: ResolvedOptions,
): MatchingContext {
  const H = households.length;
  const M = municipalities.length;
  const demand = new Int32Array(H * D);
  households.forEach((h, i) => {
    const use = demandOf(h);
    DIMENSIONS.forEach((d, k) => {
      demand[i * D + k] = use[d];
    });
  });
  const capacity = new Int32Array(M * D);
  municipalities.forEach((m, j) => {
    DIMENSIONS.forEach((d, k) => {
      capacity[j * D + k] = m.capacity[d];
    });
  });
  const registrationOrder = Int32Array.from(households.keys()).sort((a, b) =>
    compareRegistration(households[a] as Household, households[b] as Household),
  );
  const seniority = new Float64Array(H);
  registrationOrder.forEach((i, position) => {
    seniority[i] = (H - position) / H;
  });

  const ctx: MatchingContext = {
    households,
    municipalities,
    options,
    H,
    M,
    demand,
    capacity,
    eligible: new Uint8Array(H * M),
    welfare: new Int32Array(H * M),
    relatives: new Uint8Array(H * M),
    rankPosition: new Int32Array(H * M).fill(-1),
    rankedCount: new Int32Array(H),
    seniority,
    registrationOrder,
    householdHash: Uint32Array.from(households, (h) => fnv1a(h.id)),
    municipalityHash: Uint32Array.from(municipalities, (m) => fnv1a(m.id)),
    tieScale: H > 0 ? 0.5 / H : 0,
    householdIndex: indexById(households, "household"),
    municipalityIndex: indexById(municipalities, "municipality"),
    householdFeatures: households.map(householdFeatures),
    municipalityFeatures: municipalities.map(municipalityFeatures),
  };
  fillPairs(ctx);
  return ctx;
}

/** Earlier registration first; the id settles equal timestamps. */
export function compareRegistration(a: Household, b: Household): number {
  const dt = Date.parse(a.registeredAt) - Date.parse(b.registeredAt);
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function fillPairs(ctx: MatchingContext): void {
  const { households, M } = ctx;
  const scores = new Int32Array(2 * FACTOR_LIST.length);
  for (let i = 0; i < households.length; i++) {
    const h = households[i] as Household;
    const ranked = (h.ranking ?? []).filter((id) => ctx.municipalityIndex.has(id));
    ctx.rankedCount[i] = ranked.length;
    ranked.forEach((id, k) => {
      ctx.rankPosition[i * M + (ctx.municipalityIndex.get(id) as number)] = k;
    });
    for (const id of h.relativesIn) {
      const j = ctx.municipalityIndex.get(id);
      if (j !== undefined) ctx.relatives[i * M + j] = 1;
    }
    for (let j = 0; j < M; j++) {
      ctx.eligible[i * M + j] = isEligible(ctx, i, j) ? 1 : 0;
      pairScores(ctx, i, j, scores);
      ctx.welfare[i * M + j] = sumPoints(scores);
    }
  }
}

function pairScores(ctx: MatchingContext, i: number, j: number, out: Int32Array): void {
  const pos = ctx.rankPosition[i * ctx.M + j] as number;
  const rankScore = pos >= 0 ? rankingScore(pos, ctx.rankedCount[i] as number) : 0;
  fillScores(
    out,
    ctx.householdFeatures[i] as HouseholdFeatures,
    ctx.municipalityFeatures[j] as MunicipalityFeatures,
    rankScore,
    ctx.relatives[i * ctx.M + j] === 1,
  );
}

/** Fast form of `staticBlockers(...).length === 0`, for the H×M matrix. */
function isEligible(ctx: MatchingContext, i: number, j: number): boolean {
  const h = ctx.households[i] as Household;
  const hf = ctx.householdFeatures[i] as HouseholdFeatures;
  const mf = ctx.municipalityFeatures[j] as MunicipalityFeatures;
  if ((hf.needs & ~mf.specialties) !== 0) return false;
  if (h.hasPets && !(ctx.municipalities[j] as Municipality).services.petsAllowed) return false;
  if (h.excludedMunicipalities?.includes((ctx.municipalities[j] as Municipality).id)) return false;
  if (ctx.options.relatives === "require" && h.relativesIn.length > 0 && ctx.relatives[i * ctx.M + j] === 0) {
    return false;
  }
  for (let k = 0; k < D; k++) {
    if ((ctx.demand[i * D + k] as number) > (ctx.capacity[j * D + k] as number)) return false;
  }
  return true;
}

/**
 * Hard constraints that rule the pair out whatever else is placed: medical needs,
 * accessibility, pets, the relatives requirement, and a household bigger than a
 * municipality's whole capacity in some dimension.
 */
export function staticBlockers(ctx: MatchingContext, i: number, j: number): ReasonCode[] {
  const h = ctx.households[i] as Household;
  const m = ctx.municipalities[j] as Municipality;
  const reasons: ReasonCode[] = [];
  if (h.medicalNeeds.some((s) => !m.services.medicalSpecialties.includes(s))) reasons.push("no_medical_care");
  if (h.needsAccessibleUnit && m.capacity.accessibleUnits === 0) reasons.push("no_accessible_unit");
  if (h.excludedMunicipalities?.includes(m.id)) reasons.push("declined");
  if (h.hasPets && !m.services.petsAllowed) reasons.push("no_pets");
  if (ctx.options.relatives === "require" && h.relativesIn.length > 0 && ctx.relatives[i * ctx.M + j] === 0) {
    reasons.push("relatives_required");
  }
  for (let k = 0; k < D; k++) {
    const d = DIMENSIONS[k] as Dimension;
    // A kind of unit the municipality does not have at all is reported as no_accessible_unit.
    if (d === "accessibleUnits" && reasons.includes("no_accessible_unit")) continue;
    if ((ctx.demand[i * D + k] as number) > (ctx.capacity[j * D + k] as number))
      reasons.push(`no_capacity_${d}`);
  }
  return reasons;
}

/** The factor contributions of a pair, largest first; factors worth 0 points are left out. */
export function explainWelfare(ctx: MatchingContext, i: number, j: number): FactorContribution[] {
  const scores = new Int32Array(2 * FACTOR_LIST.length);
  pairScores(ctx, i, j, scores);
  return FACTOR_LIST.map((factor, f) => {
    const weight = scores[2 * f] as number;
    const score = scores[2 * f + 1] as number;
    return { factor, weight, score, points: weight * score };
  })
    .filter((c) => c.points > 0)
    .sort((a, b) => b.points - a.points || FACTOR_LIST.indexOf(a.factor) - FACTOR_LIST.indexOf(b.factor));
}

/** The deterministic tie-break term of a pair (see the header comment). */
export function tieBreak(ctx: MatchingContext, i: number, j: number): number {
  return (ctx.tieScale * ((ctx.seniority[i] as number) + pairHash(ctx, i, j))) / 2;
}

/** The pair part of the tie-break, in [0, 1). */
function pairHash(ctx: MatchingContext, i: number, j: number): number {
  return mix(ctx.householdHash[i] as number, ctx.municipalityHash[j] as number);
}

/**
 * How much household i wants municipality j, as one number: ranked municipalities come
 * first in the household's own order (1e6 − position, far above any welfare), the rest
 * by welfare, then by the pair hash of the tie-break (< 0.5). Only eligible pairs count.
 */
export function preferenceKey(ctx: MatchingContext, i: number, j: number): number {
  const pos = ctx.rankPosition[i * ctx.M + j] as number;
  if (pos >= 0) return 1e6 - pos;
  return (ctx.welfare[i * ctx.M + j] as number) + 0.5 * pairHash(ctx, i, j);
}

/** Household i's eligible municipalities, most preferred first (ids settle equal keys). */
export function preferenceOrder(ctx: MatchingContext, i: number): number[] {
  const order: number[] = [];
  const key = new Float64Array(ctx.M);
  for (let j = 0; j < ctx.M; j++) {
    if (!ctx.eligible[i * ctx.M + j]) continue;
    order.push(j);
    key[j] = preferenceKey(ctx, i, j);
  }
  return order.sort((a, b) => (key[b] as number) - (key[a] as number) || compareIds(ctx, a, b));
}

function compareIds(ctx: MatchingContext, a: number, b: number): number {
  const ida = (ctx.municipalities[a] as Municipality).id;
  const idb = (ctx.municipalities[b] as Municipality).id;
  return ida < idb ? -1 : ida > idb ? 1 : 0;
}

/** 1-based rank of municipality j in household i's preference order (among eligible ones). */
export function preferenceRank(ctx: MatchingContext, i: number, j: number): number {
  const own = preferenceKey(ctx, i, j);
  let better = 0;
  for (let k = 0; k < ctx.M; k++) {
    if (k === j || !ctx.eligible[i * ctx.M + k]) continue;
    const key = preferenceKey(ctx, i, k);
    if (key > own || (key === own && compareIds(ctx, k, j) < 0)) better++;
  }
  return better + 1;
}

/** The households placed in each municipality under an assignment (−1 = unplaced), by index. */
export function placedLists(ctx: MatchingContext, assignment: Int32Array): number[][] {
  const lists: number[][] = Array.from({ length: ctx.M }, () => []);
  assignment.forEach((j, i) => {
    if (j >= 0) (lists[j] as number[]).push(i);
  });
  return lists;
}

/** Remaining capacity after an assignment (−1 = unplaced), M×D. */
export function remainingCapacity(ctx: MatchingContext, assignment: Int32Array): Int32Array {
  const remaining = ctx.capacity.slice();
  assignment.forEach((j, i) => {
    if (j < 0) return;
    take(ctx, remaining, i, j);
  });
  return remaining;
}

/** Whether household i fits municipality j's remaining capacity in every dimension. */
export function fits(ctx: MatchingContext, remaining: Int32Array, i: number, j: number): boolean {
  for (let k = 0; k < D; k++) {
    if ((ctx.demand[i * D + k] as number) > (remaining[j * D + k] as number)) return false;
  }
  return true;
}

/** Subtracts (sign 1) or gives back (sign −1) household i's demand at municipality j. */
export function take(ctx: MatchingContext, remaining: Int32Array, i: number, j: number, sign = 1): void {
  for (let k = 0; k < D; k++) {
    remaining[j * D + k] = (remaining[j * D + k] as number) - sign * (ctx.demand[i * D + k] as number);
  }
}

export { D as DIMENSION_COUNT };
