import { Markup } from "telegraf";
import { type BroadcastAction, routes } from "../../shared/callback";
import { recipients } from "../../shared/city/notify";
import { broadcastStats } from "../../shared/city/stats";
import type { Broadcast } from "../../shared/generated/prisma/client";
import { LANGUAGES } from "../../shared/i18n";
import { textsOf } from "../../shared/messages/arrival";
import { formatBerlin } from "../../shared/messages/time";
import type { BotContext } from "../context";
import { button } from "./ui";

/** How a broadcast looks to the staff member composing or following it. */
export function audienceName(ctx: BotContext, audience: string): string {
  if (audience.startsWith("event:")) return ctx.t("arrival.staff.audience_event");
  return ctx.t(`arrival.staff.audience_${audience === "not_arrived" ? "not_arrived" : "placed"}`);
}

/** A draft: audience, languages written, time; buttons to change each, preview, send or discard. */
export async function draftCard(ctx: BotContext, b: Broadcast): Promise<void> {
  const t = ctx.t;
  const texts = textsOf(b.texts);
  const count = (await recipients(ctx.app.db, b.municipalityId, b.audience, b.intakeIds)).length;
  const languages = LANGUAGES.map((l) => `${texts[l] ? "✓" : "·"} ${l}`).join("  ");
  const when = b.scheduledAt ? formatBerlin(b.scheduledAt) : t("arrival.staff.when_now");
  const broadcastId = b.id;
  const act = (label: string, action: BroadcastAction) =>
    button(t(label), routes.broadcast, { broadcastId, action });
  await ctx.reply(
    t("arrival.staff.draft", { audience: audienceName(ctx, b.audience), count, languages, when }),
    Markup.inlineKeyboard([
      [
        act("arrival.staff.audience_placed", "audience-placed"),
        act("arrival.staff.audience_not_arrived", "audience-not-arrived"),
      ],
      [act("arrival.staff.audience_event", "audience-event")],
      LANGUAGES.map((lang) => button(`👁 ${lang}`, routes.broadcastPreview, { broadcastId, lang })),
      [act("arrival.staff.schedule", "schedule"), act("arrival.staff.send", "ask")],
      [act("arrival.staff.discard", "discard")],
    ]),
  );
}

/** A sent or scheduled broadcast: its status and figures, with refresh (and unschedule). */
export async function statsCard(ctx: BotContext, b: Broadcast, edit = false): Promise<void> {
  const s = await broadcastStats(ctx.app.db, b.id);
  let status: "cancelled" | "scheduled" | "done" | "sending" = s.pending === 0 ? "done" : "sending";
  if (b.status === "scheduled" && s.sent === 0) status = "scheduled";
  if (b.status === "cancelled") status = "cancelled";
  const stats = ctx.t("arrival.staff.stats", {
    ...s,
    failed: s.failed + s.unknown,
    audience: audienceName(ctx, b.audience),
    status: ctx.t(`arrival.staff.status_${status}`),
    when: formatBerlin(b.scheduledAt ?? b.startedAt ?? b.createdAt),
  });
  // sends whose outcome nobody can know: shown, and staff may send them again
  const text =
    s.unknown > 0 ? `${stats}\n${ctx.t("arrival.staff.stats_unknown", { count: s.unknown })}` : stats;
  const keyboard = Markup.inlineKeyboard([
    [
      button(ctx.t("arrival.staff.refresh"), routes.broadcast, { broadcastId: b.id, action: "status" }),
      ...(status === "scheduled"
        ? [
            button(ctx.t("arrival.staff.unschedule"), routes.broadcast, {
              broadcastId: b.id,
              action: "unschedule",
            }),
          ]
        : []),
    ],
    ...(s.unknown > 0
      ? [
          [
            button(ctx.t("arrival.staff.send_again", { count: s.unknown }), routes.broadcast, {
              broadcastId: b.id,
              action: "send-again",
            }),
          ],
        ]
      : []),
  ]);
  if (edit) await ctx.editMessageText(text, keyboard).catch(() => ctx.reply(text, keyboard));
  else await ctx.reply(text, keyboard);
}
