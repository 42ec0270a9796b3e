import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DIMENSIONS } from "../../core/matching/model";
import type { Texts } from "../../shared/arrival";
import { audit } from "../../shared/audit";
import { capacityOf } from "../../shared/capacity";
import { notifyEvent } from "../../shared/city/notify";
import {
  broadcastOf,
  cancelEvent,
  createEvent,
  eventOf,
  markArrived,
  resendBroadcast,
  sendBroadcast,
} from "../../shared/city/store";
import type {
  ArrivalIds,
  CapacityView,
  EventCreated,
  EventTold,
  Preview,
} from "../../shared/console-api/city";
import type { Language } from "../../shared/i18n";
import { eventParts } from "../../shared/messages/arrival";
import { renderPayload } from "../../shared/messages/render";
import { parseBerlin } from "../../shared/messages/time";
import { auditPreArrivalRead } from "../../shared/pre-arrival";
import { scopeOf } from "../../shared/staff";
import { CITY, staffOf } from "../auth/access";
import {
  broadcastList,
  bulkAppointment,
  bulkDetails,
  changeEvent,
  criteriaOf,
  eventList,
  eventView,
  markAttendance,
  saveDetails,
  setCapacity,
  setCriteria,
} from "../city/actions";
import {
  arrivalCard,
  arrivalFilterSchema,
  arrivalQuerySchema,
  arrivalWhere,
  listArrivals,
} from "../city/arrivals";
import {
  arrivalForm,
  attendanceForm,
  broadcastForm,
  bulkAppointmentForm,
  bulkDetailsForm,
  capacityForm,
  criteriaForm,
  eventForm,
  firstIssue,
  newEventForm,
  previewForm,
} from "../city/forms";
import type { ConsoleDeps } from "../deps";
import { fail } from "../http/errors";
import { staffLanguage } from "./session";

const id = z.object({ id: z.string().regex(/^[a-z0-9]{10,30}$/) });
const page = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

/**
 * City staff's pages: arrivals, one household's card and arrival details, appointments for many
 * at once, events, broadcasts, the municipality's capacity. Every route acts for the
 * municipality of the clerk (shared/staff.ts `scopeOf`), and every query is filtered by it:
 * another city's household, event or broadcast is 404. Forms are validated here (web/city/forms.ts)
 * and a refused field comes back with its message in the clerk's language.
 */
