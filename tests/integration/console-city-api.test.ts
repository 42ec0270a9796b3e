import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetData } from "../../scripts/lib/reset";
import { createDb } from "../../shared/db";
import { INTERRUPTED } from "../../shared/delivery";
import { berlinWallClock } from "../../shared/messages/time";
import { createRedis } from "../../shared/redis";
import { type ConsoleUnderTest, consoleUnderTest } from "../support/console";
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { declineEvent, grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

/**
 * The city pages' API against the real PostgreSQL and Redis (the server built in this process,
 * requests injected): every route that names a household, event or broadcast is 404 for a clerk
 * of another city; caseworkers do not reach the city routes; details are saved once per change;
 * a bulk appointment with a foreign household changes nothing; broadcast figures per recipient
 * with "send again"; capacity never below what is taken.
 */
const PREFIX = `${TEST_QUEUE_PREFIX}-city-api`;
const KIEL_CLERK = 5401;
const TROISDORF_CLERK = 5402;
const CASEWORKER = 5403;
const db = createDb(TEST_DATABASE_URL, 4);
const redis = createRedis(TEST_REDIS_URL);
let server: ConsoleUnderTest;
let kiel: string[];
let troisdorf: string[];
const call = (who: number, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  server.call(who, method, url, payload);
/** An event for everyone placed in Kiel, as its clerk creates it. */
const kielEvent = (event: { kind: string; startsAt: string; place: string; texts: object }) =>
  call(KIEL_CLERK, "POST", "/api/city/events", { ...event, audience: "placed" });
const inDays = (days: number, time: string) =>
  `${berlinWallClock(new Date(Date.now() + days * 86_400_000)).slice(0, 10)}T${time}`;

beforeAll(async () => {
  await resetData(db, TEST_REDIS_URL, PREFIX);
  await seedMunicipalities(db, [
    { id: "kiel", name: "Kiel", capacity: { persons: 50, units1to2: 10 }, taken: { persons: 12 } } as never,
    { id: "troisdorf", name: "Troisdorf" },
  ]);
  await grantStaff(db, [
    { telegramId: KIEL_CLERK, role: "city_staff", municipalityId: "kiel", language: "de" },
    { telegramId: TROISDORF_CLERK, role: "city_staff", municipalityId: "troisdorf", language: "de" },
    { telegramId: CASEWORKER, role: "caseworker", language: "de" },
  ]);
  await seedPeople(
    db,
    Array.from({ length: 6 }, (_, i) => ({
      telegramId: 54_000 + i,
      language: "uk",
      intake: { status: "placed" as const, municipalityId: i < 4 ? "kiel" : "troisdorf" },
    })),
  );
  const intakes = await db.intake.findMany({ orderBy: { user: { telegramId: "asc" } } });
  kiel = intakes.filter((i) => i.municipalityId === "kiel").map((i) => i.id);
  troisdorf = intakes.filter((i) => i.municipalityId === "troisdorf").map((i) => i.id);
  server = await consoleUnderTest(db, redis, PREFIX);
});

afterAll(async () => {
  await server?.close();
  await resetData(db, TEST_REDIS_URL, PREFIX);
  await redis.quit();
  await db.$disconnect();
});

const de = () => server.deps.i18n.t("de");

describe("the city pages' API", () => {
  it("answers 404 to a clerk of another city on every route that names this city's household, event or broadcast", async () => {
    const target = kiel[0] as string;
    const event = await kielEvent({
      kind: "course",
      startsAt: inDays(4, "10:00"),
      place: "VHS Kiel",
      texts: { uk: "Курс німецької", de: "Deutschkurs" },
    });
    expect(event.statusCode).toBe(200);
    const eventId = event.json().id as string;
    expect(await db.eventRegistration.count({ where: { eventId } })).toBe(4);
    // saved again as it is (texts in more than one language): nobody is told again
    const unchanged = await call(KIEL_CLERK, "PUT", `/api/city/events/${eventId}`, {
      kind: "course",
      startsAt: inDays(4, "10:00"),
      place: "VHS Kiel",
      texts: { de: "Deutschkurs", uk: "Курс німецької" },
    });
    expect(unchanged.json()).toEqual({ changed: false, told: 0 });
    const broadcast = await call(KIEL_CLERK, "POST", "/api/city/broadcasts", {
      audience: "placed",
      texts: { de: "Willkommen" },
      scheduledAt: "",
    });
    const broadcastId = broadcast.json().id as string;

    const routes = server.app.consoleRoutes.filter(
      (r) => r.url.startsWith("/api/city/") && r.url.includes(":id"),
    );
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const bodies: Record<string, object> = {
      "/api/city/arrivals/:id/details": { version: 0, arrivalDate: "", appointments: [] },
      "/api/city/events/:id": {
        kind: "course",
        startsAt: inDays(4, "11:00"),
        place: "x",
        texts: { de: "x" },
      },
      "/api/city/events/:id/attendance": { intakeId: target, attended: true },
    };
    for (const route of routes) {
      const id = route.url.startsWith("/api/city/arrivals")
        ? target
        : route.url.startsWith("/api/city/events")
          ? eventId
          : broadcastId;
      const url = route.url.replace(":id", id);
      const response = await call(
        TROISDORF_CLERK,
        route.method as "GET",
        url,
        route.method === "GET" ? undefined : (bodies[route.url] ?? {}),
      );
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(404);
    }
    // nothing of Kiel changed by those calls
    expect(await db.intake.count({ where: { id: target, status: "placed" } })).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: eventId } })).cancelled).toBe(false);
    expect(await db.arrivalInfo.count()).toBe(0);
    // the other clerk's lists hold only their own
    const list = (await call(TROISDORF_CLERK, "GET", "/api/city/arrivals")).json();
    expect(list.rows.map((r: { id: string }) => r.id).sort()).toEqual([...troisdorf].sort());
    expect((await call(TROISDORF_CLERK, "GET", "/api/city/events")).json()).toEqual([]);
    expect((await call(TROISDORF_CLERK, "GET", "/api/city/broadcasts")).json().total).toBe(0);
    expect((await call(TROISDORF_CLERK, "GET", "/api/city/capacity")).json().id).toBe("troisdorf");
    // the Kiel clerk reaches the same card
    expect((await call(KIEL_CLERK, "GET", `/api/city/arrivals/${target}`)).statusCode).toBe(200);
  });

  it("shows the clerk a household's confirmed pre-arrival data and audits each read; another city's clerk gets 404 and no read", async () => {
    const target = kiel[1] as string;
    await db.preArrival.create({
      data: {
        intakeId: target,
        members: [{ name: "TARAS BONDAR", birthDate: "1985-07-09" }],
        phone: "+491701234567",
        confirmedAt: new Date(),
      },
    });
    const reads = () => db.auditLog.count({ where: { action: "household.view", target } });
    try {
      expect((await call(TROISDORF_CLERK, "GET", `/api/city/arrivals/${target}`)).statusCode).toBe(404);
      expect(await reads()).toBe(0);
      const card = (await call(KIEL_CLERK, "GET", `/api/city/arrivals/${target}`)).json();
      expect(card.preArrival.members).toEqual([
        { name: "TARAS BONDAR", birthDate: "09.07.1985", age: expect.any(Number) },
      ]);
      expect(await reads()).toBe(1);
    } finally {
      await db.preArrival.delete({ where: { intakeId: target } });
    }
  });

  it("keeps caseworkers out of the city routes", async () => {
    const city = server.app.consoleRoutes.filter((r) => r.url.startsWith("/api/city/"));
    for (const route of city) {
      const response = await call(
        CASEWORKER,
        route.method as "GET",
        route.url.replace(":id", kiel[0] as string),
      );
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
    }
  });

  it("saves arrival details once per change, refuses a stale form and a bad phone in the clerk's language", async () => {
    const target = kiel[1] as string;
    const form = {
      version: 0,
      arrivalDate: inDays(3, "15:00"),
      meetingPoint: "Kiel Hbf",
      contactPhone: "12",
      appointments: [{ at: inDays(4, "09:00"), place: "Bürgeramt", what: "Anmeldung" }],
    };
    const bad = await call(KIEL_CLERK, "PUT", `/api/city/arrivals/${target}/details`, form);
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      field: "contactPhone",
      message: de()("consoleCity.errors.bad_phone"),
    });
    const ok = { ...form, contactPhone: "+49 431 9012345" };
    const first = await call(KIEL_CLERK, "PUT", `/api/city/arrivals/${target}/details`, ok);
    expect(first.json()).toEqual({ ok: true, changed: true, told: 1 });
    // the form still carries the old version: someone else's change is not overwritten
    expect((await call(KIEL_CLERK, "PUT", `/api/city/arrivals/${target}/details`, ok)).statusCode).toBe(409);
    const card = (await call(KIEL_CLERK, "GET", `/api/city/arrivals/${target}`)).json();
    const again = await call(KIEL_CLERK, "PUT", `/api/city/arrivals/${target}/details`, {
      ...ok,
      version: card.arrival.version,
    });
    expect(again.json()).toEqual({ ok: true, changed: false, told: 0 });
    expect(
      await db.delivery.count({ where: { kind: "arrival", key: { startsWith: `arrival:${target}:` } } }),
    ).toBe(1);
  });

  it("changes nothing when a bulk appointment names a household of another city", async () => {
    const appointment = { at: inDays(5, "10:00"), place: "Rathaus", what: "Info" };
    const refused = await call(KIEL_CLERK, "POST", "/api/city/appointments", {
      intakeIds: [kiel[2], troisdorf[0]],
      appointment,
    });
    expect(refused.statusCode).toBe(404);
    expect(
      await db.arrivalInfo.count({
        where: { intakeId: { in: [kiel[2] as string, troisdorf[0] as string] } },
      }),
    ).toBe(0);
    // one household has no room for another appointment: it is named as full, not silently skipped
    const full = kiel[3] as string;
    const before = await db.arrivalInfo.findUnique({ where: { intakeId: full } });
    const ten = Array.from({ length: 10 }, (_, i) => ({
      at: `2099-01-${10 + i}T09:00:00.000Z`,
      place: "A",
      what: "B",
    }));
    await db.arrivalInfo.upsert({
      where: { intakeId: full },
      create: { intakeId: full, appointments: ten, updatedBy: "test" },
      update: { appointments: ten },
    });
    const done = await call(KIEL_CLERK, "POST", "/api/city/appointments", { intakeIds: kiel, appointment });
    expect(done.json()).toEqual({ households: 4, changed: 3, already: 0, full: 1, told: 3 });
    const twice = await call(KIEL_CLERK, "POST", "/api/city/appointments", { intakeIds: kiel, appointment });
    expect(twice.json()).toEqual({ households: 4, changed: 0, already: 3, full: 1, told: 0 });
    if (before)
      await db.arrivalInfo.update({
        where: { intakeId: full },
        data: { appointments: before.appointments ?? [] },
      });
    else await db.arrivalInfo.delete({ where: { intakeId: full } });
  });

  it("gives a group the same arrival details: what is filled in is set, the rest stays; each household told once", async () => {
    const group = kiel.slice(0, 3) as string[];
    const own = group[0] as string;
    const saved = await db.arrivalInfo.findMany({ where: { intakeId: { in: group } } });
    await db.arrivalInfo.upsert({
      where: { intakeId: own },
      create: { intakeId: own, address: "Holstenstraße 1", updatedBy: "test" },
      update: { address: "Holstenstraße 1" },
    });
    const details = {
      arrivalDate: inDays(9, "14:30"),
      meetingPoint: "Kiel Hbf, Gleis 3",
      address: "",
      contactName: "",
      contactPhone: "",
    };
    const foreign = await call(KIEL_CLERK, "POST", "/api/city/arrivals/details", {
      intakeIds: [group[1], troisdorf[0]],
      details,
    });
    expect(foreign.statusCode).toBe(404);
    const badPhone = await call(KIEL_CLERK, "POST", "/api/city/arrivals/details", {
      intakeIds: group,
      details: { ...details, contactPhone: "12" },
    });
    expect(badPhone.statusCode).toBe(422);
    const sentBefore = await db.delivery.count({ where: { kind: "arrival" } });
    const done = await call(KIEL_CLERK, "POST", "/api/city/arrivals/details", { intakeIds: group, details });
    expect(done.json()).toEqual({ households: 3, changed: 3, told: 3 });
    const rows = await db.arrivalInfo.findMany({ where: { intakeId: { in: group } } });
    expect(rows.map((r) => r.meetingPoint)).toEqual([
      "Kiel Hbf, Gleis 3",
      "Kiel Hbf, Gleis 3",
      "Kiel Hbf, Gleis 3",
    ]);
    // the field left empty stays as it was
    expect(rows.find((r) => r.intakeId === own)?.address).toBe("Holstenstraße 1");
    expect(await db.delivery.count({ where: { kind: "arrival" } })).toBe(sentBefore + 3);
    // the same again changes nothing and tells nobody
    const twice = await call(KIEL_CLERK, "POST", "/api/city/arrivals/details", { intakeIds: group, details });
    expect(twice.json()).toEqual({ households: 3, changed: 0, told: 0 });
    expect(await db.auditLog.count({ where: { action: "city.arrival.bulk", target: "kiel" } })).toBe(2);
    // as the test found them, for the cases after this one
    await db.arrivalInfo.deleteMany({ where: { intakeId: { in: group } } });
    for (const { id: _, appointments, ...row } of saved) {
      await db.arrivalInfo.create({ data: { ...row, appointments: appointments ?? [] } });
    }
  });

  it("counts a broadcast per recipient and sends again to those it did not reach, once", async () => {
    const created = await call(KIEL_CLERK, "POST", "/api/city/broadcasts", {
      audience: "selection",
      intakeIds: kiel.slice(0, 3),
      texts: { de: "Bitte Pass mitbringen", uk: "Візьміть паспорт" },
      scheduledAt: "",
    });
    const id = created.json().id as string;
    const rows = await db.delivery.findMany({ where: { broadcastId: id }, orderBy: { chatId: "asc" } });
    expect(rows).toHaveLength(3);
    // as the worker would leave them: one unknown (interrupted), one failed, one blocked
    const [a, b, c] = rows.map((r) => r.id) as [string, string, string];
    await db.delivery.update({ where: { id: a }, data: { status: "unknown", error: INTERRUPTED } });
    await db.delivery.update({ where: { id: b }, data: { status: "failed", error: "telegram 400" } });
    await db.delivery.update({ where: { id: c }, data: { status: "blocked" } });
    const stats = async () =>
      (await call(KIEL_CLERK, "GET", "/api/city/broadcasts"))
        .json()
        .rows.find((r: { id: string }) => r.id === id).stats;
    expect(await stats()).toMatchObject({
      total: 3,
      delivered: 0,
      failed: 1,
      unknown: 1,
      blocked: 1,
      pending: 0,
    });
    expect((await call(KIEL_CLERK, "POST", `/api/city/broadcasts/${id}/again`)).json()).toEqual({
      queued: 2,
    });
    expect((await call(KIEL_CLERK, "POST", `/api/city/broadcasts/${id}/again`)).json()).toEqual({
      queued: 0,
    });
    // pressed again: the latest row of each is now on its way, nothing more is queued
    expect(await db.delivery.count({ where: { broadcastId: id } })).toBe(5);
    expect(await stats()).toMatchObject({ total: 3, failed: 0, unknown: 0, blocked: 1, pending: 2 });
  });

  it("edits the clerk's own capacity, never below what is taken, audited", async () => {
    const view = (await call(KIEL_CLERK, "GET", "/api/city/capacity")).json();
    const below = await call(KIEL_CLERK, "PUT", "/api/city/capacity", {
      capacity: { ...view.capacity, persons: 5 },
    });
    expect(below.statusCode).toBe(422);
    expect(below.json().message).toBe(
      de()("consoleCity.errors.below_taken", { dimension: de()("console.dimension.persons"), taken: 12 }),
    );
    const ok = await call(KIEL_CLERK, "PUT", "/api/city/capacity", {
      capacity: { ...view.capacity, persons: 80 },
    });
    expect(ok.statusCode).toBe(200);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "municipality.capacity" } });
    expect(audit).toMatchObject({ target: "kiel", details: { capacity: "persons:50→80" } });
    expect((await db.municipality.findUniqueOrThrow({ where: { id: "troisdorf" } })).capacity).toEqual({});
  });

  it("lets the clerk say what the municipality looks for, kept beside its other services, audited", async () => {
    const before = (await db.municipality.findUniqueOrThrow({ where: { id: "kiel" } })).services as object;
    const first = (await call(KIEL_CLERK, "GET", "/api/city/criteria")).json();
    expect(first).toMatchObject({ seeksFamilies: false, jobSectors: [] });
    expect(first.sectors).toContain("health");
    const bad = await call(KIEL_CLERK, "PUT", "/api/city/criteria", {
      seeksFamilies: true,
      jobSectors: ["mining"],
    });
    expect(bad.statusCode).toBe(400);
    const saved = await call(KIEL_CLERK, "PUT", "/api/city/criteria", {
      seeksFamilies: true,
      jobSectors: ["it", "health", "health"],
    });
    // each sector once, in the engine's order
    expect(saved.json()).toMatchObject({ seeksFamilies: true, jobSectors: ["it", "health"] });
    const services = (await db.municipality.findUniqueOrThrow({ where: { id: "kiel" } })).services;
    expect(services).toEqual({ ...before, seeksFamilies: true, jobSectors: ["it", "health"] });
    expect((await call(KIEL_CLERK, "GET", "/api/city/criteria")).json()).toMatchObject({
      seeksFamilies: true,
      jobSectors: ["it", "health"],
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "municipality.criteria" } });
    expect(audit).toMatchObject({
      target: "kiel",
      details: { seeksFamilies: "true", jobSectors: "it,health" },
    });
    // only the clerk's own municipality, and no caseworker through the city route
    expect(
      (await db.municipality.findUniqueOrThrow({ where: { id: "troisdorf" } })).services,
    ).not.toHaveProperty("seeksFamilies");
    expect(
      (await call(CASEWORKER, "PUT", "/api/city/criteria", { seeksFamilies: false, jobSectors: [] }))
        .statusCode,
    ).toBe(403);
  });

  it("lists who cannot come, tells each registered household of a new time and place once, and of a cancellation once", async () => {
    const created = await kielEvent({
      kind: "appointment",
      startsAt: inDays(6, "10:00"),
      place: "Rathaus Kiel",
      texts: { de: "Infoabend", uk: "Інформаційний вечір" },
    });
    const id = created.json().id as string;
    const [away, ...coming] = kiel as [string, ...string[]];
    await declineEvent(db, id, away);
    const view = (await call(KIEL_CLERK, "GET", `/api/city/events/${id}`)).json();
    expect(view.declined.map((d: { id: string }) => d.id)).toEqual([away]);
    expect(view.registered.map((r: { id: string }) => r.id).sort()).toEqual([...coming].sort());
    const row = (await call(KIEL_CLERK, "GET", "/api/city/events"))
      .json()
      .find((e: { id: string }) => e.id === id);
    expect(row).toMatchObject({ registered: 3, declined: 1 });

    const userOf = new Map(
      (await db.intake.findMany({ where: { id: { in: kiel } } })).map((i) => [i.userId, i.id]),
    );
    const notices = async (part: string) =>
      (await db.delivery.findMany({ where: { kind: "event", key: { startsWith: `event:${id}:` } } })).filter(
        (d) => (d.payload as { parts: { key?: string }[] }).parts[0]?.key === part,
      );
    const pendingReminders = () =>
      db.delivery.findMany({
        where: { kind: "reminder", status: "pending", key: { startsWith: `reminder:${id}:` } },
      });

    // another hour and another room: the three still registered are told, each once, with both
    const form = {
      kind: "appointment",
      startsAt: inDays(7, "14:30"),
      place: "Rathaus Kiel, Saal 2",
      texts: { de: "Infoabend", uk: "Інформаційний вечір" },
    };
    const changed = await call(KIEL_CLERK, "PUT", `/api/city/events/${id}`, form);
    // each one's notice and its two reminders, a day and two hours before the new time
    expect(changed.json()).toEqual({ changed: true, told: 3 * 3 });
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event.place).toBe("Rathaus Kiel, Saal 2");
    const updates = await notices("arrival.notice.event_changed");
    expect(updates.map((d) => userOf.get(d.userId as string)).sort()).toEqual([...coming].sort());
    for (const update of updates) {
      expect(update.key).toBe(
        `event:${id}:${event.updatedAt.getTime()}:${userOf.get(update.userId as string)}`,
      );
      expect((update.payload as { parts: object[] }).parts).toContainEqual({
        key: "arrival.event.when",
        params: { startsAt: event.startsAt.getTime(), place: "Rathaus Kiel, Saal 2" },
      });
    }
    const reminders = await pendingReminders();
    expect(reminders).toHaveLength(3 * 2);
    expect(new Set(reminders.map((r) => event.startsAt.getTime() - (r.sendAfter?.getTime() ?? 0)))).toEqual(
      new Set([86_400_000, 7_200_000]),
    );
    // the same form again (a second click): nobody is told twice
    expect((await call(KIEL_CLERK, "PUT", `/api/city/events/${id}`, form)).json()).toEqual({
      changed: false,
      told: 0,
    });
    expect(await notices("arrival.notice.event_changed")).toHaveLength(3);
    expect(await db.auditLog.count({ where: { action: "city.event.change", target: id } })).toBe(1);

    // cancelled: the three are told once, without the "cannot come" button; no reminder is left
    expect((await call(KIEL_CLERK, "POST", `/api/city/events/${id}/cancel`)).json()).toEqual({ told: 3 });
    expect((await call(KIEL_CLERK, "POST", `/api/city/events/${id}/cancel`)).statusCode).toBe(404);
    expect((await call(KIEL_CLERK, "PUT", `/api/city/events/${id}`, form)).statusCode).toBe(404);
    const cancelled = await notices("arrival.notice.event_cancelled");
    expect(cancelled.map((d) => d.key).sort()).toEqual(
      coming.map((i) => `event:${id}:cancelled:${i}`).sort(),
    );
    expect(cancelled.every((d) => !("buttons" in (d.payload as object)))).toBe(true);
    expect(await pendingReminders()).toEqual([]);
    expect(await db.auditLog.findMany({ where: { action: "city.event.cancel", target: id } })).toMatchObject([
      { details: { told: 3 } },
    ]);
    // the household that cannot come heard of neither change
    const awayUser = (await db.intake.findUniqueOrThrow({ where: { id: away } })).userId;
    expect(
      (await db.delivery.findMany({ where: { userId: awayUser, key: { startsWith: `event:${id}:` } } })).map(
        (d) => (d.payload as { parts: { key?: string }[] }).parts[0]?.key,
      ),
    ).toEqual(["arrival.notice.event_new"]);
  });

  it("marks arrived only this city's placed households", async () => {
    expect((await call(TROISDORF_CLERK, "POST", `/api/city/arrivals/${kiel[3]}/arrived`)).statusCode).toBe(
      404,
    );
    expect((await call(KIEL_CLERK, "POST", `/api/city/arrivals/${kiel[3]}/arrived`)).statusCode).toBe(200);
    expect((await call(KIEL_CLERK, "POST", `/api/city/arrivals/${kiel[3]}/arrived`)).statusCode).toBe(404);
    const arrived = (await call(KIEL_CLERK, "GET", "/api/city/arrivals?arrived=yes")).json();
    expect(arrived.rows.map((r: { id: string }) => r.id)).toEqual([kiel[3]]);
  });
});
