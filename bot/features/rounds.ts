import { Composer, Markup } from "telegraf";
import { HouseholdAnswers } from "../../core/answers";
import { audit } from "../../shared/audit";
import { pack, routes } from "../../shared/callback";
import { remainingOf } from "../../shared/capacity";
import type { Db } from "../../shared/db";
import type { Municipality } from "../../shared/generated/prisma/client";
import { LANGUAGES } from "../../shared/i18n";
import { formatBerlin } from "../../shared/messages/time";
import { decideRound, enqueueCompute, openRound } from "../../shared/rounds/decide";
import { storedResultSchema } from "../../shared/rounds/result";
import { chunk } from "../../shared/text";
import { onButton } from "../buttons";
import type { BotContext } from "../context";
import {
  type Keyword,
  type Keywords,
  parseRoundSelection,
  type RoundSelection,
  resolveMunicipalities,
} from "../rounds/selection";
import { only, requireStaff } from "../staff/access";

/** Matching rounds for caseworkers: start, watch, review, approve or discard. */
export const rounds = new Composer<BotContext>();

/**
 * Households waiting for a place (earliest registration first) and the municipalities (of
 * `all`) with at least one free bed, narrowed by the caseworker's selection.
 */
async function pool(ctx: BotContext, selection: RoundSelection, all: Municipality[]) {
  const { db } = ctx.app;
  const waiting = await db.intake.findMany({
    where: { status: "registered", onHold: false },
    select: { id: true, state: true },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
  });
  const intakes = selection.first === undefined ? waiting : waiting.slice(0, selection.first);
  const municipalities = all.filter(
    (m) =>
      remainingOf(m).persons > 0 &&
      (!selection.only || selection.only.has(m.id)) &&
      !selection.without?.has(m.id),
  );
  const people = intakes.reduce((n, i) => n + HouseholdAnswers.of(i.state).size, 0);
  return { intakes, municipalities, people };
}

/**
 * `/round [first N] [only A, B] [without C, D]`: an overview of who and which municipalities
 * a round would match, kept as a draft round so that "start" runs exactly what was shown.
 * A new /round replaces an earlier draft.
 */
/** `/round` keywords in every staff language (rounds.keywords.*), beside the English ones. */
function roundKeywords(ctx: BotContext): Keywords {
  const words = (k: Keyword) =>
    LANGUAGES.flatMap((l) => ctx.app.i18n.t(l)(`rounds.keywords.${k}`).split(",")).map((w) => w.trim());
  return { first: words("first"), only: words("only"), without: words("without") };
}

/** An open round blocks a new one; whatever happened to its work, it can always be discarded from here. */
function replyStillOpen(ctx: BotContext, open: { id: string; number: number; status: string }) {
  return ctx.reply(
    ctx.t("rounds.still_open", { number: open.number, status: ctx.t(`rounds.status.${open.status}`) }),
    Markup.inlineKeyboard([
      [
        Markup.button.callback(
          ctx.t("rounds.discard"),
          pack(routes.round, { roundId: open.id, decision: "discard" }),
        ),
      ],
    ]),
  );
}

/** One draft at a time, reused (its number becomes the round's). */
async function saveDraft(
  db: Db,
  data: { intakeIds: string[]; municipalityIds: string[]; createdBy: string; chatId: bigint | null },
) {
  const existing = await db.round.findFirst({ where: { status: "draft" }, orderBy: { number: "asc" } });
  const draft = existing
    ? await db.round.update({ where: { id: existing.id }, data })
    : await db.round.create({ data: { ...data, status: "draft" } });
  await db.round.deleteMany({ where: { status: "draft", id: { not: draft.id } } });
  return draft;
}

/** The two ways to start a draft; the token is its last change, so an older overview's "start" cannot start a newer selection. */
function startButtons(ctx: BotContext, draft: { id: string; updatedAt: Date }) {
  const token = draft.updatedAt.getTime().toString(36);
  return Markup.inlineKeyboard([
    [
      Markup.button.callback(
        ctx.t("rounds.start"),
        pack(routes.roundStart, { draftId: draft.id, token, relatives: "bonus" }),
      ),
    ],
    [
      Markup.button.callback(
        ctx.t("rounds.start_require"),
        pack(routes.roundStart, { draftId: draft.id, token, relatives: "require" }),
      ),
    ],
  ]);
}

