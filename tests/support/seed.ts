import type { Queue } from "bullmq";
import { MEDICAL_NEEDS } from "../../core/questionnaire";
import { dropReminders, recipients } from "../../shared/city/notify";
import type { Db } from "../../shared/db";
import { type DeliveryJob, queueDeliveries } from "../../shared/delivery";
import type { IntakeStatus, Prisma, StaffRole } from "../../shared/generated/prisma/client";
import type { EventJob } from "../../shared/queues";
import { sendOfferMessages } from "../../worker/rounds/offers";

/** Rows the end-to-end tests start from, written straight to the database. */

export async function seedMunicipalities(
  db: Db,
  rows: { id: string; name: string; capacity?: object; services?: object }[],
): Promise<void> {
  await db.municipality.createMany({ data: rows as Prisma.MunicipalityCreateManyInput[] });
}

/** A municipality's capacity with room for `persons` and a few units, school and kindergarten places. */
export const capacity = (persons: number) => ({
  persons,
  units1to2: 3,
  units3to4: 3,
  units5plus: 1,
  schoolPlaces: 4,
  kindergartenPlaces: 4,
  accessibleUnits: 1,
});

/** A big city's services: every medical specialty unless told otherwise, pets allowed. */
export const services = (
  medicalSpecialties: string[] = [...MEDICAL_NEEDS.filter((n) => n !== "other"), "general"],
) => ({
  medicalSpecialties,
  languageCourses: true,
  integrationCourses: true,
  welcomeClasses: true,
  jobSectors: ["health", "construction"],
  ukrainianCommunity: 500,
  citySize: "big",
  petsAllowed: true,
});

export async function grantStaff(
  db: Db,
  rows: { telegramId: number; role: StaffRole; municipalityId?: string; language?: string }[],
): Promise<void> {
  await db.staffMember.createMany({
    data: rows.map((r) => ({
      telegramId: BigInt(r.telegramId),
      chatId: BigInt(r.telegramId),
      role: r.role,
      municipalityId: r.municipalityId ?? null,
      ...(r.language ? { language: r.language } : {}),
    })),
  });
}

/** Rows for seedPeople: `count` households placed in a municipality, Telegram ids from `first`, languages in turn. */
export function placedPeople(
  municipalityId: string,
  count: number,
  first: number,
  languages: string[] = ["uk"],
) {
  return Array.from({ length: count }, (_, i) => ({
    telegramId: first + i,
    language: languages[i % languages.length] ?? "uk",
    intake: { status: "placed" as const, municipalityId },
  }));
}

/**
 * People who gave consent, each with a questionnaire in the given status (placed ones in their
 * municipality), as matching would leave them; no questionnaire when `intake` is omitted.
 */
export async function seedPeople(
  db: Db,
  rows: {
    telegramId: number;
    language: string;
    intake?: { status: IntakeStatus; municipalityId?: string; state?: object };
  }[],
) {
  const users = await db.user.createManyAndReturn({
    data: rows.map((r) => ({
      telegramId: BigInt(r.telegramId),
      chatId: BigInt(r.telegramId),
      language: r.language,
      consentVersion: "test",
      consentAt: new Date(),
    })),
  });
  const byTelegram = new Map(users.map((u) => [u.telegramId, u]));
  const intakes = rows.flatMap((r) => {
    const user = byTelegram.get(BigInt(r.telegramId));
    if (!r.intake || !user) return [];
    const placed = r.intake.status === "placed" || r.intake.status === "arrived";
    return [
      {
        userId: user.id,
        state: (r.intake.state ?? { answers: {}, groups: {}, current: "review" }) as Prisma.InputJsonValue,
        status: r.intake.status,
        submittedAt: r.intake.status === "in_progress" ? null : new Date(),
        municipalityId: r.intake.municipalityId ?? null,
        placedAt: placed ? new Date() : null,
      },
    ];
  });
  if (intakes.length > 0) await db.intake.createMany({ data: intakes });
  return users;
}

/**
 * A broadcast to a municipality's placed households, stored as the bot stores a confirmed one
 * (bot/features/city/broadcasts.ts): its rows first, with their jobs; scheduled when `at` is given.
 */
export async function queueBroadcast(
  db: Db,
  deliveries: Queue<DeliveryJob>,
  municipalityId: string,
  text: string,
  at?: Date,
) {
  const broadcast = await db.broadcast.create({
    data: {
      municipalityId,
      createdBy: "test",
      audience: "placed",
      texts: { uk: text },
      status: at ? "scheduled" : "sending",
      scheduledAt: at ?? null,
    },
  });
  const people = await recipients(db, municipalityId, "placed");
  await queueDeliveries(
    db,
    deliveries,
    people.map((p) => ({
      key: `broadcast:${broadcast.id}:${p.userId}`,
      kind: "broadcast",
      userId: p.userId,
      chatId: p.chatId,
      broadcastId: broadcast.id,
      payload: { parts: [{ texts: { uk: text } }] },
      sendAfter: at ?? null,
    })),
  );
  return broadcast;
}

/**
 * A household answered "I cannot come" to an event, stored as the bot stores that button
 * (bot/features/arrival.ts): its registration and pending reminders gone, a decline row instead.
 */
export async function declineEvent(db: Db, eventId: string, intakeId: string): Promise<void> {
  await db.eventRegistration.deleteMany({ where: { eventId, intakeId } });
  await db.eventDecline.createMany({ data: [{ eventId, intakeId }], skipDuplicates: true });
  await dropReminders(db, eventId, intakeId);
}

/**
 * Open offers of one approved round, as the worker leaves them when it sends offers
 * (worker/rounds/offers.ts `sendOffers`): the households offered, then `sendOfferMessages`, whose
 * expiry job of an offer whose deadline has come runs at once.
 */
export async function queueOffers(
  db: Db,
  deliveries: Queue<DeliveryJob>,
  events: Queue<EventJob>,
  municipalityId: string,
  offers: { intakeId: string; deadline: Date }[],
) {
  const intakeIds = offers.map((o) => o.intakeId);
  await db.intake.updateMany({ where: { id: { in: intakeIds } }, data: { status: "offered" } });
  const round = await db.round.create({
    data: {
      status: "approved",
      intakeIds,
      municipalityIds: [municipalityId],
      createdBy: "test",
      approvedAt: new Date(),
      offersSentAt: new Date(),
    },
  });
  const rows = await db.offer.createManyAndReturn({
    data: offers.map((o) => ({ roundId: round.id, municipalityId, ...o })),
    include: { municipality: true, intake: { include: { user: true } } },
  });
  await sendOfferMessages(db, deliveries, events, rows);
  return rows;
}
