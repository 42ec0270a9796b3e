import type { Queue } from "bullmq";
import { factsOf, HouseholdAnswers } from "../../core/answers";
import {
  type AnswerValue,
  applyAnswer,
  type IntakeState,
  type Questionnaire,
} from "../../core/questionnaire";
import { audit } from "../../shared/audit";
import type { Db } from "../../shared/db";
import { type DeliveryJob, queueDeliveries } from "../../shared/delivery";
import type { Prisma } from "../../shared/generated/prisma/client";
import { offerWithdrawnPayload } from "../../shared/messages/offers";
import { intakeContext } from "./card";

/**
 * What a caseworker does to one household: correct answers (through the questionnaire engine),
 * hold it back from rounds or release it, withdraw it. Each change is one conditional statement
 * on the row's current state, audited (ids only), and the person is told of corrections.
 */
export type CorrectionResult =
  | { ok: true; version: number }
  | { ok: false; error: "not_found" | "locked" | "stale" }
  | { ok: false; error: "invalid"; slot: string; key: string; params: Record<string, unknown> }
  | { ok: false; error: "needs_more"; slot: string; state: IntakeState };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function valueAt(q: Questionnaire, state: IntakeState, key: string): AnswerValue | undefined {
  return q.valueOf(state, key);
}

export async function correctAnswers(
  db: Db,
  deliveries: Queue<DeliveryJob>,
  questionnaire: Questionnaire,
  staffId: string,
  intakeId: string,
  version: number,
  changes: { slot: string; value: AnswerValue }[],
): Promise<CorrectionResult> {
  const intake = await db.intake.findUnique({ where: { id: intakeId }, include: { user: true } });
  if (!intake) return { ok: false, error: "not_found" };
  if (intake.status !== "registered") return { ok: false, error: "locked" };
  if (intake.version !== version) return { ok: false, error: "stale" };
  const context = await intakeContext(db);
  const before = HouseholdAnswers.of(intake.state).state;
  let state = before;
  for (const change of changes) {
    const step = applyAnswer(questionnaire, state, context, change.slot, change.value);
    if (!step.ok)
      return {
        ok: false,
        error: "invalid",
        slot: change.slot,
        key: step.error.key,
        params: step.error.params ?? {},
      };
    state = step.state;
  }
  const next = questionnaire.current(state, context);
  if (next) return { ok: false, error: "needs_more", slot: next.key, state };
  state = { ...state, current: "review", draft: undefined };
  const changed = changes.filter(
    (c) => !same(valueAt(questionnaire, before, c.slot), valueAt(questionnaire, state, c.slot)),
  );
  const f = factsOf(new HouseholdAnswers(state));
  const saved = await db.$transaction(async (tx) => {
    const n = await tx.intake.updateMany({
      where: { id: intakeId, version, status: "registered" },
      data: { state: state as unknown as Prisma.InputJsonValue, version: { increment: 1 }, ...f },
    });
    if (n.count === 0) return false;
    await tx.intakeChange.createMany({
      data: changed.map((c) => ({
        intakeId,
        staffId,
        slot: c.slot,
        before: (valueAt(questionnaire, before, c.slot) ?? null) as Prisma.InputJsonValue,
        after: (valueAt(questionnaire, state, c.slot) ?? null) as Prisma.InputJsonValue,
      })),
    });
    return true;
  });
  if (!saved) return { ok: false, error: "stale" };
  await audit(db, staffId, "household.correct", intakeId, { slots: changed.map((c) => c.slot).join(",") });
  if (changed.length > 0)
    await tellPerson(
      db,
      deliveries,
      intake,
      version + 1,
      changed.map((c) => c.slot),
      questionnaire,
      state,
      context,
    );
  return { ok: true, version: version + 1 };
}

/** The person hears which answers a caseworker corrected (the labels, in their language). */
async function tellPerson(
  db: Db,
  deliveries: Queue<DeliveryJob>,
  intake: { id: string; userId: string; user: { chatId: bigint } },
  version: number,
  slots: string[],
  questionnaire: Questionnaire,
  state: IntakeState,
  context: Awaited<ReturnType<typeof intakeContext>>,
) {
  const labels = slots
    .map((key) => questionnaire.slot(state, context, key)?.question.label)
    .filter((label): label is string => label !== undefined);
  await queueDeliveries(db, deliveries, [
    {
      key: `answers-corrected:${intake.id}:${version}`,
      kind: "answers-corrected",
      userId: intake.userId,
      chatId: intake.user.chatId,
      payload: {
        parts: [
          { key: "console.notice.answers_corrected" },
          ...[...new Set(labels)].map((label) => ({ key: `intake.${label}.short` })),
          { key: "console.notice.answers_corrected_see" },
        ],
      },
    },
  ]);
}

/** Held back from rounds (with the caseworker's reason), or released again. */
export async function setHold(
  db: Db,
  staffId: string,
  intakeId: string,
  reason: string | null,
): Promise<boolean> {
  const hold = reason !== null;
  const n = await db.intake.updateMany({
    where: { id: intakeId, status: "registered", onHold: !hold },
    data: { onHold: hold, holdReason: reason },
  });
  if (n.count === 1) await audit(db, staffId, hold ? "household.hold" : "household.release", intakeId);
  return n.count === 1;
}

/**
 * A caseworker's priority for vulnerability, 0 (none) to 3: the matching engine gives it
 * welfare wherever the household is placed, and municipalities take it first. Never asked of
 * the household itself. Audited with the level (a number, no personal data).
 */
export async function setPriority(
  db: Db,
  staffId: string,
  intakeId: string,
  priority: number,
): Promise<boolean> {
  const n = await db.intake.updateMany({
    where: { id: intakeId, status: { in: ["registered", "offered"] } },
    data: { priority },
  });
  if (n.count === 1) await audit(db, staffId, "household.priority", intakeId, { priority: String(priority) });
  return n.count === 1;
}

/**
 * The household leaves the programme; an open offer is withdrawn with it, and the household is
 * told, as when the offer alone is withdrawn (its buttons would otherwise seem to still hold).
 */
export async function withdraw(
  db: Db,
  deliveries: Queue<DeliveryJob>,
  staffId: string,
  intakeId: string,
  reason: string,
): Promise<boolean> {
  const open = await db.offer.findMany({
    where: { intakeId, status: "pending" },
    include: { municipality: { select: { name: true } }, intake: { include: { user: true } } },
  });
  const done = await db.$transaction(async (tx) => {
    const n = await tx.intake.updateMany({
      where: { id: intakeId, status: { in: ["registered", "offered"] } },
      data: { status: "withdrawn", withdrawnAt: new Date(), withdrawReason: reason, onHold: false },
    });
    if (n.count === 0) return false;
    await tx.offer.updateMany({
      where: { id: { in: open.map((o) => o.id) }, status: "pending" },
      data: { status: "cancelled", answeredAt: new Date(), reason: "withdrawn" },
    });
    return true;
  });
  if (!done) return false;
  await queueDeliveries(
    db,
    deliveries,
    open.map((offer) => ({
      key: `offer-withdrawn:${offer.id}`,
      kind: "offer-withdrawn",
      userId: offer.intake.userId,
      chatId: offer.intake.user.chatId,
      payload: offerWithdrawnPayload(offer.municipality.name),
    })),
  );
  await audit(db, staffId, "household.withdraw", intakeId);
  return true;
}
