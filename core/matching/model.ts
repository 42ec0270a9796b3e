/**
 * Data model of the matching engine: zod schemas for what comes in (households,
 * municipalities, options) and what goes out (results), and the types inferred from them.
 *
 * Inputs are validated at the border (CLI, file import, worker job); the engine itself
 * trusts typed values. Ids of specialties and job sectors are stable lowercase strings
 * because the bot translates them and the database stores them.
 */
import { z } from "zod";

/** Medical specialties a household may need and a municipality may offer. */
export const SPECIALTIES = [
  "general",
  "pediatrics",
  "cardiology",
  "oncology",
  "dialysis",
  "psychotherapy",
  "diabetes",
  "orthopedics",
  "gynecology",
  "neurology",
] as const;

/** Job sectors of a household's adults and sectors with labour demand in a municipality. */
export const SECTORS = [
  "it",
  "health",
  "education",
  "construction",
  "logistics",
  "manufacturing",
  "hospitality",
  "retail",
  "agriculture",
  "social",
  "engineering",
  "finance",
  "other",
] as const;

/**
 * Capacity dimensions, each a hard constraint per municipality. A household uses
 * `persons` beds, one housing unit of its size class, one school place per school-age
 * child (6–17), one kindergarten place per child aged 0–5, and one accessible unit if
 * it needs one (accessible units are counted among the housing units: such a household
 * uses one accessible unit and one unit of its size class).
 */
export const DIMENSIONS = [
  "persons",
  "units1to2",
  "units3to4",
  "units5plus",
  "schoolPlaces",
  "kindergartenPlaces",
  "accessibleUnits",
] as const;

export const specialtySchema = z.enum(SPECIALTIES);
export const sectorSchema = z.enum(SECTORS);
export const dimensionSchema = z.enum(DIMENSIONS);
export type Specialty = z.infer<typeof specialtySchema>;
export type Sector = z.infer<typeof sectorSchema>;
export type Dimension = z.infer<typeof dimensionSchema>;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const count = () =>
  z.number({ error: "expected a number ≥ 0" }).int("expected a whole number").min(0, "expected a number ≥ 0");
const importance = () =>
  z
    .number({ error: "expected a whole number from 0 to 3" })
    .int("expected a whole number from 0 to 3")
    .min(0)
    .max(3);
const flag = () => z.boolean({ error: "expected true or false" });
const distinct = <T>(list: T[]) => new Set(list).size === list.length;

export const municipalityIdSchema = z
  .string()
  .regex(SLUG, "expected a lowercase slug such as rottenburg-am-neckar");

export const capacitySchema = z.strictObject({
  persons: count(),
  units1to2: count(),
  units3to4: count(),
  units5plus: count(),
  schoolPlaces: count(),
  kindergartenPlaces: count(),
  accessibleUnits: count(),
});
export type Capacity = z.infer<typeof capacitySchema>;

/** A capacity of zero in every dimension: the start of sums and the default of missing fields. */
export function zeroCapacity(): Capacity {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, 0])) as Capacity;
}

export const municipalitySchema = z
  .strictObject({
    id: municipalityIdSchema.describe("Stable lowercase slug, e.g. rottenburg-am-neckar"),
    name: z.string({ error: "expected a name" }).min(1, "expected a name"),
    state: z.string().optional(),
    capacity: capacitySchema,
    services: z.strictObject({
      medicalSpecialties: z.array(specialtySchema).refine(distinct, "expected each specialty once"),
      languageCourses: flag(),
      integrationCourses: flag(),
      /** Schools run preparatory classes for newcomer children (Willkommensklassen). */
      welcomeClasses: flag(),
      jobSectors: z.array(sectorSchema).refine(distinct, "expected each sector once"),
      /** Approximate number of Ukrainian residents. */
      ukrainianCommunity: count().describe("Approximate number of Ukrainian residents"),
      citySize: z.enum(["big", "small"], { error: "expected big or small" }),
      petsAllowed: flag(),
      /**
       * What the municipality looks for (its side of the welfare): families with school
       * children, because its schools have room. Its `jobSectors` (labour demand) count too.
       */
      seeksFamilies: flag()
        .optional()
        .describe("Looks for families with school children (schools have room)"),
    }),
    contact: z
      .strictObject({
        name: z.string().optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
        address: z.string().optional(),
        arrivalNotes: z.string().optional(),
      })
      .default({}),
  })
  .superRefine((m, ctx) => {
    const units = m.capacity.units1to2 + m.capacity.units3to4 + m.capacity.units5plus;
    if (m.capacity.accessibleUnits > units) {
      ctx.addIssue({
        code: "custom",
        path: ["capacity", "accessibleUnits"],
        message: `expected at most the number of housing units (${units})`,
      });
    }
  });
