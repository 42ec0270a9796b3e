import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../../shared/audit";
import type { LoggedIn, Me } from "../../shared/console-api/staff";
import { newToken, tokenHash, useLoginToken } from "../../shared/console-login";
import { isLanguage, LANGUAGES, readLocales } from "../../shared/i18n";
import { findStaff, type Staff } from "../../shared/staff";
import { ANY_STAFF, staffOf } from "../auth/access";
import { SESSION_COOKIE } from "../auth/identity";
import type { ConsoleDeps } from "../deps";
import { fail } from "../http/errors";

/** The staff language: their own choice, else German (the programme runs in Germany). */
export function staffLanguage(staff: Staff) {
  return isLanguage(staff.language) ? staff.language : "de";
}

/**
 * Signing in and out, who I am, my language, and the texts of the console in every language.
 * A login link (from /console in the bot) is taken once: it opens a session whose token lives in
 * an HttpOnly, SameSite=Strict cookie; writes of a cookie session need the CSRF token given here.
 */
export function sessionRoutes(deps: ConsoleDeps) {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const { db, config } = deps;
    const locales = readLocales();

    app.post(
      "/api/login",
      {
        config: { access: "public", rateLimit: { max: 10, timeWindow: "1 minute" } },
        schema: { body: z.object({ token: z.string().min(20).max(100) }) },
      },
      async (request, reply) => {
        const telegramId = await useLoginToken(db, request.body.token);
        const staff = telegramId ? await findStaff(db, config.ADMIN_TELEGRAM_IDS, telegramId) : null;
        if (!staff || !telegramId) return fail(reply, 401, "login_link_invalid");
        const token = newToken();
        const hours = config.CONSOLE_SESSION_HOURS;
        const expiresAt = new Date(Date.now() + hours * 3600_000);
        await db.staffSession.create({ data: { tokenHash: tokenHash(token), telegramId, expiresAt } });
        await audit(db, staff.id, "console.login");
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: "strict",
          secure: "auto",
          path: "/",
          expires: expiresAt,
        });
        return { csrfToken: reply.generateCsrf() } satisfies LoggedIn;
      },
    );

    app.get("/api/me", { config: { access: ANY_STAFF } }, async (request, reply) =>
      me(deps, request.staff, request.identity?.via === "session" ? reply : null),
    );

    app.post("/api/logout", { config: { access: ANY_STAFF } }, async (request, reply) => {
      const identity = request.identity;
      if (identity?.via === "session")
        await db.staffSession.deleteMany({ where: { id: identity.sessionId } });
      await audit(db, staffOf(request).id, "console.logout");
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    });

    app.put(
      "/api/me/language",
      { config: { access: ANY_STAFF }, schema: { body: z.object({ language: z.enum(LANGUAGES) }) } },
      async (request) => {
        const staff = staffOf(request);
        const { language } = request.body;
        await db.staffMember.upsert({
          where: { telegramId: staff.telegramId },
          create: { telegramId: staff.telegramId, chatId: staff.telegramId, role: staff.role, language },
          update: { language },
        });
        await audit(db, staff.id, "console.language", undefined, { language });
        return { language };
      },
    );

    app.get(
      "/api/locales/:lang",
      { config: { access: "public" }, schema: { params: z.object({ lang: z.enum(LANGUAGES) }) } },
      async (request, reply) => {
        reply.header("cache-control", "public, max-age=300");
        return locales[request.params.lang];
      },
    );
  };
}

async function me(deps: ConsoleDeps, staff: Staff | null, sessionReply: FastifyReply | null): Promise<Me> {
  if (!staff) throw new Error("no staff");
  const municipality = staff.municipalityId
    ? await deps.db.municipality.findUnique({
        where: { id: staff.municipalityId },
        select: { id: true, name: true },
      })
    : null;
  return {
    role: staff.role,
    language: staffLanguage(staff),
    municipality,
    ...(sessionReply ? { csrfToken: sessionReply.generateCsrf() } : {}),
  };
}
