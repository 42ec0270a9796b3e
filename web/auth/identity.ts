import { isExpiredError, parse, validate } from "@telegram-apps/init-data-node";
import type { FastifyRequest } from "fastify";
import { tokenHash } from "../../shared/console-login";
import type { Db } from "../../shared/db";

/**
 * Who sends a console request. Inside Telegram the Mini App sends Telegram's signed init data
 * with every request (`Authorization: tma <initData>`), checked against the bot token and its
 * age; a desktop browser sends the session cookie it got from a one-time login link.
 */
export type Identity =
  | { via: "telegram"; telegramId: bigint }
  | { via: "session"; telegramId: bigint; sessionId: string };

export type IdentityResult =
  | { ok: true; identity: Identity }
  | { ok: false; error: "signed_out" | "init_data_invalid" | "init_data_expired" | "session_expired" };

export const SESSION_COOKIE = "rematch_session";

export function fromInitData(initData: string, botToken: string, maxAgeSeconds: number): IdentityResult {
  try {
    validate(initData, botToken, { expiresIn: maxAgeSeconds });
  } catch (error) {
    return { ok: false, error: isExpiredError(error) ? "init_data_expired" : "init_data_invalid" };
  }
  let user: { id: number } | undefined;
  try {
    user = parse(initData).user;
  } catch {
    return { ok: false, error: "init_data_invalid" };
  }
  if (!user) return { ok: false, error: "init_data_invalid" };
  return { ok: true, identity: { via: "telegram", telegramId: BigInt(user.id) } };
}

export async function fromSession(db: Db, token: string): Promise<IdentityResult> {
  const session = await db.staffSession.findUnique({ where: { tokenHash: tokenHash(token) } });
  if (!session || session.expiresAt.getTime() <= Date.now()) return { ok: false, error: "session_expired" };
  // a session seen in the last minute is not written again
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
    await db.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return { ok: true, identity: { via: "session", telegramId: session.telegramId, sessionId: session.id } };
}

export async function identify(
  request: FastifyRequest,
  db: Db,
  botToken: string,
  maxAgeSeconds: number,
): Promise<IdentityResult> {
  const header = request.headers.authorization ?? "";
  if (header.startsWith("tma ")) return fromInitData(header.slice(4), botToken, maxAgeSeconds);
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) return fromSession(db, cookie);
  return { ok: false, error: "signed_out" };
}