export type Municipality = z.infer<typeof municipalitySchema>;
export type MunicipalityInput = z.input<typeof municipalitySchema>;

export const householdSchema = z
  .strictObject({
    id: z.string().min(1, "expected an id"),
    registeredAt: z.iso.datetime({
      offset: true,
      error: "expected an ISO date-time such as 2024-03-01T10:00:00Z",
    }),
    persons: z.number().int().min(1, "expected at least 1 person"),
    /** Children aged 6–17: one school place each. */
    schoolChildren: count().describe("Children aged 6–17 (one school place each)"),
    /** Children aged 0–5: one kindergarten place each. */
    kindergartenChildren: count().describe("Children aged 0–5 who need a kindergarten place"),
    needsAccessibleUnit: flag(),
    medicalNeeds: z.array(specialtySchema).refine(distinct, "expected each specialty once"),
    hasPets: flag(),
    /** Municipality ids where relatives or close friends live. */
    relativesIn: z.array(z.string()).describe("Municipality ids where relatives or close friends live"),
    /** Job sectors of the household's adults. */
    jobSectors: z.array(sectorSchema).refine(distinct, "expected each sector once"),
    /** How much each aspect matters to the household, 0 (not at all) to 3 (very much). */
    importance: z.strictObject({
      work: importance(),
      schools: importance(),
      medical: importance(),
      community: importance(),
      citySize: importance(),
      relatives: importance(),
    }),
    preferredCitySize: z.enum(["big", "small", "any"]),
    /** Optional ranking of municipality ids, most preferred first. Unknown ids are ignored. */
    ranking: z
      .array(z.string())
      .refine(distinct, "expected each municipality once")
      .optional()
      .describe("Municipality ids, most preferred first; ids not in the round are ignored"),
    /** Municipalities this household declined in an earlier round: never proposed again. */
    excludedMunicipalities: z.array(z.string()).optional(),
    /**
     * Priority for vulnerability, 0 (none) to 3, set by a caseworker (never self-reported):
     * each level is worth PRIORITY_POINTS of welfare wherever the household is placed.
     */
    priority: z
      .number({ error: "expected a whole number from 0 to 3" })
      .int("expected a whole number from 0 to 3")
      .min(0)
      .max(3)
      .optional()
      .describe("Caseworker-set priority for vulnerability, 0–3"),
  })
  .superRefine((h, ctx) => {
    if (h.schoolChildren + h.kindergartenChildren > h.persons) {
      ctx.addIssue({
        code: "custom",
        path: ["persons"],
        message: "expected at least as many persons as children",
      });
    }
  });
export type Household = z.infer<typeof householdSchema>;

/** A households file: a list, or an object with a `households` list (JSON). */
export const householdsFileSchema = z.union([
  z.array(householdSchema),
  z.strictObject({ households: z.array(householdSchema) }),
]);
/** A municipalities file: a list, or an object with a `municipalities` list (YAML or JSON). */
export const municipalitiesFileSchema = z.union([
  z.array(municipalitySchema),
  z.strictObject({ municipalities: z.array(municipalitySchema) }),
]);

