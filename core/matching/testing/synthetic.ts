/**
 * Seeded synthetic cohorts for tests and the benchmark. The same seed gives the same
 * cohort on every machine (mulberry32, no Math.random). Distributions are plausible,
 * not measured: household sizes skewed to 1–3 persons, a quarter with medical needs,
 * some wheelchair users and pets, relatives mostly in big cities; municipalities with
 * capacities scaled so that demand exceeds supply by `scarcity` in persons.
 */
import {
  type Capacity,
  type Household,
  type Municipality,
  SECTORS,
  type Sector,
  SPECIALTIES,
  type Specialty,
  zeroCapacity,
} from "../model";
import { demandOf } from "../welfare";

export interface SyntheticOptions {
  households: number;
  municipalities: number;
  seed: number;
  /** Total persons capacity as a share of persons in the cohort (default 0.9). */
  supplyRatio?: number;
  /** Share of households that give a ranking (default 0.5). */
  rankingShare?: number;
  /**
   * Scarce capacities: every dimension of every municipality is this share of what the
   * cohort needs in it (e.g. 0.85), split by beds, no noise; replaces `supplyRatio`.
   */
  scarce?: number;
}

/** mulberry32: a tiny, fast, seedable PRNG returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as T);
  return out;
}

const UNITS_LOW = 1.0;
const UNITS_HIGH = 1.4;

const SIZE_WEIGHTS = [
  [1, 30],
  [2, 25],
  [3, 20],
  [4, 13],
  [5, 7],
  [6, 3],
  [7, 2],
] as const;

const NEED_WEIGHTS: readonly (readonly [Specialty, number])[] = [
  ["general", 25],
  ["psychotherapy", 18],
  ["pediatrics", 12],
  ["diabetes", 10],
  ["cardiology", 10],
  ["orthopedics", 8],
  ["gynecology", 7],
  ["neurology", 5],
  ["oncology", 3],
  ["dialysis", 2],
];

/** Popularity of municipality j: a few big cities attract most rankings and relatives. */
function popularity(municipalities: Municipality[]): [number, number][] {
  return municipalities.map((m, j) => [j, m.services.citySize === "big" ? 6 : 1]);
}

export function syntheticMunicipalities(count: number, rng: Rng): Municipality[] {
  return Array.from({ length: count }, (_, j) => {
    const big = j % 4 === 0;
    const specialties = big
      ? [...SPECIALTIES]
      : (["general", ...sample(rng, SPECIALTIES.slice(1), int(rng, 2, 7))] as Specialty[]);
    return {
      id: `m-${String(j + 1).padStart(4, "0")}`,
      name: `Municipality ${j + 1}`,
      capacity: { ...zeroCapacity(), persons: big ? int(rng, 30, 90) : int(rng, 8, 40) },
      services: {
        medicalSpecialties: specialties,
        languageCourses: big || rng() < 0.8,
        integrationCourses: big || rng() < 0.6,
        welcomeClasses: big || rng() < 0.5,
        jobSectors: sample(rng, SECTORS, int(rng, 3, 8)) as Sector[],
        ukrainianCommunity: big ? int(rng, 2000, 15000) : int(rng, 50, 1500),
        citySize: big ? "big" : "small",
        petsAllowed: rng() < 0.6,
        // Every third looks for families with school children (no draw: seeded cohorts stay as they were).
        seeksFamilies: j % 3 === 1,
      },
      contact: {},
    };
  });
}

function syntheticHousehold(
  i: number,
  rng: Rng,
  municipalities: Municipality[],
  rankingShare: number,
): Household {
  const persons = weighted(rng, SIZE_WEIGHTS);
  const children = persons === 1 ? 0 : int(rng, 0, persons - 1);
  let schoolChildren = 0;
  for (let c = 0; c < children; c++) if (rng() < 0.6) schoolChildren++;
  const needCount = weighted(rng, [
    [0, 70],
    [1, 25],
    [2, 5],
  ]);
  const medicalNeeds = [...new Set(Array.from({ length: needCount }, () => weighted(rng, NEED_WEIGHTS)))];
  const popular = popularity(municipalities);
  const relativesIn = rng() < 0.15 ? [(municipalities[weighted(rng, popular)] as Municipality).id] : [];
  const ranking =
    rng() < rankingShare
      ? [
          ...new Set(
            Array.from({ length: 3 }, () => (municipalities[weighted(rng, popular)] as Municipality).id),
          ),
        ]
      : undefined;
  const start = Date.UTC(2024, 0, 8, 9, 0, 0);
  return {
    id: `h-${String(i + 1).padStart(5, "0")}`,
    // Registrations a few minutes apart, in index order, with some identical timestamps.
    registeredAt: new Date(start + Math.floor(i / 2) * 7 * 60_000).toISOString(),
    persons,
    schoolChildren,
    kindergartenChildren: children - schoolChildren,
    needsAccessibleUnit: rng() < 0.04,
    medicalNeeds,
    hasPets: rng() < 0.12,
    relativesIn,
    jobSectors: sample(rng, SECTORS, int(rng, 0, Math.min(2, persons - children))) as Sector[],
    importance: {
      work: int(rng, 0, 3),
      schools: int(rng, 0, 3),
      medical: int(rng, 0, 3),
      community: int(rng, 0, 3),
      citySize: int(rng, 0, 3),
      relatives: int(rng, 0, 3),
    },
    preferredCitySize: pick(rng, ["big", "small", "any"] as const),
    ...(ranking ? { ranking } : {}),
  };
}

