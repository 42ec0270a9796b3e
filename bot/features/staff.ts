import { createHash, randomBytes } from "node:crypto";
import { Composer } from "telegraf";
import { z } from "zod";
import { audit } from "../../shared/audit";
import type { StaffRole } from "../../shared/generated/prisma/client";
import { findStaff } from "../../shared/staff";
import type { BotContext } from "../context";
import { only, staffOf } from "../staff/access";
import { clearStaffMenu, setStaffMenu } from "../staff/menus";

/** Roles: admins invite or grant caseworkers and city staff (bound to one municipality). */
export const staff = new Composer<BotContext>();

const INVITE_DAYS = 7;
const hash = (code: string) => createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
const args = (ctx: BotContext) =>
  (ctx.message && "text" in ctx.message ? ctx.message.text : "").trim().split(/\s+/).slice(1);

/** Wrong /join codes an account may send in JOIN_WINDOW_MINUTES (the text says "a quarter of an hour"). */
const JOIN_FAILURES = 5;
const JOIN_WINDOW_MINUTES = 15;

/**
 * "caseworker" | "city <municipality-id>" → a role and its municipality. Admins are not granted
 * here: they come only from ADMIN_TELEGRAM_IDS (shared/staff.ts).
 */
const roleArgs = z.union([
  z
    .tuple([z.literal("caseworker")])
    .transform(() => ({ role: "caseworker" as StaffRole, municipalityId: null })),
  z
    .tuple([z.literal("city"), z.string().regex(/^[a-z0-9-]+$/)])
    .transform(([, municipalityId]) => ({ role: "city_staff" as StaffRole, municipalityId })),
]);

async function parseRole(ctx: BotContext, words: string[]) {
  if (words[0]?.toLowerCase() === "admin") {
    await ctx.reply(ctx.t("ops.admin_env_only"));
    return null;
  }
  const parsed = roleArgs.safeParse(words);
  if (!parsed.success) {
    await ctx.reply(ctx.t("staff.usage_role"));
    return null;
  }
  const { municipalityId } = parsed.data;
  if (municipalityId && !(await ctx.app.db.municipality.findUnique({ where: { id: municipalityId } }))) {
    await ctx.reply(ctx.t("staff.unknown_municipality", { id: municipalityId }));
    return null;
  }
  return parsed.data;
}

function roleName(ctx: BotContext, role: StaffRole, municipalityId: string | null): string {
  return municipalityId
    ? ctx.t("staff.role_city", { municipality: municipalityId })
    : ctx.t(`staff.role_${role}`);
}

/** The person's command menu follows their new role (shown the next time they open the chat). */
async function refreshMenu(ctx: BotContext, telegramId: bigint, chatId: number): Promise<void> {
  const { db, config, i18n, logger } = ctx.app;
  const member = await findStaff(db, config.ADMIN_TELEGRAM_IDS, telegramId);
  if (!member) return;
  await setStaffMenu(ctx.telegram, i18n, config, member, chatId).catch((error: Error) =>
    logger.warn({ event: "staff-menu", message: error.message }, "command menu not set"),
  );
}

staff.command("invite", only("admin"), async (ctx) => {
  const role = await parseRole(ctx, args(ctx));
  if (!role) return;
  const me = await staffOf(ctx);
  const code = randomBytes(6)
    .toString("base64url")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "X");
  await ctx.app.db.inviteCode.create({
    data: {
      codeHash: hash(code),
      role: role.role,
      municipalityId: role.municipalityId,
      createdBy: me?.id ?? "?",
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  });
  await audit(ctx.app.db, me?.id ?? "?", "staff.invite", role.municipalityId ?? undefined, {
    role: role.role,
  });
  await ctx.reply(
    ctx.t("staff.invite_created", {
      code,
      role: roleName(ctx, role.role, role.municipalityId),
      days: INVITE_DAYS,
    }),
  );
});

/** Whether this account sent too many wrong codes lately (counted from the audit log). */
async function joinThrottled(ctx: BotContext, actor: string): Promise<boolean> {
  const failures = await ctx.app.db.auditLog.count({
    where: {
      actorId: actor,
      action: "staff.join_failed",
      createdAt: { gt: new Date(Date.now() - JOIN_WINDOW_MINUTES * 60_000) },
    },
  });
  return failures >= JOIN_FAILURES;
}