export const matchingOptionsSchema = z.strictObject({
  /** Relatives in a municipality are a strong welfare bonus, or a requirement. */
  relatives: z.enum(["bonus", "require"]).default("bonus"),
  /** Relative gap at which a stage may stop; 0 asks for proven optimality (or the time limit). */
  mipRelGap: z.number().min(0).max(1).default(0),
  /**
   * Wall-clock limit of the optimal method, in seconds: a safety stop (the work budget
   * below normally ends the search first); the report says when it did not.
   */
  timeLimitSeconds: z.number().positive().default(120),
  /**
   * Work budget, as a multiple of the default (exact: branch-and-bound nodes; decomposition:
   * Lagrangian iterations, core rounds and smoothed-dual evaluations (never fewer than at 1)
   * and neighbourhood steps): counted in work, not seconds, so the same input and effort
   * give the same result on any machine. About 50–60 s at national scale on 2 cores.
   */
  effort: z.number().positive().max(100).default(1),
  /**
   * "exact": one MIP per stage over every eligible pair; "decomposition": Lagrangian
   * bounds and a neighbourhood search; "auto": exact up to 2,500 eligible pairs.
   */
  strategy: z.enum(["auto", "exact", "decomposition"]).default("auto"),
});
export type MatchingOptions = z.input<typeof matchingOptionsSchema>;
export type ResolvedOptions = z.output<typeof matchingOptionsSchema>;

// ---------------------------------------------------------------- results

export const FACTORS = [
  "ranking",
  "relatives",
  "work",
  "schools",
  "medical",
  "community",
  "citySize",
  "courses",
] as const;
export const factorSchema = z.enum(FACTORS);
export type Factor = z.infer<typeof factorSchema>;

export const REASON_CODES = [
  "no_medical_care",
  "no_accessible_unit",
  "no_pets",
  "relatives_required",
  "declined",
  ...DIMENSIONS.map((d) => `no_capacity_${d}` as const),
  "not_selected",
] as const;
export const reasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

export const factorContributionSchema = z.object({
  factor: factorSchema,
  /** Points this factor contributed: the ranking term of the welfare, or its share of the fit (one decimal). */
  points: z.number(),
  /** The municipality's 0–10 score on this factor for this household. */
  score: z.number(),
  /** The household's importance weight (fixed for ranking, relatives and courses). */
  weight: z.number(),
});
export type FactorContribution = z.infer<typeof factorContributionSchema>;

export const placedExplanationSchema = z.object({
  householdId: z.string(),
  municipalityId: z.string(),
  welfare: z.number(),
  /** 1-based position of the municipality in the household's preference order. */
  rank: z.number(),
  /** The ranking term and the fit (0–40) by factor, largest first; factors worth 0 points are left out. */
  factors: z.array(factorContributionSchema),
  /** The parts: caseworker priority, the municipality's side, the ranking (these three are `welfare`), the fit. */
  parts: z.object({ priority: z.number(), municipality: z.number(), ranking: z.number(), fit: z.number() }),
});
export type PlacedExplanation = z.infer<typeof placedExplanationSchema>;

export const unplacedExplanationSchema = z.object({
  householdId: z.string(),
  /** Distinct reason codes, the one ruling out most municipalities first. */
  reasons: z.array(reasonCodeSchema),
  /**
   * Each reason code with the number of municipalities it rules out, in the same order.
   * A code whose count equals the number of municipalities explains the outcome alone.
   */
  reasonCounts: z.array(z.object({ code: reasonCodeSchema, municipalities: z.number() })),
  /** Needed specialties that no municipality offers (with no_medical_care). */
  missingSpecialties: z.array(specialtySchema),
  byMunicipality: z.array(z.object({ municipalityId: z.string(), reasons: z.array(reasonCodeSchema) })),
});
export type UnplacedExplanation = z.infer<typeof unplacedExplanationSchema>;

const capacityUseSchema = z.object({
  municipalityId: z.string(),
  used: capacitySchema,
  capacity: capacitySchema,
});
export type CapacityUse = z.infer<typeof capacityUseSchema>;

export const metricsSchema = z.object({
  households: z.object({ total: z.number(), placed: z.number() }),
  people: z.object({ total: z.number(), placed: z.number() }),
  /** Share of all households placed in their first choice / one of their top three. */
  firstChoiceShare: z.number(),
  topThreeShare: z.number(),
  /** Mean 1-based preference rank of the placed households' municipalities (null if none placed). */
  averageRank: z.number().nullable(),
  totalWelfare: z.number(),
  /** Fit points of the placed households (0–40 each): where they went within the welfare found. */
  totalFit: z.number(),
  /**
   * Households that would rather be in a municipality that took a household of lower
   * priority there (welfare.ts `priorityKey`), and would fit in its place: justified envy.
   */
  justifiedEnvy: z.number(),
  municipalities: z.array(capacityUseSchema),
});
export type MatchingMetrics = z.infer<typeof metricsSchema>;

