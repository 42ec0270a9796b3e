import { z } from "zod";
import { HouseholdAnswers } from "../../core/answers";
import type { Questionnaire } from "../../core/questionnaire";
import { householdRef } from "../../core/reference";
import { PLACED } from "../../shared/city/store";
import type { ArrivalsPage, CityCard } from "../../shared/console-api/city";
import type { Db } from "../../shared/db";
import type { Prisma } from "../../shared/generated/prisma/client";
import type { Translate } from "../../shared/i18n";
import { appointmentsOf, textsOf } from "../../shared/messages/arrival";
import { preArrivalCard, preArrivalFor } from "../../shared/pre-arrival";
import { answerSections, intakeContext } from "../households/card";

/**
 * City staff's arrivals: every household that accepted their municipality (placed, or arrived
 * there), filtered, sorted and paged in PostgreSQL; and one household's card with what the city
 * needs. Every query takes the municipality the clerk acts for: another city's household is
 * simply not found.
 */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item));

export const ARRIVAL_SORTS = ["placed", "arrival", "persons", "ref"] as const;

export const arrivalFilterSchema = z.object({
  /** the arrival date is set (yes) or not yet (no) */
  dated: z.enum(["yes", "no"]).optional(),
  arrived: z.enum(["yes", "no"]).optional(),
  needs: list(z.string().regex(/^[a-z_]{2,30}$/)).optional(),
  minPersons: z.coerce.number().int().min(1).max(20).optional(),
  maxPersons: z.coerce.number().int().min(1).max(20).optional(),
});
export type ArrivalFilter = z.infer<typeof arrivalFilterSchema>;

