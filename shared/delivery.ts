import type { Queue } from "bullmq";
import { z } from "zod";
import type { Db } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { LANGUAGES } from "./i18n";

/**
 * The one delivery path for bulk and scheduled messages (offers, reminders, broadcasts,
 * arrival details, notices). Producers (bot or worker) call `queueDeliveries`: one Delivery row
 * per message × recipient, unique by `key`, then one job per row on the `deliveries` queue.
 * The worker (worker/delivery/) renders the payload in the recipient's language at send time
 * and sends it within Telegram's limits. Exactly once: the row is the truth, the job a nudge.
 */
export const DELIVERIES_QUEUE = "deliveries";

/** What the worker says in `error` when it cannot know whether Telegram delivered the message. */
export const INTERRUPTED = "interrupted: outcome unknown";

const params = z.record(z.string(), z.union([z.string(), z.number()]));
const lang = z.enum(LANGUAGES);

/** A text: a locale key with its placeholders, or texts written per language by staff. */
export const deliveryText = z.union([
  z.object({ key: z.string().min(1), params: params.optional() }),
  z.object({ texts: z.partialRecord(lang, z.string().min(1).max(4000)) }),
]);

export const deliveryPayload = z.object({
  /** paragraphs, joined with a blank line */
  parts: z.array(deliveryText).min(1),
  /** inline buttons: a locale key for the label (or a literal label) and the callback data */
  buttons: z
    .array(
      z.array(
        z.object({
          label: deliveryText,
          data: z.string().min(1).max(64),
        }),
      ),
    )
    .optional(),
});
export type DeliveryPayload = z.infer<typeof deliveryPayload>;

export const deliveryJob = z.object({ deliveryId: z.string().min(1) });
export type DeliveryJob = z.infer<typeof deliveryJob>;

export interface NewDelivery {
  /** unique per message × recipient, e.g. `offer:<offerId>`, `broadcast:<id>:<userId>` */
  key: string;
  kind: string;
  /** the refugee (null for staff recipients) */
  userId?: string | null;
  chatId: bigint;
  payload: DeliveryPayload;
  broadcastId?: string | null;
  /** not before this moment (scheduled sends and reminders) */
  sendAfter?: Date | null;
}

/**
 * Stores the deliveries (a key that exists already is skipped: calling twice sends once) and
 * enqueues a job for every stored row that is still pending. Safe to call again after a crash.
 */
export async function queueDeliveries(
  db: Db,
  queue: Queue<DeliveryJob>,
  items: NewDelivery[],
): Promise<number> {
  if (items.length === 0) return 0;
  for (const item of items) deliveryPayload.parse(item.payload);
  await db.delivery.createMany({
    data: items.map((i) => ({
      key: i.key,
      kind: i.kind,
      userId: i.userId ?? null,
      chatId: i.chatId,
      payload: i.payload as Prisma.InputJsonValue,
      broadcastId: i.broadcastId ?? null,
      sendAfter: i.sendAfter ?? null,
    })),
    skipDuplicates: true,
  });
  const rows = await db.delivery.findMany({
    where: { key: { in: items.map((i) => i.key) }, status: "pending" },
    select: { id: true, sendAfter: true },
  });
  const now = Date.now();
  await queue.addBulk(
    rows.map((r) => ({
      name: "deliver",
      data: { deliveryId: r.id },
      opts: { jobId: r.id, delay: r.sendAfter ? Math.max(0, r.sendAfter.getTime() - now) : 0 },
    })),
  );
  return rows.length;
}
