import { Composer, Markup } from "telegraf";
import { pack, routes } from "../../shared/callback";
import { summaryBlocks } from "../../shared/messages/answers";
import { chunk } from "../../shared/text";
import { threadsBlock, threadsExport } from "../assistant/render";
import { threadsOfUser } from "../assistant/threads";
import { onButton } from "../buttons";
import type { BotContext, UserWithIntake } from "../context";
import { intakeContext } from "../intake/flow";
import { stateOf } from "../intake/store";

/** The person's own account: status, help, their data (export) and erasure. */
export const account = new Composer<BotContext>();

account.help((ctx) => ctx.reply(ctx.t("help.text")));

account.command("status", async (ctx) => {
  const current = ctx.user?.intake;
  if (!current) return ctx.reply(ctx.t("status.none"));
  if (current.status === "registered") {
    return ctx.reply(
      ctx.t("status.registered", { date: current.submittedAt?.toISOString().slice(0, 10) ?? "" }),
    );
  }
  const state = stateOf(current);
  if (state.current === "review") return ctx.reply(ctx.t("status.review"));
  const { answered, total } = ctx.app.questionnaire.progress(state, await intakeContext(ctx));
  return ctx.reply(ctx.t("status.in_progress", { answered, total }));
});

account.command("cancel", async (ctx) => {
  await ctx.reply(ctx.t(ctx.user ? "cancel.done" : "cancel.nothing"));
});

/** Everything stored about a person, as plain data: the same content as the readable message. */
export async function exportData(ctx: BotContext, user: UserWithIntake) {
  const consents = await ctx.app.db.consentEvent.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
    select: { version: true, decision: true, createdAt: true },
  });
  const state = user.intake ? stateOf(user.intake) : null;
  const threads = await threadsOfUser(ctx.app.db, user.id);
  return {
    exportedAt: new Date().toISOString(),
    account: {
      telegramId: user.telegramId.toString(),
      chatId: user.chatId.toString(),
      language: user.language,
      consentVersion: user.consentVersion,
      consentAt: user.consentAt.toISOString(),
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    consents: consents.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    questionnaire: user.intake
      ? {
          status: user.intake.status,
          submittedAt: user.intake.submittedAt?.toISOString() ?? null,
          answers: state?.answers ?? {},
          householdMembers: state?.groups.members ?? [],
          selectionInProgress: state?.draft ?? null,
          placedIn: user.intake.municipalityId,
          placedAt: user.intake.placedAt?.toISOString() ?? null,
          declinedMunicipalities: user.intake.declined,
        }
      : null,
    offers: user.intake
      ? (
          await ctx.app.db.offer.findMany({
            where: { intakeId: user.intake.id },
            orderBy: { createdAt: "asc" },
            select: {
              municipalityId: true,
              status: true,
              deadline: true,
              reason: true,
              answeredAt: true,
              createdAt: true,
            },
          })
        ).map((o) => ({
          ...o,
          deadline: o.deadline.toISOString(),
          answeredAt: o.answeredAt?.toISOString() ?? null,
          createdAt: o.createdAt.toISOString(),
        }))
      : [],
    /** questions handed to a person, with the answers (bot/assistant) */
    supportThreads: threadsExport(threads),
  };
}

account.command("mydata", async (ctx) => {
  const user = ctx.user;
  if (!user) return ctx.reply(ctx.t("delete.nothing"));
  const data = await exportData(ctx, user);
  const status = user.intake?.status === "registered" ? "registered" : "in_progress";
  const blocks = [
    ctx.t("mydata.intro"),
    ctx.t("mydata.account", {
      language: ctx.t("language.name"),
      consentAt: user.consentAt.toISOString().slice(0, 16).replace("T", " "),
      version: user.consentVersion,
      status: ctx.t(`mydata.status_${status}`),
    }),
  ];
  if (user.intake) {
    const context = await intakeContext(ctx);
    blocks.push(
      ...summaryBlocks(ctx.t, ctx.app.questionnaire.summary(stateOf(user.intake), context), context),
    );
  }
  blocks.push(...threadsBlock(ctx.t, await threadsOfUser(ctx.app.db, user.id)));
  for (const text of chunk(blocks)) await ctx.reply(text);
  await ctx.replyWithDocument(
    { source: Buffer.from(JSON.stringify(data, null, 2)), filename: "rematch-my-data.json" },
    { caption: ctx.t("mydata.file_caption") },
  );
});

account.command("delete", async (ctx) => {
  if (!ctx.user) return ctx.reply(ctx.t("delete.nothing"));
  await ctx.reply(
    ctx.t("delete.confirm"),
    Markup.inlineKeyboard([
      [Markup.button.callback(ctx.t("delete.yes"), pack(routes.erase, { decision: "yes" }))],
      [Markup.button.callback(ctx.t("delete.no"), pack(routes.erase, { decision: "no" }))],
    ]),
  );
});

onButton(account, routes.erase, async (ctx, { decision }) => {
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (decision === "no") {
    await ctx.reply(ctx.t("delete.kept"));
    return;
  }
  const user = ctx.user;
  if (!user) {
    await ctx.reply(ctx.t("delete.nothing"));
    return;
  }
  // One transaction: the person's rows go (intake and consents cascade), an anonymous count stays.
  await ctx.app.db.$transaction([
    ctx.app.db.user.deleteMany({ where: { id: user.id } }),
    ctx.app.db.erasureTombstone.create({ data: { wasRegistered: user.intake?.status === "registered" } }),
  ]);
  ctx.user = null;
  ctx.app.logger.info({ event: "user-erased" }, "personal data erased on request");
  await ctx.reply(ctx.t("delete.done"));
});
