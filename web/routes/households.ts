import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../../shared/audit";
import { fileOf } from "../../shared/exports";
import { auditPreArrivalRead } from "../../shared/pre-arrival";
import { CASEWORKERS, staffOf } from "../auth/access";
import type { ConsoleDeps } from "../deps";
import { correctAnswers, setHold, setPriority, withdraw } from "../households/actions";
import { householdCard, intakeContext, questionForm } from "../households/card";
import { householdSheet } from "../households/export";
import { householdFilterSchema, householdQuerySchema, listHouseholds } from "../households/list";
import { fail } from "../http/errors";
import { staffLanguage } from "./session";

const id = z.object({ id: z.string().regex(/^[a-z0-9]{10,30}$/) });
const reason = z.object({ reason: z.string().trim().min(1).max(500) });
const answerValue = z.union([
  z.string().max(1000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(60)).max(50),
  z.null(),
]);

/** Caseworkers' households: the table, one card, corrections, hold and release, withdrawal. */
export function householdRoutes(deps: ConsoleDeps) {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const { db, questionnaire, deliveries, i18n } = deps;

    app.get(
      "/api/households",
      { config: { access: CASEWORKERS }, schema: { querystring: householdQuerySchema } },
      async (request) => listHouseholds(db, request.query),
    );

    app.get(
      "/api/households/export/:format",
      {
        config: { access: CASEWORKERS },
        schema: { params: z.object({ format: z.enum(["xlsx", "csv"]) }), querystring: householdFilterSchema },
      },
      async (request, reply) => {
        const staff = staffOf(request);
        const t = i18n.t(staffLanguage(staff));
        const file = await fileOf(
          await householdSheet(db, t, request.query),
          request.params.format,
          "households",
        );
        await audit(db, staff.id, "households.export", undefined, { format: request.params.format });
        return reply
          .header("content-type", file.type)
          .header("content-disposition", `attachment; filename="${file.name}"`)
          .send(file.body);
      },
    );

    app.get(
      "/api/households/:id",
      { config: { access: CASEWORKERS }, schema: { params: id } },
      async (request, reply) => {
        const staff = staffOf(request);
        const card = await householdCard(db, i18n.t(staffLanguage(staff)), questionnaire, request.params.id);
        if (!card) return fail(reply, 404, "not_found");
        // reading a household's passport names, dates of birth and phone is audited (ids only)
        if (card.preArrival) await auditPreArrivalRead(db, staff.id, card.id);
        return card;
      },
    );

    app.put(
      "/api/households/:id/answers",
      {
        config: { access: CASEWORKERS },
        schema: {
          params: id,
          body: z.object({
            version: z.number().int().min(0),
            changes: z
              .array(
                z.object({ slot: z.string().regex(/^[a-z_]+(\.\d{1,2}\.[a-z_]+)?$/), value: answerValue }),
              )
              .min(1)
              .max(40),
          }),
        },
      },
      async (request, reply) => {
        const staff = staffOf(request);
        const { version, changes } = request.body;
        const result = await correctAnswers(
          db,
          deliveries,
          questionnaire,
          staff.id,
          request.params.id,
          version,
          changes,
        );
        if (result.ok) return result;
        switch (result.error) {
          case "not_found":
            return fail(reply, 404, "not_found");
          case "locked":
            return fail(reply, 409, "answers_locked");
          case "stale":
            return fail(reply, 409, "changed_meanwhile");
          case "needs_more": {
            const t = i18n.t(staffLanguage(staff));
            const question = questionForm(
              t,
              questionnaire,
              result.state,
              await intakeContext(db),
              result.slot,
            );
            return reply.code(422).send({ error: "needs_more", params: {}, question });
          }
          case "invalid": {
            const t = i18n.t(staffLanguage(staff));
            const message = t(`intake.errors.${result.key}`, result.params);
            return reply.code(422).send({ error: "invalid_answer", params: {}, slot: result.slot, message });
          }
        }
      },
    );

    app.post(
      "/api/households/:id/hold",
      { config: { access: CASEWORKERS }, schema: { params: id, body: reason } },
      async (request, reply) =>
        (await setHold(db, staffOf(request).id, request.params.id, request.body.reason))
          ? { ok: true }
          : fail(reply, 409, "not_holdable"),
    );

    app.post(
      "/api/households/:id/release",
      { config: { access: CASEWORKERS }, schema: { params: id } },
      async (request, reply) =>
        (await setHold(db, staffOf(request).id, request.params.id, null))
          ? { ok: true }
          : fail(reply, 409, "not_held"),
    );

    app.post(
      "/api/households/:id/priority",
      {
        config: { access: CASEWORKERS },
        schema: { params: id, body: z.object({ priority: z.number().int().min(0).max(3) }) },
      },
      async (request, reply) =>
        (await setPriority(db, staffOf(request).id, request.params.id, request.body.priority))
          ? { ok: true }
          : fail(reply, 409, "not_editable"),
    );

    app.post(
      "/api/households/:id/withdraw",
      { config: { access: CASEWORKERS }, schema: { params: id, body: reason } },
      async (request, reply) =>
        (await withdraw(db, deliveries, staffOf(request).id, request.params.id, request.body.reason))
          ? { ok: true }
          : fail(reply, 409, "not_withdrawable"),
    );
  };
}