rounds.command("round", async (ctx) => {
  const staff = await requireStaff(ctx, "caseworker", "admin");
  if (!staff) return;
  const open = await openRound(ctx.app.db);
  if (open) return replyStillOpen(ctx, open);
  const { db } = ctx.app;
  const parsed = parseRoundSelection(ctx.message.text.replace(/^\/round(@\w+)?/i, ""), roundKeywords(ctx));
  if (!parsed.ok) return ctx.reply(ctx.t("rounds.selection_invalid"));
  const all = await db.municipality.findMany({ orderBy: { id: "asc" } });
  const resolved = resolveMunicipalities(parsed.selection, all);
  if (resolved.unknown.length > 0) {
    return ctx.reply(ctx.t("rounds.selection_unknown", { names: resolved.unknown.join(", ") }));
  }
  const { intakes, municipalities, people } = await pool(ctx, resolved.selection, all);
  if (intakes.length === 0 || municipalities.length === 0) return ctx.reply(ctx.t("rounds.nothing"));
  const draft = await saveDraft(db, {
    intakeIds: intakes.map((i) => i.id),
    municipalityIds: municipalities.map((m) => m.id),
    createdBy: staff.id,
    chatId: ctx.chat ? BigInt(ctx.chat.id) : null,
  });
  const chosen = resolved.selection.only || resolved.selection.without;
  const lines = [
    ctx.t("rounds.overview", { households: intakes.length, people, municipalities: municipalities.length }),
    ...(chosen
      ? [ctx.t("rounds.selection_municipalities", { names: municipalities.map((m) => m.name).join(", ") })]
      : []),
    ctx.t("rounds.selection_hint"),
  ];
  await ctx.reply(lines.join("\n\n"), startButtons(ctx, draft));
});

rounds.command("rounds", only("caseworker", "admin"), async (ctx) => {
  const list = await ctx.app.db.round.findMany({ orderBy: { number: "desc" }, take: 10 });
  if (list.length === 0) return ctx.reply(ctx.t("rounds.list_empty"));
  const lines = list.map((r) =>
    ctx.t("rounds.list_line", {
      number: r.number,
      status: ctx.t(`rounds.status.${r.status}`),
      date: formatBerlin(r.createdAt),
    }),
  );
  await ctx.reply(`${ctx.t("rounds.list_title")}\n${lines.join("\n")}`);
});

rounds.command("municipalities", only("caseworker", "admin"), async (ctx) => {
  const list = await ctx.app.db.municipality.findMany({ orderBy: { name: "asc" } });
  if (list.length === 0) return ctx.reply(ctx.t("rounds.municipalities_empty"));
  const lines = list.map((m) => {
    const free = remainingOf(m);
    return ctx.t("rounds.municipalities_line", {
      name: m.name,
      id: m.id,
      persons: free.persons,
      units: `${free.units1to2}/${free.units3to4}/${free.units5plus}`,
      school: free.schoolPlaces,
      kita: free.kindergartenPlaces,
      accessible: free.accessibleUnits,
    });
  });
  for (const text of chunk([ctx.t("rounds.municipalities_title"), ...lines])) await ctx.reply(text);
});

/** "Start": the draft shown in the overview is queued; the worker computes it and reports back here. */
onButton(rounds, routes.roundStart, async (ctx, { draftId, token, relatives }) => {
  const staff = await requireStaff(ctx, "caseworker", "admin");
  if (!staff) return;
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  const { db, events } = ctx.app;
  const open = await openRound(ctx.app.db);
  if (open) {
    if (open.id === draftId) return; // a second tap: the first one started it
    await ctx.reply(
      ctx.t("rounds.still_open", { number: open.number, status: ctx.t(`rounds.status.${open.status}`) }),
    );
    return;
  }
  // One conditional update: of two taps, or two caseworkers, only one starts the draft.
  const shown = new Date(Number.parseInt(token, 36));
  const started = await db.round.updateMany({
    where: { id: draftId, status: "draft", updatedAt: shown },
    data: {
      status: "queued",
      settings: { relatives },
      createdBy: staff.id,
      chatId: ctx.chat ? BigInt(ctx.chat.id) : null,
    },
  });
  if (started.count === 0) {
    const round = await db.round.findUnique({ where: { id: draftId } });
    if (round?.status !== "queued" && round?.status !== "computing")
      await ctx.reply(ctx.t("rounds.draft_gone"));
    return;
  }
  const round = await db.round.findUniqueOrThrow({ where: { id: draftId } });
  const intakes = round.intakeIds;
  const message = await ctx.reply(ctx.t("rounds.progress", { number: round.number, percent: 0 }));
  await db.round.update({ where: { id: round.id }, data: { progressMessageId: message.message_id } });
  await audit(db, staff.id, "round.start", round.id, { households: intakes.length, relatives });
  await enqueueCompute(events, round.id);
});

/** Approve or discard a computed round. */
onButton(rounds, routes.round, async (ctx, { roundId, decision }) => {
  const staff = await requireStaff(ctx, "caseworker", "admin");
  if (!staff) return;
  const { db, events } = ctx.app;
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) return;
  const decided = await decideRound(db, events, staff.id, roundId, decision);
  if (!decided.ok) {
    const now = decided.round?.status ?? round.status;
    await ctx.reply(ctx.t("rounds.not_computed", { status: ctx.t(`rounds.status.${now}`) }));
    return;
  }
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (decision === "discard") {
    await ctx.reply(ctx.t("rounds.discarded", { number: round.number }));
    return;
  }
  const result = storedResultSchema.parse(decided.round.result);
  await ctx.reply(ctx.t("rounds.approved", { number: round.number, households: result.assignments.length }));
});
