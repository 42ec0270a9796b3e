import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../../shared/audit";
import type { RoundRow, RoundStarted } from "../../shared/console-api/rounds";
import { fileOf } from "../../shared/exports";
import { decideRound } from "../../shared/rounds/decide";
import { CASEWORKERS, staffOf } from "../auth/access";
import type { ConsoleDeps } from "../deps";
import { householdFilterSchema } from "../households/list";
import { fail } from "../http/errors";
import { createRound } from "../rounds/create";
import { roundSheets } from "../rounds/export";
import { extend, resend, roundOffers, withdraw } from "../rounds/offers";
import { moveHousehold, moveOptions } from "../rounds/override";
import { placesQuerySchema, roundPlaces, roundSummary } from "../rounds/view";
import { staffLanguage } from "./session";

const rowId = z.string().regex(/^[a-z0-9]{10,30}$/);
const id = z.object({ id: rowId });
const municipalityId = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** Caseworkers' rounds: list, create and start, watch, read the whole report, override, decide, offers. */
export function roundRoutes(deps: ConsoleDeps) {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const { db, events, i18n } = deps;
    const tOf = (request: Parameters<typeof staffOf>[0]) => i18n.t(staffLanguage(staffOf(request)));

    app.get("/api/rounds", { config: { access: CASEWORKERS } }, async () => {
      const rounds = await db.round.findMany({
        where: { status: { not: "draft" } },
        orderBy: { number: "desc" },
        take: 100,
      });
      return rounds.map(
        (r): RoundRow => ({
          id: r.id,
          number: r.number,
          status: r.status,
          progress: r.progress,
          households: r.intakeIds.length,
          municipalities: r.municipalityIds.length,
          createdAt: r.createdAt.toISOString(),
        }),
      );
    });

    app.post(
      "/api/rounds",
      {
        config: { access: CASEWORKERS },
        schema: {
          body: z.object({
            filter: householdFilterSchema.optional(),
            intakeIds: z.array(rowId).max(50_000).optional(),
            municipalityIds: z.array(municipalityId).max(2000).optional(),
            relatives: z.enum(["bonus", "require"]).default("bonus"),
          }),
        },
      },
      async (request, reply) => {
        const created = await createRound(db, events, staffOf(request).id, request.body);
        if (created.ok) return created satisfies RoundStarted;
        return fail(reply, 409, created.error, created.number ? { number: created.number } : {});
      },
    );

    app.get(
      "/api/rounds/:id",
      { config: { access: CASEWORKERS }, schema: { params: id } },
      async (request, reply) => {
        return (await roundSummary(db, tOf(request), request.params.id)) ?? fail(reply, 404, "not_found");
      },
    );

    app.get(
      "/api/rounds/:id/places",
      { config: { access: CASEWORKERS }, schema: { params: id, querystring: placesQuerySchema } },
      async (request, reply) =>
        (await roundPlaces(db, request.params.id, request.query)) ?? fail(reply, 404, "not_found"),
    );

    app.get(
      "/api/rounds/:id/places/:intakeId/options",
      { config: { access: CASEWORKERS }, schema: { params: z.object({ id: rowId, intakeId: rowId }) } },
      async (request, reply) =>
        (await moveOptions(db, request.params.id, request.params.intakeId)) ?? fail(reply, 404, "not_found"),
    );

    app.post(
      "/api/rounds/:id/overrides",
      {
        config: { access: CASEWORKERS },
        schema: {
          params: id,
          body: z.object({ intakeId: rowId, municipalityId: municipalityId.nullable() }),
        },
      },
      async (request, reply) => {
        const moved = await moveHousehold(
          db,
          staffOf(request).id,
          request.params.id,
          request.body.intakeId,
          request.body.municipalityId,
        );
        if (moved.ok) return moved;
        if (moved.error === "not_found") return fail(reply, 404, "not_found");
        return fail(reply, 409, "override_refused", { reason: moved.error });
      },
    );

    app.post(
      "/api/rounds/:id/decision",
      {
        config: { access: CASEWORKERS },
        schema: { params: id, body: z.object({ decision: z.enum(["approve", "discard"]) }) },
      },
      async (request, reply) => {
        const decided = await decideRound(
          db,
          events,
          staffOf(request).id,
          request.params.id,
          request.body.decision,
        );
        return decided.ok ? { status: decided.round.status } : fail(reply, 409, "round_not_computed");
      },
    );

    app.get(
      "/api/rounds/:id/offers",
      { config: { access: CASEWORKERS }, schema: { params: id } },
      async (request) => roundOffers(deps, request.params.id),
    );

    app.get(
      "/api/rounds/:id/export/:format",
      {
        config: { access: CASEWORKERS },
        schema: {
          params: z.object({ id: rowId, format: z.enum(["xlsx", "csv"]) }),
          // a CSV holds one sheet: the assignment unless the offers are asked for (an XLSX has both)
          querystring: z.object({ sheet: z.enum(["assignment", "offers"]).optional() }),
        },
      },
      async (request, reply) => {
        const sheets = await roundSheets(deps, tOf(request), request.params.id);
        if (!sheets) return fail(reply, 404, "not_found");
        const { sheet } = request.query;
        const base = `round-${request.params.id}${sheet ? `-${sheet}` : ""}`;
        const [assignment, offers] = sheets;
        const chosen = sheet === "offers" ? offers : sheet === "assignment" ? assignment : sheets;
        const file = await fileOf(chosen, request.params.format, base);
        await audit(db, staffOf(request).id, "round.export", request.params.id, {
          format: request.params.format,
          ...(sheet ? { sheet } : {}),
        });
        return reply
          .header("content-type", file.type)
          .header("content-disposition", `attachment; filename="${file.name}"`)
          .send(file.body);
      },
    );

    app.post(
      "/api/offers/:id/extend",
      {
        config: { access: CASEWORKERS },
        schema: { params: id, body: z.object({ deadline: z.iso.datetime({ offset: true }) }) },
      },
      async (request, reply) => {
        const deadline = new Date(request.body.deadline);
        if (deadline.getTime() <= Date.now()) return fail(reply, 422, "deadline_in_past");
        return (await extend(deps, staffOf(request).id, request.params.id, deadline))
          ? { ok: true }
          : fail(reply, 409, "offer_not_open");
      },
    );

    app.post(
      "/api/offers/:id/withdraw",
      { config: { access: CASEWORKERS }, schema: { params: id } },
      async (request, reply) =>
        (await withdraw(deps, staffOf(request).id, request.params.id))
          ? { ok: true }
          : fail(reply, 409, "offer_not_open"),
    );

    app.post(
      "/api/offers/:id/resend",
      { config: { access: CASEWORKERS }, schema: { params: id } },
      async (request, reply) =>
        (await resend(deps, staffOf(request).id, request.params.id))
          ? { ok: true }
          : fail(reply, 409, "offer_not_open"),
    );
  };
}
