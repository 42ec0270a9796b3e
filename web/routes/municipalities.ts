import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DIMENSIONS, municipalitySchema } from "../../core/matching/model";
import { audit } from "../../shared/audit";
import { capacityOf, remainingOf } from "../../shared/capacity";
import type { Imported, ImportPlan, MunicipalityRow } from "../../shared/console-api/staff";
import type { Prisma } from "../../shared/generated/prisma/client";
import { applyImport, planImport } from "../../shared/municipalities";
import { CASEWORKERS, staffOf } from "../auth/access";
import type { ConsoleDeps } from "../deps";
import { fail } from "../http/errors";

const id = z.object({ id: z.string().regex(/^[a-z0-9-]{1,60}$/) });
const file = z.object({ format: z.enum(["yaml", "csv", "json"]), text: z.string().min(1).max(1_500_000) });

/**
 * Municipalities for caseworkers: free capacity per dimension; capacities and services edited
 * with the same zod schema as the import (audited); a file imported after a preview of what
 * would change and of every row and field error, nothing written before.
 */
export function municipalityRoutes(deps: ConsoleDeps) {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const { db } = deps;

    app.get("/api/municipalities", { config: { access: CASEWORKERS } }, async () => {
      const rows = await db.municipality.findMany({ orderBy: { name: "asc" } });
      return rows.map(
        (m): MunicipalityRow => ({
          id: m.id,
          name: m.name,
          capacity: capacityOf(m.capacity),
          taken: capacityOf(m.taken),
          free: remainingOf(m),
          services: m.services as Record<string, unknown>,
        }),
      );
    });

    app.put(
      "/api/municipalities/:id",
      {
        config: { access: CASEWORKERS },
        schema: {
          params: id,
          body: z.object({ name: z.string(), capacity: z.unknown(), services: z.unknown() }),
        },
      },
      async (request, reply) => {
        const before = await db.municipality.findUnique({ where: { id: request.params.id } });
        if (!before) return fail(reply, 404, "not_found");
        const parsed = municipalitySchema.safeParse({ id: before.id, ...request.body });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return fail(reply, 422, "invalid_field", {
            field: issue?.path.join(".") ?? "",
            message: issue?.message ?? "",
          });
        }
        const taken = capacityOf(before.taken);
        const below = DIMENSIONS.find((d) => parsed.data.capacity[d] < taken[d]);
        if (below)
          return fail(reply, 422, "below_taken", { field: `capacity.${below}`, taken: taken[below] });
        await db.municipality.update({
          where: { id: before.id },
          data: {
            name: parsed.data.name,
            capacity: parsed.data.capacity as unknown as Prisma.InputJsonValue,
            services: parsed.data.services as unknown as Prisma.InputJsonValue,
          },
        });
        const old = capacityOf(before.capacity);
        const changed = DIMENSIONS.filter((d) => old[d] !== parsed.data.capacity[d]);
        await audit(db, staffOf(request).id, "municipality.edit", before.id, {
          capacity: changed.map((d) => `${d}:${old[d]}→${parsed.data.capacity[d]}`).join(","),
        });
        return { ok: true };
      },
    );

    app.post(
      "/api/municipalities/import/preview",
      { config: { access: CASEWORKERS }, schema: { body: file } },
      async (request) => {
        const plan = await planImport(db, request.body.text, request.body.format);
        const preview: ImportPlan = { rows: plan.rows, issues: plan.issues };
        return preview;
      },
    );

    app.post(
      "/api/municipalities/import",
      { config: { access: CASEWORKERS }, schema: { body: file } },
      async (request, reply) => {
        const plan = await planImport(db, request.body.text, request.body.format);
        if (plan.issues.length > 0)
          return reply.code(422).send({ error: "import_invalid", params: {}, issues: plan.issues });
        await applyImport(db, plan.municipalities);
        await audit(db, staffOf(request).id, "municipality.import", undefined, { rows: plan.rows.length });
        return { imported: plan.rows.length } satisfies Imported;
      },
    );
  };
}
