/**
 * The welfare formula, the hard constraints, and the preference order, shared by the
 * exact solver, the baselines, the explanations and the metrics.
 *
 * WELFARE of household h in municipality m: two parts, optimised one after the other
 * (docs/matching.md, solver/solve.ts), so that what a household says about importance can
 * decide WHERE it goes, never WHETHER it gets a place:
 *
 *   W(h, m) = 30 · priority(h)        caseworker-set priority for vulnerability, 0–3
 *           + 3 · S(h, m)             the municipality's side, S 0–10
 *           + round(60 · r(h, m))     the household's stated ranking, the leading term
 *   fit(h, m) = round(40 · F(h, m) / max over eligible m' of F(h, m'))      (0–40)
 *
 * r(h, m) = (L − k) / L for the k-th (0-based) of its L ranked municipalities present, else 0.
 * The welfare stage maximises Σ W (no self-reported importance in it); the fit stage then
 * keeps every household's place or non-place and the welfare total, and maximises Σ fit.
 * The fit is normalised over the household's OWN eligible options: its best one is worth
 * 40 whatever it answered, so stating higher importance everywhere wins nothing.
 *
 *   F(h, m) = Σ over fit factors f of weight_f(h) × score_f(h, m)      (each score 0–10)
 *
 *   fit factor weight                               score (0–10)
 *   relatives  2 + importance.relatives  (2–5)      10 if relatives live in m
 *   work       importance.work                      10 × share of the household's sectors in demand in m
 *   schools    importance.schools                   10 if the household has children and m runs
 *                                                   welcome classes / bridging childcare
 *   medical    1 + importance.medical               10 × share of the household's care needs met in m:
 *                                                   its needs, general care, and pediatrics with children
 *   community  importance.community                 10·log10(1 + Ukrainian residents)/4, capped at 10
 *   citySize   importance.citySize                  10 if m's size is the preferred one (0 for "any")
 *   courses    1 (fixed)                            5 per course type offered (language, integration)
 *
 * The municipality's side S(h, m) = 10 × share of the criteria m states that h meets:
 * "workers" (m has labour demand, `jobSectors`; met when an adult works in one of them)
 * and "families" (`seeksFamilies`; met when h has school children). 0 if m states none.
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

/** Points of each caseworker priority level, and the weight of the municipality's side. */
export const PRIORITY_POINTS = 30;
export const MUNICIPALITY_WEIGHT = 3;
/** Points of the first choice (the ranking term), and of the household's best fit. */
export const RANKING_POINTS = 60;
export const FIT_POINTS = 40;
export const RELATIVES_BASE_WEIGHT = 2;
export const MEDICAL_BASE_WEIGHT = 1;
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

/** Ranking share r of position k (0-based) among L ranked municipalities, 0–1. */
export function rankingShare(k: number, L: number): number {
  return (L - k) / L;
}

/** What the formula needs of a household, precomputed once. */
interface HouseholdFeatures {
  sectors: number;
  sectorCount: number;
  needs: number;
  /** Care it needs to be served well: its needs, general care, pediatrics with children. */
  care: number;
  careCount: number;
  hasChildren: boolean;
  hasSchoolChildren: boolean;
  priority: number;
  importance: Household["importance"];
  preferredCitySize: Household["preferredCitySize"];
}

/** What the formula needs of a municipality, precomputed once. */
interface MunicipalityFeatures {
  sectors: number;
  specialties: number;
  welcomeClasses: boolean;
  seeksFamilies: boolean;
  communityScore: number;
  coursesScore: number;
  citySize: Municipality["services"]["citySize"];
}

function householdFeatures(h: Household): HouseholdFeatures {
  const sectors = bitmask(SECTORS, h.jobSectors);
  const needs = bitmask(SPECIALTIES, h.medicalNeeds);
  const hasChildren = h.schoolChildren + h.kindergartenChildren > 0;
  const care =
    needs | bitmask(SPECIALTIES, ["general"]) | (hasChildren ? bitmask(SPECIALTIES, ["pediatrics"]) : 0);
  return {
    sectors,
    sectorCount: popcount(sectors),
    needs,
    care,
    careCount: popcount(care),
    hasChildren,
    hasSchoolChildren: h.schoolChildren > 0,
    priority: h.priority ?? 0,
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
    seeksFamilies: s.seeksFamilies === true,
    communityScore: communityScore(s.ukrainianCommunity),
    coursesScore: (s.languageCourses ? 5 : 0) + (s.integrationCourses ? 5 : 0),
    citySize: s.citySize,
  };
}

/** The fit factors, in the order of the `scores` buffer: weight at 2f, score at 2f + 1. */
export const FIT_FACTORS: readonly Factor[] = FACTORS.filter((f) => f !== "ranking");

