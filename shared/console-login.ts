import { createHash, randomBytes } from "node:crypto";
import type { Db } from "./db";

/**
 * One-time login links into the staff console, for a desktop browser (inside Telegram the Mini App
 * signs every request itself). The bot creates a link for a staff member; the console takes it
 * once, within ten minutes, and opens a session bound to that member. Only hashes are stored.
 */
export const LOGIN_LINK_MINUTES = 10;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
export const newToken = () => randomBytes(32).toString("base64url");
export const tokenHash = hash;

/** A new login link for this staff member; `next` is the console page to open after login. */
export async function createLoginLink(
  db: Db,
  telegramId: bigint,
  baseUrl: string,
  next = "/",
): Promise<string> {
  const token = newToken();
  await db.loginToken.create({
    data: {
      tokenHash: hash(token),
      telegramId,
      expiresAt: new Date(Date.now() + LOGIN_LINK_MINUTES * 60_000),
    },
  });
  const params = new URLSearchParams({ token, next });
  return `${baseUrl}/login#${params.toString()}`;
}

/** Takes a login token once: the staff member's Telegram id, or null (unknown, used, expired). */
export async function useLoginToken(db: Db, token: string): Promise<bigint | null> {
  const tokenHashed = hash(token);
  const claimed = await db.loginToken.updateMany({
    where: { tokenHash: tokenHashed, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0) return null;
  const row = await db.loginToken.findUniqueOrThrow({ where: { tokenHash: tokenHashed } });
  return row.telegramId;
}
