import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { StaffRole } from "../../shared/generated/prisma/client";
import { findStaff, type Staff } from "../../shared/staff";
import type { ConsoleDeps } from "../deps";
import { fail } from "../http/errors";
import { type Identity, identify } from "./identity";

/**
 * Every console route says who may call it (`config.access`): "public" (the page itself, its
 * assets, the login-link exchange) or the staff roles. The check runs on the server for every
 * request: no valid identity → 401; not staff, or not in the roles → 403. City staff are also
 * scoped to their own municipality inside each route (shared/staff.ts `scopeOf`).
 */
export type Access = "public" | readonly StaffRole[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    identity: Identity | null;
    staff: Staff | null;
  }
}

export const CASEWORKERS: readonly StaffRole[] = ["caseworker", "admin"];
export const CITY: readonly StaffRole[] = ["city_staff", "admin"];
export const ANY_STAFF: readonly StaffRole[] = ["caseworker", "admin", "city_staff"];

/** The staff member behind the request (the access check has run): for handlers. */
export function staffOf(request: FastifyRequest): Staff {
  if (!request.staff) throw new Error("route without staff access");
  return request.staff;
}

export function registerAccess(app: FastifyInstance, deps: ConsoleDeps): void {
  app.decorateRequest("identity", null);
  app.decorateRequest("staff", null);
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (access === "public") return;
    const found = await identify(
      request,
      deps.db,
      deps.config.BOT_TOKEN,
      deps.config.CONSOLE_INIT_DATA_MAX_AGE_SECONDS,
    );
    if (!found.ok) return fail(reply, 401, found.error);
    request.identity = found.identity;
    const staff = await findStaff(deps.db, deps.config.ADMIN_TELEGRAM_IDS, found.identity.telegramId);
    // routes without an access list are nobody's (a mistake must not open a route)
    if (!staff || !access?.includes(staff.role)) return fail(reply, 403, "forbidden");
    request.staff = staff;
  });
}
