import { createHmac } from "node:crypto";
import type { Queue } from "bullmq";
import type { Db } from "./db";
import type { DeliveryJob } from "./delivery";
import { Prisma } from "./generated/prisma/client";
import type { EventJob } from "./queues";
import { storedResultSchema } from "./rounds/result";

/**
 * The one erasure of a person, for /delete (bot/features/account.ts) and for the retention sweep
 * (worker/jobs/retention.ts). In one transaction: the person's rows go (questionnaire, consents,
 * offers, arrival, registrations, questions and deliveries cascade), the household leaves the
 * stored results of matching rounds (Round.intakeIds and the assignments, unplaced entries and
 * overrides of Round.result, with their factor scores; the report keeps its anonymous counts),
 * rows tied to the same Telegram id go too (a staff role, console sessions and login links; an
 * invitation keeps no trace of who used it), and an anonymous count stays. Then the queued jobs
 * about the person (offer reminders and expiry, deliveries) are removed, so none runs for nobody.
 */
export interface ErasureQueues {
  events: Queue<EventJob>;
  deliveries: Queue<DeliveryJob>;
  /** keys the short-lived "erased at" mark (the bot token: both processes have it) */
  secret: string;
}

/** How long a consent button stays valid (bot/features/start.ts), and so the "erased at" mark. */
export const CONSENT_BUTTON_MS = 60 * 60_000;

function erasedKey(queues: ErasureQueues, telegramId: bigint | number): string {
  const mac = createHmac("sha256", queues.secret).update(`erased:${telegramId}`).digest("hex").slice(0, 24);
  return `${queues.events.opts.prefix ?? "bull"}:erased:${mac}`;
}

/**
 * When this Telegram id was erased, if within the last hour: a consent button drawn before that
 * must not bring the account back without the consent text. Only a keyed hash, for an hour.
 */
export async function erasedAt(queues: ErasureQueues, telegramId: bigint | number): Promise<number | null> {
  const value = await (await queues.events.client).get(erasedKey(queues, telegramId));
  return value ? Number(value) : null;
}

/** Whether the person was erased now (false: someone else erased them first). */
export async function eraseUser(db: Db, queues: ErasureQueues, userId: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      intake: { include: { offers: { select: { id: true, deadline: true } } } },
      deliveries: { where: { status: { in: ["pending", "sending"] } }, select: { id: true } },
    },
  });
  if (!user) return false;
  const intake = user.intake;
  const erased = await db.$transaction(async (tx) => {
    if (intake) await removeFromRounds(tx, intake.id);
    await tx.staffMember.deleteMany({ where: { telegramId: user.telegramId } });
    await tx.staffSession.deleteMany({ where: { telegramId: user.telegramId } });
    await tx.loginToken.deleteMany({ where: { telegramId: user.telegramId } });
    await tx.inviteCode.updateMany({ where: { usedBy: user.telegramId }, data: { usedBy: null } });
    const gone = await tx.user.deleteMany({ where: { id: user.id } });
    if (gone.count === 0) return false;
    await tx.erasureTombstone.create({
      data: { wasRegistered: intake !== null && intake.status !== "in_progress" },
    });
    return true;
  });
  if (!erased) return false;
  const eventJobs = [
    ...(intake ? [`intake-submitted-${intake.id}`] : []),
    ...(intake?.offers ?? []).flatMap((o) => {
      const at = o.deadline.getTime();
      return [`offer-reminder-${o.id}-${at}`, `offer-expire-${o.id}-${at}`, `offer-accepted-${o.id}`];
    }),
  ];
  const redis = await queues.events.client;
  await redis.set(erasedKey(queues, user.telegramId), String(Date.now()), { PX: CONSENT_BUTTON_MS });
  await Promise.all([
    ...eventJobs.map((id) => queues.events.remove(id).catch(() => 0)),
    ...user.deliveries.map((d) => queues.deliveries.remove(d.id).catch(() => 0)),
  ]);
  return true;
}

/** Takes one household out of every stored round: its id, its place or its reasons, its overrides. */
async function removeFromRounds(tx: Prisma.TransactionClient, intakeId: string): Promise<void> {
  const rounds = await tx.round.findMany({
    where: { intakeIds: { has: intakeId } },
    select: { id: true, intakeIds: true, result: true },
  });
  for (const round of rounds) {
    const parsed = round.result ? storedResultSchema.safeParse(round.result) : null;
    const result = parsed?.success
      ? {
          ...parsed.data,
          assignments: parsed.data.assignments.filter((a) => a.intakeId !== intakeId),
          unplaced: parsed.data.unplaced.filter((u) => u.intakeId !== intakeId),
          overrides: parsed.data.overrides.filter((o) => o.intakeId !== intakeId),
        }
      : null;
    await tx.round.update({
      where: { id: round.id },
      data: {
        intakeIds: round.intakeIds.filter((id) => id !== intakeId),
        // a result that does not read back (an older shape) cannot be cleaned: it goes
        ...(round.result ? { result: result ? (result as Prisma.InputJsonValue) : Prisma.DbNull } : {}),
      },
    });
  }
}