/**
 * `/join CODE`: at most JOIN_FAILURES wrong codes per account in JOIN_WINDOW_MINUTES, each one
 * audited. The staff row is the person's staff role only: a refugee who joins keeps their own
 * data and conversation as they were (the User row is not touched).
 */
staff.command("join", async (ctx) => {
  const [code] = args(ctx);
  const from = ctx.from;
  if (!from || !ctx.chat) return;
  const { db } = ctx.app;
  const actor = `telegram:${from.id}`;
  if (await joinThrottled(ctx, actor)) return ctx.reply(ctx.t("ops.join_throttled"));
  // one statement claims the code: a second use, a race or an expired code all find nothing
  const claimed = code
    ? await db.inviteCode.updateMany({
        where: { codeHash: hash(code), usedAt: null, expiresAt: { gt: new Date() }, role: { not: "admin" } },
        data: { usedAt: new Date(), usedBy: BigInt(from.id) },
      })
    : { count: 0 };
  if (claimed.count === 0) {
    await audit(db, actor, "staff.join_failed");
    return ctx.reply(ctx.t("staff.join_invalid"));
  }
  const invite = await db.inviteCode.findUniqueOrThrow({ where: { codeHash: hash(code as string) } });
  const member = await db.staffMember.upsert({
    where: { telegramId: BigInt(from.id) },
    create: {
      telegramId: BigInt(from.id),
      chatId: BigInt(ctx.chat.id),
      role: invite.role,
      municipalityId: invite.municipalityId,
      language: ctx.lang,
      grantedBy: invite.createdBy,
    },
    update: { role: invite.role, municipalityId: invite.municipalityId, grantedBy: invite.createdBy },
  });
  await audit(db, member.id, "staff.join", invite.municipalityId ?? undefined, {
    role: invite.role,
    invite: invite.id,
  });
  await ctx.reply(ctx.t("staff.joined", { role: roleName(ctx, invite.role, invite.municipalityId) }));
  await refreshMenu(ctx, BigInt(from.id), ctx.chat.id);
  await ctx.reply(ctx.t(`staff.help_${invite.role}`));
});

staff.command("grant", only("admin"), async (ctx) => {
  const [id, ...rest] = args(ctx);
  if (!id || !/^\d+$/.test(id)) return ctx.reply(ctx.t("staff.usage_grant"));
  const role = await parseRole(ctx, rest);
  if (!role) return;
  const me = await staffOf(ctx);
  // a new staff member reads their own language: the one they use the bot in, else German (the
  // programme's staff work in Germany); /language changes it
  const known = await ctx.app.db.user.findUnique({
    where: { telegramId: BigInt(id) },
    select: { language: true },
  });
  const language = known?.language ?? "de";
  await ctx.app.db.staffMember.upsert({
    where: { telegramId: BigInt(id) },
    create: { telegramId: BigInt(id), chatId: BigInt(id), ...role, language, grantedBy: me?.id },
    update: { ...role, grantedBy: me?.id },
  });
  await audit(ctx.app.db, me?.id ?? "?", "staff.grant", `telegram:${id}`, { ...role });
  await ctx.reply(ctx.t("staff.granted", { id, role: roleName(ctx, role.role, role.municipalityId) }));
  await refreshMenu(ctx, BigInt(id), Number(id));
});

staff.command("revoke", only("admin"), async (ctx) => {
  const [id] = args(ctx);
  if (!id || !/^\d+$/.test(id)) return ctx.reply(ctx.t("staff.usage_revoke"));
  const me = await staffOf(ctx);
  const removed = await ctx.app.db.staffMember.deleteMany({ where: { telegramId: BigInt(id) } });
  if (removed.count > 0) await clearStaffMenu(ctx.telegram, Number(id)).catch(() => undefined);
  await audit(ctx.app.db, me?.id ?? "?", "staff.revoke", `telegram:${id}`, { removed: removed.count });
  await ctx.reply(ctx.t(removed.count > 0 ? "staff.revoked" : "staff.not_staff", { id }));
});

staff.command("staff", only("admin"), async (ctx) => {
  const members = await ctx.app.db.staffMember.findMany({ orderBy: [{ role: "asc" }, { createdAt: "asc" }] });
  if (members.length === 0) return ctx.reply(ctx.t("staff.list_empty"));
  const lines = members.map((m) => `• ${m.telegramId} — ${roleName(ctx, m.role, m.municipalityId)}`);
  await ctx.reply(`${ctx.t("staff.list_title")}\n${lines.join("\n")}`);
});