export function cityRoutes(deps: ConsoleDeps) {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const { db, deliveries, i18n, questionnaire } = deps;

    /** The municipality the clerk acts for, or a refusal (an admin bound to no city). */
    const cityOf = (request: FastifyRequest, reply: FastifyReply) => {
      const staff = staffOf(request);
      const municipalityId = scopeOf(staff).municipalityId;
      if (!municipalityId) {
        fail(reply, 404, "not_found");
        return null;
      }
      return { staff, municipalityId, lang: staffLanguage(staff) as Language };
    };

    /** A form the schema refused: 422 with the field and its message in the clerk's language. */
    const refuse = (reply: FastifyReply, lang: Language, error: z.ZodError) => {
      const { code, field } = firstIssue(error);
      return reply.code(422).send({
        error: "invalid_field",
        params: { field, code },
        field,
        message: i18n.t(lang)(`consoleCity.errors.${code}`),
      });
    };

    app.get(
      "/api/city/arrivals",
      { config: { access: CITY }, schema: { querystring: arrivalQuerySchema } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        return listArrivals(db, city.municipalityId, request.query);
      },
    );

    /** Every household the filter finds (for "choose all"), at most 500. */
    app.get(
      "/api/city/arrivals/ids",
      { config: { access: CITY }, schema: { querystring: arrivalFilterSchema } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const rows = await db.intake.findMany({
          where: arrivalWhere(city.municipalityId, request.query),
          select: { id: true },
          orderBy: { id: "asc" },
          take: 500,
        });
        return { ids: rows.map((r) => r.id) } satisfies ArrivalIds;
      },
    );

    app.get(
      "/api/city/arrivals/:id",
      { config: { access: CITY }, schema: { params: id } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const card = await arrivalCard(
          db,
          i18n.t(city.lang),
          city.lang,
          questionnaire,
          city.municipalityId,
          request.params.id,
        );
        if (!card) return fail(reply, 404, "not_found");
        // reading a household's passport names, dates of birth and phone is audited (ids only)
        if (card.preArrival) await auditPreArrivalRead(db, city.staff.id, card.id);
        return card;
      },
    );

    app.put(
      "/api/city/arrivals/:id/details",
      { config: { access: CITY }, schema: { params: id, body: z.unknown() } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const card = await db.intake.findFirst({
          where: {
            id: request.params.id,
            municipalityId: city.municipalityId,
            status: { in: ["placed", "arrived"] },
          },
          select: { id: true },
        });
        if (!card) return fail(reply, 404, "not_found");
        const form = arrivalForm.safeParse(request.body);
        if (!form.success) return refuse(reply, city.lang, form.error);
        const result = await saveDetails(db, deliveries, city.staff.id, card.id, form.data);
        return result.ok ? result : fail(reply, 409, "changed_meanwhile");
      },
    );

    app.post(
      "/api/city/arrivals/:id/arrived",
      { config: { access: CITY }, schema: { params: id } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        if (!(await markArrived(db, city.municipalityId, request.params.id)))
          return fail(reply, 404, "not_found");
        await audit(db, city.staff.id, "city.arrived", request.params.id);
        return { ok: true };
      },
    );

    app.post(
      "/api/city/appointments",
      { config: { access: CITY }, schema: { body: z.unknown() } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const form = bulkAppointmentForm.safeParse(request.body);
        if (!form.success) return refuse(reply, city.lang, form.error);
        const result = await bulkAppointment(
          db,
          deliveries,
          city.staff.id,
          city.municipalityId,
          form.data.intakeIds,
          form.data.appointment,
        );
        return result ?? fail(reply, 404, "not_found");
      },
    );

    app.post(
      "/api/city/arrivals/details",
      { config: { access: CITY }, schema: { body: z.unknown() } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const form = bulkDetailsForm.safeParse(request.body);
        if (!form.success) return refuse(reply, city.lang, form.error);
        const result = await bulkDetails(
          db,
          deliveries,
          city.staff.id,
          city.municipalityId,
          form.data.intakeIds,
          form.data.details,
        );
        return result ?? fail(reply, 404, "not_found");
      },
    );

    // ---- events ----

    app.get("/api/city/events", { config: { access: CITY } }, async (request, reply) => {
      const city = cityOf(request, reply);
      if (!city) return reply;
      return eventList(db, city.municipalityId, city.lang);
    });

    app.get(
      "/api/city/events/:id",
      { config: { access: CITY }, schema: { params: id } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        return (await eventView(db, city.municipalityId, request.params.id)) ?? fail(reply, 404, "not_found");
      },
    );

    app.post(
      "/api/city/events",
      { config: { access: CITY }, schema: { body: z.unknown() } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const form = newEventForm.safeParse(request.body);
        if (!form.success) return refuse(reply, city.lang, form.error);
        const { audience, intakeIds, ...event } = form.data;
        const created = await createEvent(db, deliveries, city.municipalityId, city.staff.id, event, {
          kind: audience,
          intakeIds,
        });
        return { id: created.event.id, told: created.told } satisfies EventCreated;
      },
    );

    app.put(
      "/api/city/events/:id",
      { config: { access: CITY }, schema: { params: id, body: z.unknown() } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const existing = await eventOf(db, city.municipalityId, request.params.id);
        if (!existing || existing.cancelled) return fail(reply, 404, "not_found");
        const form = eventForm.safeParse(request.body);
        if (!form.success) return refuse(reply, city.lang, form.error);
        return (await changeEvent(db, deliveries, city.staff.id, existing, form.data)) satisfies EventTold;
      },
    );

    app.post(
      "/api/city/events/:id/cancel",
      { config: { access: CITY }, schema: { params: id } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const event = await cancelEvent(db, city.municipalityId, request.params.id);
        if (!event) return fail(reply, 404, "not_found");
        const told = await notifyEvent(db, deliveries, event, "cancelled");
        await audit(db, city.staff.id, "city.event.cancel", event.id, { told });
        return { told } satisfies EventTold;
      },
    );

    app.put(
      "/api/city/events/:id/attendance",
      { config: { access: CITY }, schema: { params: id, body: attendanceForm } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const [event, intake] = await Promise.all([
          eventOf(db, city.municipalityId, request.params.id),
          db.intake.findFirst({
            where: { id: request.body.intakeId, municipalityId: city.municipalityId },
            select: { id: true },
          }),
        ]);
        if (!event || !intake) return fail(reply, 404, "not_found");
        await markAttendance(db, city.staff.id, event.id, intake.id, request.body.attended);
        return { ok: true };
      },
    );

    /** How a message reads in one language (staff texts fall back as the worker's do). */
    app.post(
      "/api/city/preview",
      { config: { access: CITY }, schema: { body: previewForm } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const { lang, kind, startsAt, place, texts } = request.body;
        const when = startsAt ? parseBerlin(startsAt) : null;
        const parts =
          kind && when
            ? eventParts({ kind, startsAt: when, place: place ?? "", texts })
            : [{ texts: texts as Texts }];
        const usable = Object.values(texts).some((t) => t?.trim());
        return { text: usable ? renderPayload(i18n, lang, { parts }).text : "" } satisfies Preview;
      },
    );

    // ---- broadcasts ----

    app.get(
      "/api/city/broadcasts",
      { config: { access: CITY }, schema: { querystring: page } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        return broadcastList(db, city.municipalityId, request.query.page, 20);
      },
    );

    app.post(
      "/api/city/broadcasts",
      { config: { access: CITY }, schema: { body: z.unknown() } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const form = broadcastForm.safeParse(request.body);
        if (!form.success) return refuse(reply, city.lang, form.error);
        const f = form.data;
        if (f.audience === "event" && !(f.eventId && (await eventOf(db, city.municipalityId, f.eventId))))
          return fail(reply, 404, "not_found");
        const b = await db.broadcast.create({
          data: {
            municipalityId: city.municipalityId,
            createdBy: city.staff.id,
            audience: f.audience === "event" ? `event:${f.eventId}` : f.audience,
            intakeIds: f.audience === "selection" ? f.intakeIds : [],
            texts: f.texts,
            scheduledAt: f.scheduledAt,
          },
        });
        await sendBroadcast(db, deliveries, city.staff.id, b);
        return { id: b.id };
      },
    );

    app.post(
      "/api/city/broadcasts/:id/again",
      { config: { access: CITY }, schema: { params: id } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const b = await broadcastOf(db, city.municipalityId, request.params.id);
        if (!b || b.status === "draft" || b.status === "cancelled") return fail(reply, 404, "not_found");
        return resendBroadcast(db, deliveries, city.staff.id, b.id);
      },
    );

    app.post(
      "/api/city/broadcasts/:id/cancel",
      { config: { access: CITY }, schema: { params: id } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const b = await broadcastOf(db, city.municipalityId, request.params.id);
        if (!b) return fail(reply, 404, "not_found");
        const n = await db.broadcast.updateMany({
          where: { id: b.id, status: "scheduled" },
          data: { status: "cancelled" },
        });
        if (n.count === 1) {
          await db.delivery.deleteMany({ where: { broadcastId: b.id, status: "pending" } });
          await audit(db, city.staff.id, "city.broadcast.cancel", b.id);
        }
        return { cancelled: n.count === 1 };
      },
    );

    // ---- the municipality ----

    app.get("/api/city/capacity", { config: { access: CITY } }, async (request, reply) => {
      const city = cityOf(request, reply);
      if (!city) return reply;
      const m = await db.municipality.findUniqueOrThrow({ where: { id: city.municipalityId } });
      const view: CapacityView = {
        id: m.id,
        name: m.name,
        dimensions: DIMENSIONS,
        capacity: capacityOf(m.capacity),
        taken: capacityOf(m.taken),
      };
      return view;
    });

    app.get("/api/city/criteria", { config: { access: CITY } }, async (request, reply) => {
      const city = cityOf(request, reply);
      if (!city) return reply;
      const m = await db.municipality.findUniqueOrThrow({ where: { id: city.municipalityId } });
      return criteriaOf(m.services);
    });

    app.put(
      "/api/city/criteria",
      { config: { access: CITY }, schema: { body: criteriaForm } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        return setCriteria(db, city.staff.id, city.municipalityId, request.body);
      },
    );

    app.put(
      "/api/city/capacity",
      { config: { access: CITY }, schema: { body: capacityForm } },
      async (request, reply) => {
        const city = cityOf(request, reply);
        if (!city) return reply;
        const result = await setCapacity(db, city.staff.id, city.municipalityId, request.body.capacity);
        if (result.ok) return result;
        const t = i18n.t(city.lang);
        return reply.code(422).send({
          error: "invalid_field",
          params: {},
          field: result.field,
          message: t(`consoleCity.errors.${result.code}`, {
            dimension: t(`console.dimension.${result.field}`),
            taken: result.taken ?? 0,
          }),
        });
      },
    );
  };
}