export const arrivalQuerySchema = arrivalFilterSchema.extend({
  sort: z.enum(ARRIVAL_SORTS).default("placed"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ArrivalQuery = z.infer<typeof arrivalQuerySchema>;

export function arrivalWhere(municipalityId: string, f: ArrivalFilter): Prisma.IntakeWhereInput {
  const and: Prisma.IntakeWhereInput[] = [{ municipalityId, status: PLACED }];
  if (f.arrived === "yes") and.push({ status: "arrived" });
  if (f.arrived === "no") and.push({ status: "placed" });
  if (f.dated === "yes") and.push({ arrival: { is: { arrivalDate: { not: null } } } });
  if (f.dated === "no")
    and.push({ OR: [{ arrival: { is: null } }, { arrival: { is: { arrivalDate: null } } }] });
  if (f.needs?.length) and.push({ needs: { hasSome: f.needs } });
  if (f.minPersons) and.push({ persons: { gte: f.minPersons } });
  if (f.maxPersons) and.push({ persons: { lte: f.maxPersons } });
  return { AND: and };
}

function orderOf(q: ArrivalQuery): Prisma.IntakeOrderByWithRelationInput[] {
  const dir = q.dir;
  const nulls = { sort: dir, nulls: "last" } as const;
  const first: Prisma.IntakeOrderByWithRelationInput =
    q.sort === "arrival"
      ? { arrival: { arrivalDate: nulls } }
      : q.sort === "persons"
        ? { persons: nulls }
        : q.sort === "ref"
          ? { id: dir }
          : { placedAt: nulls };
  return [first, { id: "asc" }];
}

export async function listArrivals(db: Db, municipalityId: string, q: ArrivalQuery): Promise<ArrivalsPage> {
  const where = arrivalWhere(municipalityId, q);
  const [municipality, total, rows] = await Promise.all([
    db.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: { id: true, name: true } }),
    db.intake.count({ where }),
    db.intake.findMany({
      where,
      orderBy: orderOf(q),
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: {
        id: true,
        status: true,
        persons: true,
        children: true,
        needs: true,
        languages: true,
        placedAt: true,
        arrivedAt: true,
        arrival: { select: { arrivalDate: true, appointments: true } },
      },
    }),
  ]);
  return {
    municipality,
    total,
    page: q.page,
    pageSize: q.pageSize,
    rows: rows.map((r) => ({
      id: r.id,
      ref: householdRef(r.id),
      status: r.status,
      persons: r.persons,
      children: r.children,
      needs: r.needs,
      languages: r.languages,
      placedAt: r.placedAt?.toISOString() ?? null,
      arrivedAt: r.arrivedAt?.toISOString() ?? null,
      arrivalDate: r.arrival?.arrivalDate?.toISOString() ?? null,
      appointments: appointmentsOf(r.arrival?.appointments).length,
    })),
  };
}

/** Where this city stood in the household's own ranking (1 = first wish), null if unranked. */
function rankOf(answers: HouseholdAnswers, municipalityId: string) {
  const ranking = answers.list("ranking");
  const at = ranking.indexOf(municipalityId);
  return at < 0 ? null : { position: at + 1, of: ranking.length };
}

const titleOf = (texts: unknown, lang: string) => {
  const all = textsOf(texts) as Record<string, string>;
  return (all[lang] ?? Object.values(all)[0] ?? "").split("\n")[0] ?? "";
};

/**
 * One household as the city sees it: members and every answer in the clerk's language (needs
 * translated, languages and municipalities by name), where the city stood in its ranking,
 * the arrival details and appointments (as the form edits them), the events it is registered
 * for or said it cannot come to, and its questions. Null for anything not of this city.
 */
export async function arrivalCard(
  db: Db,
  t: Translate,
  lang: string,
  questionnaire: Questionnaire,
  municipalityId: string,
  intakeId: string,
): Promise<CityCard | null> {
  const intake = await db.intake.findFirst({
    where: { id: intakeId, municipalityId, status: PLACED },
    include: {
      arrival: true,
      user: { select: { id: true, language: true } },
      registrations: { include: { event: true }, orderBy: { event: { startsAt: "asc" } } },
      eventDeclines: { include: { event: true }, orderBy: { event: { startsAt: "asc" } } },
    },
  });
  if (!intake) return null;
  const [context, questions, preArrival] = await Promise.all([
    intakeContext(db),
    db.supportQuestion.findMany({
      where: { userId: intake.user.id },
      include: { messages: { orderBy: { createdAt: "asc" }, take: 1 } },
      orderBy: { createdAt: "asc" },
      take: 50,
    }),
    preArrivalFor(db, { seesAll: false, municipalityId }, intakeId),
  ]);
  const answers = HouseholdAnswers.of(intake.state);
  const a = intake.arrival;
  const event = (e: {
    id: string;
    kind: string;
    startsAt: Date;
    place: string;
    texts: unknown;
    cancelled: boolean;
  }) => ({
    id: e.id,
    kind: e.kind,
    startsAt: e.startsAt.toISOString(),
    place: e.place,
    title: titleOf(e.texts, lang),
    cancelled: e.cancelled,
  });
  return {
    id: intake.id,
    ref: householdRef(intake.id),
    status: intake.status,
    language: intake.user.language,
    placedAt: intake.placedAt?.toISOString() ?? null,
    arrivedAt: intake.arrivedAt?.toISOString() ?? null,
    facts: {
      persons: intake.persons,
      children: intake.children,
      needs: intake.needs,
      languages: intake.languages,
      travelDate: answers.travelDate,
    },
    ranking: rankOf(answers, municipalityId),
    sections: answerSections(t, questionnaire, answers, context).map((s) => ({
      title: s.title,
      items: s.items.map((i) => ({ label: i.label, value: i.value })),
    })),
    arrival: {
      version: a?.updatedAt.getTime() ?? 0,
      arrivalDate: a?.arrivalDate?.toISOString() ?? null,
      meetingPoint: a?.meetingPoint ?? null,
      address: a?.address ?? null,
      contactName: a?.contactName ?? null,
      contactPhone: a?.contactPhone ?? null,
      appointments: appointmentsOf(a?.appointments),
    },
    events: [
      ...intake.registrations.map((r) => ({
        ...event(r.event),
        answer: "registered" as const,
        attendedAt: r.attendedAt?.toISOString() ?? null,
      })),
      ...intake.eventDeclines.map((d) => ({
        ...event(d.event),
        answer: "cannot_come" as const,
        attendedAt: null,
      })),
    ].sort((x, y) => x.startsAt.localeCompare(y.startsAt)),
    questions: questions.map((q) => ({
      at: q.createdAt.toISOString(),
      status: q.status,
      text: (q.messages[0]?.text ?? "").slice(0, 300),
    })),
    /** names as in the passport, dates of birth and a phone, once the household confirmed them */
    preArrival: preArrivalCard(preArrival),
  };
}
