import type { Config } from "../../shared/config";
import type { Db } from "../../shared/db";
import { type DeliveryPayload, queueDeliveries } from "../../shared/delivery";
import type { WorkerDeps } from "../deps";

/**
 * Caseworkers and admins hear of registrations, declined and expired offers in one digest per
 * period (STAFF_DIGEST_MINUTES, daily by default), each in their own language, never one message
 * per household: counts only, no names. A sweep (worker/reconcile/schedulers.ts) runs it; each run is a StaffDigest
 * row covering the time since the previous one, and its messages are keyed by that row, so a
 * retried run sends nothing twice and a missed one is caught up by the next.
 */
export const STAFF_DIGEST_SCHEDULER = "staff-digest";

/**
 * A period ends this long before its run (half the interval, at most a minute): a registration
 * or answer is stamped before its transaction commits, so one stamped just before a run but
 * committed just after it would otherwise fall in a period already counted and never be told.
 */
export const settleMs = (intervalMs: number) => Math.min(intervalMs / 2, 60_000);

export type DigestDeps = Pick<WorkerDeps, "db" | "deliveries"> & {
  config: Pick<Config, "STAFF_DIGEST_MINUTES" | "ADMIN_TELEGRAM_IDS">;
};

export interface DigestCounts {
  registered: number;
  declined: number;
  expired: number;
  /** households waiting for a round now */
  waiting: number;
}

export async function digestCounts(db: Db, from: Date, to: Date): Promise<DigestCounts> {
  const period = { gte: from, lt: to };
  const [registered, declined, expired, waiting] = await Promise.all([
    db.intake.count({ where: { submittedAt: period, status: { not: "in_progress" } } }),
    db.offer.count({ where: { status: "declined", answeredAt: period } }),
    db.offer.count({ where: { status: "expired", answeredAt: period } }),
    db.intake.count({ where: { status: "registered", onHold: false } }),
  ]);
  return { registered, declined, expired, waiting };
}

/** Caseworkers (their rows) and admins (ADMIN_TELEGRAM_IDS, with or without a row). */
async function readers(deps: DigestDeps): Promise<{ key: string; chatId: bigint }[]> {
  const rows = await deps.db.staffMember.findMany({
    where: { OR: [{ role: "caseworker" }, { telegramId: { in: deps.config.ADMIN_TELEGRAM_IDS } }] },
    select: { telegramId: true, chatId: true, role: true },
  });
  const admins = new Set(deps.config.ADMIN_TELEGRAM_IDS);
  const out = new Map<bigint, bigint>();
  for (const r of rows)
    if (r.role === "caseworker" || admins.has(r.telegramId)) out.set(r.telegramId, r.chatId);
  for (const id of admins) if (!out.has(id)) out.set(id, id); // a private chat's id is the user's
  return [...out].map(([telegramId, chatId]) => ({ key: telegramId.toString(), chatId }));
}

export async function staffDigest(deps: DigestDeps, now = new Date()): Promise<void> {
  const { db, config } = deps;
  const interval = config.STAFF_DIGEST_MINUTES * 60_000;
  const end = new Date(now.getTime() - settleMs(interval));
  const last = await db.staffDigest.findFirst({ orderBy: { periodEnd: "desc" } });
  // a run retried soon after (or a second worker's) sends the same digest again: same keys, once
  const digest =
    last && end.getTime() - last.periodEnd.getTime() < interval / 2
      ? last
      : await db.staffDigest.create({
          data: { periodStart: last?.periodEnd ?? new Date(end.getTime() - interval), periodEnd: end },
        });
  const counts = await digestCounts(db, digest.periodStart, digest.periodEnd);
  if (counts.registered + counts.declined + counts.expired === 0) return; // nothing happened: no message
  const people = await readers(deps);
  const count = (key: string, n: number) => ({ key: `staff.digest.${key}`, params: { count: n } });
  const payload: DeliveryPayload = {
    parts: [
      {
        key: "staff.digest.title",
        params: { fromAt: digest.periodStart.getTime(), toAt: digest.periodEnd.getTime() },
      },
      count("registered", counts.registered),
      count("declined", counts.declined),
      count("expired", counts.expired),
      count("waiting", counts.waiting),
    ],
  };
  await queueDeliveries(
    db,
    deps.deliveries,
    people.map((p) => ({
      key: `staff-digest:${digest.id}:${p.key}`,
      kind: "staff-notice",
      chatId: p.chatId,
      payload,
    })),
  );
}