/**
 * Writes (weight, score) of every fit factor into `out`, in FIT_FACTORS order. The single
 * implementation of the formula: the welfare matrix and the explanations both use it.
 */
function fillScores(
  out: Int32Array,
  h: HouseholdFeatures,
  m: MunicipalityFeatures,
  relativesHere: boolean,
): void {
  const w = h.importance;
  const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((MAX_SCORE * part) / whole));
  const citySizeMatch = h.preferredCitySize !== "any" && h.preferredCitySize === m.citySize;
  out[0] = RELATIVES_BASE_WEIGHT + w.relatives;
  out[1] = relativesHere ? MAX_SCORE : 0;
  out[2] = w.work;
  out[3] = share(popcount(h.sectors & m.sectors), h.sectorCount);
  out[4] = w.schools;
  out[5] = h.hasChildren && m.welcomeClasses ? MAX_SCORE : 0;
  out[6] = MEDICAL_BASE_WEIGHT + w.medical;
  out[7] = share(popcount(h.care & m.specialties), h.careCount);
  out[8] = w.community;
  out[9] = m.communityScore;
  out[10] = w.citySize;
  out[11] = citySizeMatch ? MAX_SCORE : 0;
  out[12] = COURSES_WEIGHT;
  out[13] = m.coursesScore;
}

function sumPoints(scores: Int32Array): number {
  let sum = 0;
  for (let f = 0; f < FIT_FACTORS.length; f++)
    sum += (scores[2 * f] as number) * (scores[2 * f + 1] as number);
  return sum;
}

