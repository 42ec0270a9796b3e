import { z } from "zod";
import { householdRef, parseHouseholdRef } from "../../core/reference";
import type { HouseholdsPage } from "../../shared/console-api/households";
import type { Db } from "../../shared/db";
import type { Prisma } from "../../shared/generated/prisma/client";
import { parseBerlin } from "../../shared/messages/time";

/**
 * The caseworkers' household table: every submitted household, filtered, sorted and paged in
 * PostgreSQL (never in memory), on the facts derived from the answers (Intake.persons, children,
 * needs, languages, hasRelatives, searchText). Fast at 10,000 households (npm run bench:console).
 */
export const HOUSEHOLD_STATUSES = [
  "registered",
  "on_hold",
  "offered",
  "placed",
  "arrived",
  "withdrawn",
] as const;
export const SORTS = ["registered", "persons", "children", "status"] as const;

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item));
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const householdFilterSchema = z.object({
  status: list(z.enum(HOUSEHOLD_STATUSES)).optional(),
  minPersons: z.coerce.number().int().min(1).max(20).optional(),
  maxPersons: z.coerce.number().int().min(1).max(20).optional(),
  children: z.enum(["with", "without"]).optional(),
  needs: list(z.string().regex(/^[a-z_]{2,30}$/)).optional(),
  languages: list(z.string().regex(/^[a-z_]{2,10}$/)).optional(),
  relatives: z.enum(["yes", "no"]).optional(),
  registeredFrom: day.optional(),
  registeredTo: day.optional(),
  destination: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
  /** a reference (#8F5085, any case) or words from the free-text answers */
  q: z.string().trim().max(100).optional(),
});
export type HouseholdFilter = z.infer<typeof householdFilterSchema>;

export const householdQuerySchema = householdFilterSchema.extend({
  sort: z.enum(SORTS).default("registered"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type HouseholdQuery = z.infer<typeof householdQuerySchema>;

const STATUS_WHERE: Record<(typeof HOUSEHOLD_STATUSES)[number], Prisma.IntakeWhereInput> = {
  registered: { status: "registered", onHold: false },
  on_hold: { status: "registered", onHold: true },
  offered: { status: "offered" },
  placed: { status: "placed" },
  arrived: { status: "arrived" },
  withdrawn: { status: "withdrawn" },
};

/** The start of a day in Berlin (winter and summer time alike). */
const berlinMidnight = (d: string) => parseBerlin(d) ?? new Date(Number.NaN);

export function whereOf(f: HouseholdFilter): Prisma.IntakeWhereInput {
  const and: Prisma.IntakeWhereInput[] = [{ status: { not: "in_progress" } }];
  if (f.status && f.status.length > 0) and.push({ OR: f.status.map((s) => STATUS_WHERE[s]) });
  if (f.minPersons !== undefined) and.push({ persons: { gte: f.minPersons } });
  if (f.maxPersons !== undefined) and.push({ persons: { lte: f.maxPersons } });
  if (f.children) and.push(f.children === "with" ? { children: { gt: 0 } } : { children: 0 });
  if (f.needs && f.needs.length > 0) and.push({ needs: { hasEvery: f.needs } });
  if (f.languages && f.languages.length > 0) and.push({ languages: { hasSome: f.languages } });
  if (f.relatives) and.push({ hasRelatives: f.relatives === "yes" });
  if (f.registeredFrom) and.push({ submittedAt: { gte: berlinMidnight(f.registeredFrom) } });
  if (f.registeredTo) {
    const next = new Date(`${f.registeredTo}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    and.push({ submittedAt: { lt: berlinMidnight(next.toISOString().slice(0, 10)) } });
  }
  if (f.destination) {
    and.push({
      OR: [
        { municipalityId: f.destination },
        { offers: { some: { status: "pending", municipalityId: f.destination } } },
      ],
    });
  }
  if (f.q) {
    const ref = parseHouseholdRef(f.q);
    const text: Prisma.IntakeWhereInput = { searchText: { contains: f.q.toLowerCase() } };
    and.push(ref ? { OR: [{ id: { endsWith: ref } }, text] } : text);
  }
  return { AND: and };
}

const ORDER: Record<
  (typeof SORTS)[number],
  (dir: "asc" | "desc") => Prisma.IntakeOrderByWithRelationInput[]
> = {
  registered: (dir) => [{ submittedAt: dir }, { id: dir }],
  persons: (dir) => [{ persons: dir }, { submittedAt: "asc" }, { id: "asc" }],
  children: (dir) => [{ children: dir }, { submittedAt: "asc" }, { id: "asc" }],
  status: (dir) => [{ status: dir }, { onHold: dir }, { submittedAt: "asc" }, { id: "asc" }],
};

export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export function statusOf(row: { status: string; onHold: boolean }): HouseholdStatus | "in_progress" {
  if (row.status === "registered") return row.onHold ? "on_hold" : "registered";
  return row.status as HouseholdStatus | "in_progress";
}

export async function listHouseholds(db: Db, query: HouseholdQuery): Promise<HouseholdsPage> {
  const where = whereOf(query);
  const [total, rows] = await Promise.all([
    db.intake.count({ where }),
    db.intake.findMany({
      where,
      orderBy: ORDER[query.sort](query.dir),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: {
        id: true,
        status: true,
        onHold: true,
        persons: true,
        children: true,
        needs: true,
        languages: true,
        hasRelatives: true,
        submittedAt: true,
        municipality: { select: { id: true, name: true } },
        offers: {
          where: { status: "pending" },
          select: { municipality: { select: { id: true, name: true } } },
          take: 1,
        },
        user: { select: { language: true } },
      },
    }),
  ]);
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map((r) => ({
      id: r.id,
      ref: householdRef(r.id),
      status: statusOf(r),
      persons: r.persons,
      children: r.children,
      needs: r.needs,
      languages: r.languages,
      hasRelatives: r.hasRelatives,
      registeredAt: r.submittedAt?.toISOString() ?? null,
      destination: r.municipality ?? r.offers[0]?.municipality ?? null,
      language: r.user.language,
    })),
  };
}