const stageSchema = z.object({
  /** "optimal": the value equals the bound; "feasible": a gap remains. */
  status: z.enum(["optimal", "feasible"]),
  /** Objective of the solution found: people placed, or welfare points (without the tie-break). */
  value: z.number(),
  /** The best proven upper bound (whole units): min of the LP bound and HiGHS' MIP bound. */
  bound: z.number(),
  /**
   * Which bound `bound` is: "lp" (the LP relaxation over all pairs, solved by HiGHS), "mip"
   * (HiGHS' branch-and-bound bound, tighter than the LP), "lagrangian" (the Lagrangian dual
   * over all pairs, ≥ the LP optimum; decomposition).
   */
  boundKind: z.enum(["lp", "mip", "lagrangian"]),
  /** (bound − value) / value: the honest optimality gap, 0 when proven optimal. */
  gap: z.number(),
  /**
   * Upper bound from the LP relaxation over ALL eligible pairs: the LP optimum (exact
   * strategy) or the best Lagrangian bound found by subgradient steps, which is ≥ the LP
   * optimum (decomposition). Unrounded; `bound` rounds it down to whole units.
   */
  lpBound: z.number(),
  /** HiGHS' best bound (mip_dual_bound) of the whole-problem MIP; null when the stage was decomposed. */
  mipDualBound: z.number().nullable(),
  /** HiGHS' relative MIP gap (mip_gap) of the whole-problem MIP; null when decomposed. */
  mipGap: z.number().nullable(),
  timeMs: z.number(),
});
export type StageReport = z.infer<typeof stageSchema>;

export const solverReportSchema = z.object({
  /**
   * "exact": each stage is one HiGHS MIP over every eligible pair; "decomposition":
   * Lagrangian bounds plus a large-neighbourhood search of exact HiGHS sub-MIPs.
   */
  strategy: z.enum(["exact", "decomposition"]),
  people: stageSchema,
  welfare: stageSchema,
  /**
   * The fit stage: where the households go within the places and the welfare found (total
   * fit points, 0–40 per household); proven optimal by the exact strategy unless a limit ended it.
   */
  fit: z.object({ value: z.number(), proven: z.boolean(), timeMs: z.number() }),
  /** Wall-clock milliseconds: context and baselines, the two stages, everything. */
  timeMs: z.object({ build: z.number(), people: z.number(), welfare: z.number(), total: z.number() }),
  /**
   * Why the solver stopped: "optimal" (both stages proven), "gap" (the requested gap was
   * reached), "work" (the work budget was spent: deterministic), "time" (the time limit
   * cut it short: a run on another machine, or under other load, may differ).
   */
  stoppedBy: z.enum(["optimal", "gap", "work", "time"]),
  model: z.object({
    eligiblePairs: z.number(),
    /** Sub-MIPs solved by the neighbourhood search, and how many improved the assignment. */
    neighbourhoods: z.number(),
    improvements: z.number(),
  }),
});
export type SolverReport = z.infer<typeof solverReportSchema>;

export const METHODS = ["optimal", "fcfs", "deferred-acceptance"] as const;
export const methodSchema = z.enum(METHODS);
export type Method = z.infer<typeof methodSchema>;

export const matchingResultSchema = z.object({
  method: methodSchema,
  assignments: z.array(z.object({ householdId: z.string(), municipalityId: z.string() })),
  unplaced: z.array(z.string()),
  explanations: z.object({
    placed: z.array(placedExplanationSchema),
    unplaced: z.array(unplacedExplanationSchema),
  }),
  metrics: metricsSchema,
  solver: solverReportSchema.optional(),
});
export type MatchingResult = z.infer<typeof matchingResultSchema>;

export const matchingComparisonSchema = z.object({
  optimal: matchingResultSchema,
  fcfs: matchingResultSchema,
  deferredAcceptance: matchingResultSchema,
});
export type MatchingComparison = z.infer<typeof matchingComparisonSchema>;