/** The municipality's side S(h, m), 0–10: the share of its stated criteria the household meets. */
function municipalityScore(h: HouseholdFeatures, m: MunicipalityFeatures): number {
  let stated = 0;
  let met = 0;
  if (m.sectors !== 0) {
    stated++;
    if ((h.sectors & m.sectors) !== 0) met++;
  }
  if (m.seeksFamilies) {
    stated++;
    if (h.hasSchoolChildren) met++;
  }
  return stated === 0 ? 0 : Math.round((MAX_SCORE * met) / stated);
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
  /** H×M: welfare points W (see the header comment): priority, municipality side, ranking. */
  welfare: Int32Array;
  /** H×M: fit points 0–40, normalised per household: the fit stage, and the preference order after the ranking. */
  fit: Int32Array;
  /** H×M: the municipality's side S, 0–10: its priority for the household (with `priority`). */
  municipalityScore: Int32Array;
  /** H: caseworker priority 0–3. */
  priority: Int32Array;
  /** H: max over eligible options of F (the normaliser; 0 if none). */
  fitMax: Float64Array;
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
    fit: new Int32Array(H * M),
    municipalityScore: new Int32Array(H * M),
    priority: Int32Array.from(households, (h) => h.priority ?? 0),
    fitMax: new Float64Array(H),
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
  const scores = new Int32Array(2 * FIT_FACTORS.length);
  const fit = new Float64Array(M);
  const rank = new Float64Array(M);
  for (let i = 0; i < households.length; i++) {
    const h = households[i] as Household;
    const hf = ctx.householdFeatures[i] as HouseholdFeatures;
    const ranked = (h.ranking ?? []).filter((id) => ctx.municipalityIndex.has(id));
    ctx.rankedCount[i] = ranked.length;
    rank.fill(0);
    ranked.forEach((id, k) => {
      const j = ctx.municipalityIndex.get(id) as number;
      ctx.rankPosition[i * M + j] = k;
      rank[j] = rankingShare(k, ranked.length);
    });
    for (const id of h.relativesIn) {
      const j = ctx.municipalityIndex.get(id);
      if (j !== undefined) ctx.relatives[i * M + j] = 1;
    }
    let anyEligible = false;
    for (let j = 0; j < M; j++) {
      const eligible = isEligible(ctx, i, j);
      ctx.eligible[i * M + j] = eligible ? 1 : 0;
      anyEligible ||= eligible;
      fillScores(
        scores,
        hf,
        ctx.municipalityFeatures[j] as MunicipalityFeatures,
        ctx.relatives[i * M + j] === 1,
      );
      fit[j] = sumPoints(scores);
    }
    // Normalised over the household's own eligible options (all of them if it has none).
    let fitMax = 0;
    for (let j = 0; j < M; j++)
      if (!anyEligible || ctx.eligible[i * M + j] === 1) fitMax = Math.max(fitMax, fit[j] as number);
    ctx.fitMax[i] = fitMax;
    const fixed = PRIORITY_POINTS * (ctx.priority[i] as number);
    for (let j = 0; j < M; j++) {
      const s = municipalityScore(hf, ctx.municipalityFeatures[j] as MunicipalityFeatures);
      ctx.municipalityScore[i * M + j] = s;
      ctx.fit[i * M + j] = fitMax > 0 ? Math.round((FIT_POINTS * (fit[j] as number)) / fitMax) : 0;
      ctx.welfare[i * M + j] =
        fixed + MUNICIPALITY_WEIGHT * s + Math.round(RANKING_POINTS * (rank[j] as number));
    }
  }
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

/**
 * The household's side of a pair, factor by factor, largest first (factors worth 0 points
 * left out): the ranking term of W, and each fit factor's share of the fit (0–40), in
 * points with one decimal. `weight` and `score` are the raw ones (ranking: 60 × r, score 10·r).
 */
export function explainWelfare(ctx: MatchingContext, i: number, j: number): FactorContribution[] {
  const scores = new Int32Array(2 * FIT_FACTORS.length);
  fillScores(
    scores,
    ctx.householdFeatures[i] as HouseholdFeatures,
    ctx.municipalityFeatures[j] as MunicipalityFeatures,
    ctx.relatives[i * ctx.M + j] === 1,
  );
  const pos = ctx.rankPosition[i * ctx.M + j] as number;
  const rank = pos >= 0 ? rankingShare(pos, ctx.rankedCount[i] as number) : 0;
  const fitMax = ctx.fitMax[i] as number;
  const tenth = (x: number) => Math.round(x * 10) / 10;
  const ranking: FactorContribution = {
    factor: "ranking",
    weight: RANKING_POINTS / MAX_SCORE,
    score: Math.round(MAX_SCORE * rank),
    points: Math.round(RANKING_POINTS * rank),
  };
  const fitFactors = FIT_FACTORS.map((factor, f) => {
    const weight = scores[2 * f] as number;
    const score = scores[2 * f + 1] as number;
    const points = fitMax > 0 ? tenth((FIT_POINTS * weight * score) / fitMax) : 0;
    return { factor, weight, score, points };
  });
  return [ranking, ...fitFactors]
    .filter((c) => c.points > 0)
    .sort((a, b) => b.points - a.points || FACTORS.indexOf(a.factor) - FACTORS.indexOf(b.factor));
}

/** The parts of a pair's value: caseworker priority, the municipality's side, the ranking, the fit. */
export function welfareParts(ctx: MatchingContext, i: number, j: number) {
  const pos = ctx.rankPosition[i * ctx.M + j] as number;
  return {
    priority: PRIORITY_POINTS * (ctx.priority[i] as number),
    municipality: MUNICIPALITY_WEIGHT * (ctx.municipalityScore[i * ctx.M + j] as number),
    ranking: pos >= 0 ? Math.round(RANKING_POINTS * rankingShare(pos, ctx.rankedCount[i] as number)) : 0,
    fit: ctx.fit[i * ctx.M + j] as number,
  };
}

/**
 * Whether household a comes before household b at municipality j: higher caseworker
 * priority, then more of the municipality's criteria met, then relatives there, then
 * earlier registration (then id). Used by deferred acceptance and for justified envy.
 */
export function outranks(
  ctx: MatchingContext,
  position: Int32Array,
  a: number,
  b: number,
  j: number,
): boolean {
  return priorityKey(ctx, position, a, j) < priorityKey(ctx, position, b, j);
}

/** Smaller is better; see `outranks`. Positions are registration positions 0…H−1. */
export function priorityKey(ctx: MatchingContext, position: Int32Array, i: number, j: number): number {
  const H = ctx.H;
  return (
    (3 - (ctx.priority[i] as number)) * 22 * H +
    (MAX_SCORE - (ctx.municipalityScore[i * ctx.M + j] as number)) * 2 * H +
    (ctx.relatives[i * ctx.M + j] ? 0 : H) +
    (position[i] as number)
  );
}

/** Registration position of every household (0 = earliest). */
export function registrationPositions(ctx: MatchingContext): Int32Array {
  const position = new Int32Array(ctx.H);
  ctx.registrationOrder.forEach((i, p) => {
    position[i] = p;
  });
  return position;
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
 * by the fit, then by the pair hash of the tie-break (< 0.5). Only
 * eligible pairs count. The municipality's side and the priority play no part here.
 */
export function preferenceKey(ctx: MatchingContext, i: number, j: number): number {
  const pos = ctx.rankPosition[i * ctx.M + j] as number;
  if (pos >= 0) return 1e6 - pos;
  return (ctx.fit[i * ctx.M + j] as number) + 0.5 * pairHash(ctx, i, j);
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