/**
 * Splits the cohort's demand over municipalities in proportion to their persons
 * capacity, times `supplyRatio`, with ±30% noise per dimension so that different
 * dimensions bind in different places.
 */
function scaleCapacities(
  municipalities: Municipality[],
  households: Household[],
  supplyRatio: number,
  rng: Rng,
) {
  const total = totalDemand(households);
  const weight = municipalities.reduce((s, m) => s + m.capacity.persons, 0);
  for (const m of municipalities) {
    const share = (m.capacity.persons / weight) * supplyRatio;
    const noisy = (x: number, low: number, high: number) =>
      Math.max(0, Math.round(x * share * (low + (high - low) * rng())));
    // Beds are the figure municipalities plan by; flats come in sizes, so there are a few
    // more units of each size than beds strictly need. School and Kita places are scarce.
    m.capacity = {
      persons: Math.max(1, Math.round(total.persons * share)),
      units1to2: noisy(total.units1to2, UNITS_LOW, UNITS_HIGH),
      units3to4: noisy(total.units3to4, UNITS_LOW, UNITS_HIGH),
      units5plus: noisy(total.units5plus + 0.5, UNITS_LOW, UNITS_HIGH),
      schoolPlaces: noisy(total.schoolPlaces, 0.7, 1.3),
      kindergartenPlaces: noisy(total.kindergartenPlaces, 0.6, 1.2),
      accessibleUnits: 0,
    };
    const units = m.capacity.units1to2 + m.capacity.units3to4 + m.capacity.units5plus;
    m.capacity.accessibleUnits = Math.min(units, noisy(total.accessibleUnits + 0.5, 0.7, 1.3));
  }
}

/** What the whole cohort needs, per capacity dimension. */
function totalDemand(households: Household[]): Capacity {
  const total: Capacity = zeroCapacity();
  for (const h of households) {
    const use = demandOf(h);
    for (const d of Object.keys(total) as (keyof Capacity)[]) total[d] += use[d];
  }
  return total;
}

/** A seeded cohort: households and municipalities. */
export function syntheticCohort(options: SyntheticOptions): {
  households: Household[];
  municipalities: Municipality[];
} {
  const rng = prng(options.seed);
  const municipalities = syntheticMunicipalities(options.municipalities, rng);
  const households = Array.from({ length: options.households }, (_, i) =>
    syntheticHousehold(i, rng, municipalities, options.rankingShare ?? 0.5),
  );
  scaleCapacities(municipalities, households, options.supplyRatio ?? 0.9, rng);
  if (options.scarce !== undefined) scarceCapacities(municipalities, households, options.scarce);
  return { households, municipalities };
}

/** Every dimension at `ratio` of the cohort's need, split by the municipalities' beds. */
function scarceCapacities(municipalities: Municipality[], households: Household[], ratio: number) {
  const total = totalDemand(households);
  const weight = municipalities.reduce((s, m) => s + m.capacity.persons, 0);
  for (const m of municipalities) {
    const share = (m.capacity.persons / Math.max(1, weight)) * ratio;
    const next = Object.fromEntries(
      (Object.keys(total) as (keyof Capacity)[]).map((d) => [d, Math.round(total[d] * share)]),
    ) as Capacity;
    next.persons = Math.max(1, next.persons);
    next.accessibleUnits = Math.min(next.accessibleUnits, next.units1to2 + next.units3to4 + next.units5plus);
    m.capacity = next;
  }
}

/**
 * A household with neutral defaults (one adult, no needs, no preferences), for tests and
 * examples: override what matters.
 */
export function household(id: string, overrides: Partial<Household> = {}): Household {
  return {
    id,
    registeredAt: "2024-01-08T09:00:00.000Z",
    persons: 1,
    schoolChildren: 0,
    kindergartenChildren: 0,
    needsAccessibleUnit: false,
    medicalNeeds: [],
    hasPets: false,
    relativesIn: [],
    jobSectors: [],
    importance: { work: 0, schools: 0, medical: 0, community: 0, citySize: 0, relatives: 0 },
    preferredCitySize: "any",
    ...overrides,
  };
}

/** A municipality with room for ten of everything and plain services, for tests and examples. */
export function municipality(
  id: string,
  overrides: {
    capacity?: Partial<Capacity>;
    services?: Partial<Municipality["services"]>;
    name?: string;
  } = {},
): Municipality {
  return {
    id,
    name: overrides.name ?? id,
    capacity: {
      persons: 10,
      units1to2: 10,
      units3to4: 10,
      units5plus: 10,
      schoolPlaces: 10,
      kindergartenPlaces: 10,
      accessibleUnits: 10,
      ...overrides.capacity,
    },
    services: {
      medicalSpecialties: ["general"],
      languageCourses: false,
      integrationCourses: false,
      welcomeClasses: false,
      jobSectors: [],
      ukrainianCommunity: 0,
      citySize: "small",
      petsAllowed: true,
      ...overrides.services,
    },
    contact: {},
  };
}
