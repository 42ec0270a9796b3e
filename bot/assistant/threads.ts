// Support threads in the database: a question handed to a person (SupportQuestion) and its
// messages (SupportMessage). No Telegram here: the features decide what to send.
//
// Ids are derived from the Telegram message that caused the row (HMAC of chat and message id,
// keyed with a server secret), not random: Telegram delivers an update again after a crash, and the
// second insert then fails on the primary key instead of storing and notifying twice.

import { createHmac } from "node:crypto";
import type { Db } from "../../shared/db";
import type { SupportMessage, SupportQuestion, User } from "../../shared/generated/prisma/client";
import type { UserWithIntake } from "../context";

/** `q` (or `m` for a message) + 16 hex: short enough for a staff-facing reference and callback data. */
export const QUESTION_ID = /^q[0-9a-f]{16}$/;

/** `q` a question, `m` a message, `f` a person's feedback on one answer. */
export function rowId(
  secret: string,
  kind: "q" | "m" | "f",
  chatId: number | bigint,
  messageId: number,
): string {
  const mac = createHmac("sha256", secret).update(`${kind}:${chatId}:${messageId}`).digest("hex");
  return `${kind}${mac.slice(0, 16)}`;
}

/** Where a person's questions go: their municipality once they are placed there, else nowhere in particular. */
export function placeOf(user: UserWithIntake): string | null {
  const intake = user.intake;
  if (!intake || (intake.status !== "placed" && intake.status !== "arrived")) return null;
  return intake.municipalityId;
}

export type Thread = SupportQuestion & { messages: SupportMessage[] };

export function openThreadOf(db: Db, userId: string): Promise<SupportQuestion | null> {
  return db.supportQuestion.findFirst({
    where: { userId, status: "open" },
    orderBy: { updatedAt: "desc" },
  });
}

const isDuplicate = (error: unknown) => (error as { code?: string })?.code === "P2002";

/** Why a message went to a person (stored, for grouping and for staff). */
export type HandOverReason =
  | "crisis"
  | "not-confident"
  | "not-helped"
  | "asked"
  | "follow-up"
  /** a household whose answers are locked (offer, placement) says its household changed */
  | "change-request";

export interface HandOver {
  user: UserWithIntake;
  text: string;
  /** ids derived from the person's message that holds the question */
  questionId: string;
  messageId: string;
  reason: HandOverReason;
  /** the entry search found nearest, or the one that did not help */
  nearestEntryId?: string | null;
}

/**
 * Adds the text to the person's open thread, or opens a new one. `fresh` is false when this exact
 * message was stored before (a redelivered update or a second tap): nobody is notified again.
 */
export async function handOver(
  db: Db,
  { user, text, questionId, messageId, reason, nearestEntryId = null }: HandOver,
): Promise<{ question: SupportQuestion; added: "new" | "follow-up"; fresh: boolean }> {
  const open = await openThreadOf(db, user.id);
  const urgent = reason === "crisis";
  try {
    if (open) {
      // a crisis in a follow-up makes the whole thread urgent
      const [, question] = await db.$transaction([
        db.supportMessage.create({ data: { id: messageId, questionId: open.id, author: "refugee", text } }),
        db.supportQuestion.update({
          where: { id: open.id },
          data: { updatedAt: new Date(), ...(urgent ? { urgent } : {}) },
        }),
      ]);
      return { question, added: "follow-up", fresh: true };
    }
    const question = await db.supportQuestion.create({
      data: {
        id: questionId,
        userId: user.id,
        municipalityId: placeOf(user),
        language: user.language,
        urgent,
        reason,
        nearestEntryId,
        messages: { create: { id: messageId, author: "refugee", text } },
      },
    });
    return { question, added: "new", fresh: true };
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    const question = open ?? (await db.supportQuestion.findUniqueOrThrow({ where: { id: questionId } }));
    return { question, added: open ? "follow-up" : "new", fresh: false };
  }
}

/** Stores a staff answer and marks the thread answered. False when this message was stored before. */
export async function recordAnswer(
  db: Db,
  questionId: string,
  messageId: string,
  staffId: string,
  text: string,
): Promise<boolean> {
  try {
    await db.$transaction([
      db.supportMessage.create({ data: { id: messageId, questionId, author: "staff", staffId, text } }),
      db.supportQuestion.update({ where: { id: questionId }, data: { status: "answered" } }),
    ]);
    return true;
  } catch (error) {
    if (isDuplicate(error)) return false;
    throw error;
  }
}

export function threadOf(db: Db, questionId: string): Promise<(Thread & { user: User }) | null> {
  return db.supportQuestion.findUnique({
    where: { id: questionId },
    include: { messages: { orderBy: { createdAt: "asc" } }, user: true },
  });
}

/** The open threads a staff member may see, urgent ones first, then oldest first (city staff: only their municipality's). */
export async function openThreadsFor(
  db: Db,
  municipalityId: string | null | undefined,
  take: number,
): Promise<{ threads: Thread[]; total: number }> {
  const where = { status: "open" as const, ...(municipalityId !== undefined ? { municipalityId } : {}) };
  const [threads, total] = await Promise.all([
    db.supportQuestion.findMany({
      where,
      orderBy: [{ urgent: "desc" }, { createdAt: "asc" }],
      take,
      include: { messages: { orderBy: { createdAt: "asc" } } },
    }),
    db.supportQuestion.count({ where }),
  ]);
  return { threads, total };
}

/** A person's own threads, for /mydata. */
export function threadsOfUser(db: Db, userId: string): Promise<Thread[]> {
  return db.supportQuestion.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });
}

/** A person's thread, or null if it is not theirs (a forged or stale button). */
export function ownThread(db: Db, userId: string, questionId: string): Promise<SupportQuestion | null> {
  return db.supportQuestion.findFirst({ where: { id: questionId, userId } });
}

export async function setStatus(db: Db, questionId: string, status: "open" | "answered" | "closed") {
  await db.supportQuestion.updateMany({ where: { id: questionId }, data: { status } });
}
