import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { seedHouseholds } from "../../scripts/lib/household-generator";
import { resetData } from "../../scripts/lib/reset";
import { createDb } from "../../shared/db";
import { berlinToday } from "../../shared/messages/time";
import { createRedis } from "../../shared/redis";
import { roundHousehold } from "../../shared/rounds/inputs";
import { type ConsoleUnderTest, consoleUnderTest } from "../support/console";
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { grantStaff, seedMunicipalities } from "../support/seed";

/**
 * The console's API against the real PostgreSQL and Redis (the server built in this process,
 * requests injected): exports as German Excel opens them, corrections that prune what no longer
 * applies, holds that keep a household out of the next round, the municipality import's preview,
 * and what caseworkers do with open offers.
 */
const PREFIX = `${TEST_QUEUE_PREFIX}-console-api`;
const CASEWORKER = 5301;
const db = createDb(TEST_DATABASE_URL, 4);
const redis = createRedis(TEST_REDIS_URL);
let server: ConsoleUnderTest;
let ids: string[];
const towns = [
  { id: "kiel", name: "Kiel" },
  { id: "troisdorf", name: "Troisdorf" },
];
const call = (method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  server.call(CASEWORKER, method, url, payload);

beforeAll(async () => {
  await resetData(db, TEST_REDIS_URL, PREFIX);
  await seedMunicipalities(
    db,
    towns.map((m) => ({
      ...m,
      capacity: {
        persons: 50,
        units1to2: 20,
        units3to4: 20,
        units5plus: 5,
        schoolPlaces: 20,
        kindergartenPlaces: 20,
        accessibleUnits: 5,
      },
    })),
  );
  await grantStaff(db, [{ telegramId: CASEWORKER, role: "caseworker", language: "de" }]);
  const questionnaire = new Questionnaire(intakeDefinition);
  ids = await seedHouseholds(
    db,
    questionnaire,
    { today: berlinToday(), municipalities: towns },
    { count: 12, seed: 3 },
  );
  server = await consoleUnderTest(db, redis, PREFIX);
});

afterAll(async () => {
  await server?.close();
  await resetData(db, TEST_REDIS_URL, PREFIX);
  redis.disconnect();
  await db.$disconnect();
});

describe("the console's API", () => {
  it("exports the household table as CSV for German Excel: BOM, semicolons, labels in German", async () => {
    const response = await call("GET", "/api/households/export/csv");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toContain('filename="households.csv"');
    const text = response.body;
    expect(text.startsWith("\uFEFFKennung;Status;Personen;Kinder;")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(ids.length + 1);
    expect(lines[1]).toContain(";Registriert;");
    const xlsx = await call("GET", "/api/households/export/xlsx");
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });

  it("corrects the household size through the engine: a smaller household loses the members it no longer has", async () => {
    const big = await db.intake.findFirstOrThrow({ where: { id: { in: ids }, persons: { gte: 2 } } });
    const before = big.persons ?? 0;
    const response = await call("PUT", `/api/households/${big.id}/answers`, {
      version: big.version,
      changes: [{ slot: "household_size", value: before - 1 }],
    });
    expect(response.statusCode).toBe(200);
    const after = await db.intake.findUniqueOrThrow({ where: { id: big.id } });
    expect(after.persons).toBe(before - 1);
    expect((after.state as { groups: { members: unknown[] } }).groups.members).toHaveLength(before - 1);
    expect(after.version).toBe(big.version + 1);
    // the same, stale version again is refused: someone changed it meanwhile
    const stale = await call("PUT", `/api/households/${big.id}/answers`, {
      version: big.version,
      changes: [{ slot: "household_size", value: before }],
    });
    expect(stale.statusCode).toBe(409);
    // a larger household needs the new member's answers before anything is saved
    const more = await call("PUT", `/api/households/${big.id}/answers`, {
      version: after.version,
      changes: [{ slot: "household_size", value: before }],
    });
    expect(more.statusCode).toBe(422);
    expect(more.json()).toMatchObject({
      error: "needs_more",
      question: { slot: `members.${before - 1}.relation` },
    });
    expect((await db.intake.findUniqueOrThrow({ where: { id: big.id } })).version).toBe(after.version);
  });

  it("lets a caseworker set a household's priority, which the engine then reads, and audits it", async () => {
    const id = ids[1] as string;
    expect((await call("POST", `/api/households/${id}/priority`, { priority: 2 })).statusCode).toBe(200);
    expect((await call("POST", `/api/households/${id}/priority`, { priority: 7 })).statusCode).toBe(400);
    expect((await call("GET", `/api/households/${id}`)).json().priority).toBe(2);
    expect((await roundHousehold(db, id))?.priority).toBe(2);
    expect(await db.auditLog.count({ where: { action: "household.priority", target: id } })).toBe(1);
  });

  it("shows a placed household's confirmed pre-arrival data to the caseworker, audits the read and names it in the timeline", async () => {
    const id = ids[2] as string;
    await db.intake.update({ where: { id }, data: { status: "placed", municipalityId: "kiel" } });
    await db.preArrival.create({
      data: {
        intakeId: id,
        members: [{ name: "OLENA KOVAL", birthDate: "1990-03-04" }],
        phone: "+4915123456789",
      },
    });
    try {
      // not yet confirmed by the household: nothing to read, nothing audited
      const unconfirmed = (await call("GET", `/api/households/${id}`)).json();
      expect(unconfirmed.preArrival).toBeNull();
      expect(await db.auditLog.count({ where: { action: "household.view", target: id } })).toBe(0);

      await db.preArrival.update({ where: { intakeId: id }, data: { confirmedAt: new Date() } });
      // a look in chat that showed no pre-arrival data is audited but not a timeline entry
      await db.auditLog.create({
        data: { actorId: "chat", action: "household.view", target: id, details: { preArrival: false } },
      });
      const card = (await call("GET", `/api/households/${id}`)).json();
      expect(card.preArrival).toMatchObject({
        members: [{ name: "OLENA KOVAL", birthDate: "04.03.1990" }],
        phoneE164: "+4915123456789",
      });
      expect(card.preArrival.phone).toMatch(/^\+49 15/);
      expect(
        await db.auditLog.count({
          where: { action: "household.view", target: id, actorId: { not: "chat" } },
        }),
      ).toBe(1);
      const views = (await call("GET", `/api/households/${id}`))
        .json()
        .timeline.filter((e: { action?: string }) => e.action === "household.view");
      // the earlier console read is in the timeline; the chat look without the data is not
      expect(views).toHaveLength(1);
    } finally {
      await db.preArrival.delete({ where: { intakeId: id } });
      await db.intake.update({ where: { id }, data: { status: "registered", municipalityId: null } });
    }
  });

  it("keeps a household on hold out of the next round, and refuses a second round while one is open", async () => {
    const held = ids[0] as string;
    expect((await call("POST", `/api/households/${held}/hold`, { reason: "Pass fehlt" })).statusCode).toBe(
      200,
    );
    expect((await call("POST", `/api/households/${held}/hold`, { reason: "noch einmal" })).statusCode).toBe(
      409,
    );
    const created = await call("POST", "/api/rounds", { relatives: "bonus" });
    expect(created.statusCode).toBe(200);
    const round = await db.round.findUniqueOrThrow({ where: { id: created.json().roundId } });
    expect(round.status).toBe("queued");
    expect(round.intakeIds).not.toContain(held);
    expect(round.intakeIds).toHaveLength(ids.length - 1);
    expect(await redis.exists(`${PREFIX}:events:round-compute-${round.id}`)).toBe(1);
    const second = await call("POST", "/api/rounds", { relatives: "bonus" });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: "round_open", params: { number: round.number } });
    await db.round.update({ where: { id: round.id }, data: { status: "discarded" } });
  });

  it("previews a municipalities file with every row and field error, and imports nothing from a bad one", async () => {
    const bad = "id,name,capacity.persons\nkiel,Kiel,abc\nneu-stadt,,10\n";
    const preview = await call("POST", "/api/municipalities/import/preview", { format: "csv", text: bad });
    expect(preview.statusCode).toBe(200);
    const issues = preview.json().issues as { row: number; field: string }[];
    expect(issues.some((i) => i.row === 1 && i.field === "capacity.persons")).toBe(true);
    expect(issues.some((i) => i.row === 2 && i.field === "name")).toBe(true);
    const refused = await call("POST", "/api/municipalities/import", { format: "csv", text: bad });
    expect(refused.statusCode).toBe(422);
    expect(await db.municipality.count()).toBe(2);
    // editing one municipality: the import's schema, and never below what is taken
    const services = {
      medicalSpecialties: [],
      languageCourses: true,
      integrationCourses: false,
      welcomeClasses: false,
      jobSectors: [],
      ukrainianCommunity: 10,
      citySize: "small",
      petsAllowed: false,
    };
    await db.municipality.update({ where: { id: "kiel" }, data: { taken: { persons: 20 } } });
    const below = await call("PUT", "/api/municipalities/kiel", {
      name: "Kiel",
      capacity: {
        persons: 10,
        units1to2: 1,
        units3to4: 1,
        units5plus: 1,
        schoolPlaces: 0,
        kindergartenPlaces: 0,
        accessibleUnits: 0,
      },
      services,
    });
    expect(below.json()).toMatchObject({
      error: "below_taken",
      params: { field: "capacity.persons", taken: 20 },
    });
    const ok = await call("PUT", "/api/municipalities/kiel", {
      name: "Kiel",
      capacity: {
        persons: 30,
        units1to2: 1,
        units3to4: 1,
        units5plus: 1,
        schoolPlaces: 0,
        kindergartenPlaces: 0,
        accessibleUnits: 0,
      },
      services,
    });
    expect(ok.statusCode).toBe(200);
    expect(await db.auditLog.count({ where: { action: "municipality.edit", target: "kiel" } })).toBe(1);
  });

  it("extends, resends and withdraws an open offer, telling the household each time once", async () => {
    const round = await db.round.create({
      data: { status: "approved", intakeIds: [], municipalityIds: ["kiel"], createdBy: "t" },
    });
    const intakeId = ids[5] as string;
    await db.intake.update({ where: { id: intakeId }, data: { status: "offered" } });
    const offer = await db.offer.create({
      data: {
        roundId: round.id,
        intakeId,
        municipalityId: "kiel",
        deadline: new Date(Date.now() + 86_400_000),
      },
    });
    const later = new Date(Date.now() + 4 * 86_400_000);
    expect(
      (await call("POST", `/api/offers/${offer.id}/extend`, { deadline: later.toISOString() })).statusCode,
    ).toBe(200);
    expect((await db.offer.findUniqueOrThrow({ where: { id: offer.id } })).deadline.getTime()).toBe(
      later.getTime(),
    );
    expect(await redis.exists(`${PREFIX}:events:offer-expire-${offer.id}-${later.getTime()}`)).toBe(1);
    expect((await call("POST", `/api/offers/${offer.id}/resend`)).statusCode).toBe(200);
    expect((await call("POST", `/api/offers/${offer.id}/withdraw`)).statusCode).toBe(200);
    expect((await call("POST", `/api/offers/${offer.id}/withdraw`)).statusCode).toBe(409);
    expect(await db.intake.findUniqueOrThrow({ where: { id: intakeId } })).toMatchObject({
      status: "registered",
    });
    const kinds = (await db.delivery.findMany({ where: { key: { contains: offer.id } } }))
      .map((d) => d.kind)
      .sort();
    expect(kinds).toEqual(["offer", "offer-extended", "offer-withdrawn"]);
    const listed = await call("GET", `/api/rounds/${round.id}/offers`);
    expect(listed.json()).toMatchObject({
      counts: { cancelled: 1 },
      rows: [{ status: "cancelled", reason: "withdrawn" }],
    });
  });
});

describe("a caseworker's hold, release and withdrawal", () => {
  const audits = (target: string) =>
    db.auditLog.findMany({
      where: { target, action: { startsWith: "household." } },
      orderBy: { createdAt: "asc" },
    });

  it("releases a held household into the next round, once, audited", async () => {
    const id = ids[6] as string;
    expect((await call("POST", `/api/households/${id}/release`)).statusCode).toBe(409);
    expect((await call("POST", `/api/households/${id}/hold`, { reason: "Pass fehlt" })).statusCode).toBe(200);
    expect(await db.intake.findUniqueOrThrow({ where: { id } })).toMatchObject({
      onHold: true,
      holdReason: "Pass fehlt",
    });
    expect((await call("POST", `/api/households/${id}/release`)).statusCode).toBe(200);
    expect((await call("POST", `/api/households/${id}/release`)).json()).toMatchObject({ error: "not_held" });
    expect(await db.intake.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "registered",
      onHold: false,
      holdReason: null,
    });
    expect((await audits(id)).map((a) => a.action).sort()).toEqual(["household.hold", "household.release"]);
    const waiting = (await call("GET", "/api/households?status=registered&pageSize=200")).json();
    expect(waiting.rows.map((r: { id: string }) => r.id)).toContain(id);
  });

  it("withdraws a registered household once, with its reason, audited; it is no longer in the waiting list", async () => {
    const id = ids[7] as string;
    expect((await call("POST", `/api/households/${id}/withdraw`, { reason: "" })).statusCode).toBe(400);
    expect(
      (await call("POST", `/api/households/${id}/withdraw`, { reason: "zurückgezogen" })).statusCode,
    ).toBe(200);
    const again = await call("POST", `/api/households/${id}/withdraw`, { reason: "noch einmal" });
    expect(again.json()).toMatchObject({ error: "not_withdrawable" });
    const row = await db.intake.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "withdrawn", withdrawReason: "zurückgezogen", onHold: false });
    expect(row.withdrawnAt).toBeInstanceOf(Date);
    expect((await audits(id)).map((a) => a.action)).toEqual(["household.withdraw"]);
    // nor can it be held, released or corrected any more
    expect((await call("POST", `/api/households/${id}/hold`, { reason: "x" })).statusCode).toBe(409);
    const ofStatus = async (status: string) =>
      (await call("GET", `/api/households?status=${status}&pageSize=200`))
        .json()
        .rows.map((r: { id: string }) => r.id);
    expect(await ofStatus("registered")).not.toContain(id);
    expect(await ofStatus("withdrawn")).toContain(id);
  });

  it("withdrawing an offered household cancels its open offer and tells the household once", async () => {
    const round = await db.round.create({
      data: { status: "approved", intakeIds: [], municipalityIds: ["troisdorf"], createdBy: "t" },
    });
    const id = ids[8] as string;
    await db.intake.update({ where: { id }, data: { status: "offered" } });
    const offer = await db.offer.create({
      data: {
        roundId: round.id,
        intakeId: id,
        municipalityId: "troisdorf",
        deadline: new Date(Date.now() + 86_400_000),
      },
    });
    expect(
      (await call("POST", `/api/households/${id}/withdraw`, { reason: "Familie bleibt" })).statusCode,
    ).toBe(200);
    expect(await db.intake.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "withdrawn" });
    const cancelled = await db.offer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(cancelled).toMatchObject({ status: "cancelled", reason: "withdrawn" });
    expect(cancelled.answeredAt).toBeInstanceOf(Date);
    // the offer is no longer open for the caseworker either
    expect((await call("POST", `/api/offers/${offer.id}/resend`)).statusCode).toBe(409);
    expect((await call("GET", `/api/rounds/${round.id}/offers`)).json()).toMatchObject({
      rows: [{ status: "cancelled", reason: "withdrawn" }],
    });
    // the household hears of it as when the offer alone is withdrawn: one "offer withdrawn" notice
    const user = (await db.intake.findUniqueOrThrow({ where: { id } })).userId;
    const told = await db.delivery.findMany({ where: { userId: user } });
    expect(told.map((d) => [d.kind, d.key])).toEqual([["offer-withdrawn", `offer-withdrawn:${offer.id}`]]);
    expect(told[0]?.payload).toEqual({
      parts: [{ key: "console.notice.offer_withdrawn", params: { city: "Troisdorf" } }],
    });
    expect((await audits(id)).map((a) => a.action)).toEqual(["household.withdraw"]);
  });
});

describe("the household table", () => {
  type Row = {
    id: string;
    ref: string;
    status: string;
    persons: number;
    children: number;
    registeredAt: string;
  };
  const rows = async (query: string, pageSize = 200): Promise<{ total: number; rows: Row[] }> =>
    (await call("GET", `/api/households?pageSize=${pageSize}&${query}`)).json();

  it("finds a household by words of its free-text answers, in any case, and no other", async () => {
    const id = ids[9] as string;
    const intake = await db.intake.findUniqueOrThrow({ where: { id } });
    const corrected = await call("PUT", `/api/households/${id}/answers`, {
      version: intake.version,
      changes: [{ slot: "current_city", value: "Kamianets-Podilskyi" }],
    });
    expect(corrected.statusCode).toBe(200);
    for (const q of ["podilskyi", "KAMIANETS-Podil", "Kamianets-Podilskyi"]) {
      const found = await rows(`q=${encodeURIComponent(q)}`);
      expect(
        found.rows.map((r) => r.id),
        q,
      ).toEqual([id]);
      expect(found.total).toBe(1);
    }
    // its reference finds it as well
    const { ref } = (await rows(`q=${encodeURIComponent("Kamianets")}`)).rows[0] as Row;
    expect((await rows(`q=${encodeURIComponent(ref)}`)).rows.map((r) => r.id)).toEqual([id]);
    expect((await rows("q=Ternopilskyi-Zamok")).total).toBe(0);
    // a word several households wrote finds exactly those
    const all = await db.intake.findMany({ where: { id: { in: ids } } });
    const text = (i: { searchText: string | null }) => i.searchText ?? "";
    const word = text(all.find((i) => i.id !== id) ?? { searchText: "" }).split(/[\s|-]+/)[0] as string;
    expect(word.length).toBeGreaterThan(2);
    const expected = all.filter((i) => text(i).includes(word)).map((i) => i.id);
    expect((await rows(`q=${encodeURIComponent(word.toUpperCase())}`)).rows.map((r) => r.id).sort()).toEqual(
      expected.sort(),
    );
  });

  it("orders the rows as each sort says, both ways, and pages without gaps or repeats", async () => {
    const rank = ["registered", "on_hold", "offered", "placed", "arrived", "withdrawn"];
    const key: Record<string, (r: Row) => number> = {
      registered: (r) => Date.parse(r.registeredAt),
      persons: (r) => r.persons,
      children: (r) => r.children,
      status: (r) => rank.indexOf(r.status),
    };
    const statuses = new Set((await rows("")).rows.map((r) => r.status));
    expect(statuses.size).toBeGreaterThanOrEqual(3); // registered, on hold and withdrawn by now
    for (const [sort, of] of Object.entries(key)) {
      for (const dir of ["asc", "desc"] as const) {
        const page = await rows(`sort=${sort}&dir=${dir}`);
        expect(page.rows).toHaveLength(ids.length);
        expect(new Set(page.rows.map(of)).size, sort).toBeGreaterThan(1);
        page.rows.slice(1).forEach((row, i) => {
          const before = page.rows[i] as Row;
          const step = (of(row) - of(before)) * (dir === "asc" ? 1 : -1);
          expect(step, `${sort} ${dir} at ${i + 1}`).toBeGreaterThanOrEqual(0);
          // equal on the sort key: the earlier registration first
          if (step === 0 && sort !== "registered")
            expect(Date.parse(row.registeredAt)).toBeGreaterThanOrEqual(Date.parse(before.registeredAt));
        });
        const pages = [
          await rows(`sort=${sort}&dir=${dir}&page=1`, 5),
          await rows(`sort=${sort}&dir=${dir}&page=2`, 5),
        ];
        expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(
          page.rows.slice(0, 10).map((r) => r.id),
        );
      }
    }
  });
});

describe("the console's protections and session", () => {
  it("sends the security headers on a page and on an API answer: a CSP that only Telegram may frame, no sniffing", async () => {
    for (const url of ["/households", "/api/me"]) {
      const response = await call("GET", url);
      const csp = String(response.headers["content-security-policy"]);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("frame-ancestors 'self' https://web.telegram.org https://*.telegram.org");
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
      // Telegram's web clients frame the Mini App: the CSP says who may, no X-Frame-Options
      expect(response.headers["x-frame-options"], url).toBeUndefined();
      expect(response.headers["referrer-policy"], url).toBe("no-referrer");
    }
  });

  it("refuses the 11th login attempt within a minute with 429", async () => {
    const attempt = () =>
      server.app.inject({ method: "POST", url: "/api/login", payload: { token: "x".repeat(40) } });
    for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: "too_many_requests" });
    expect(await db.auditLog.count({ where: { action: "console.login" } })).toBe(0);
  });

  it("audits a change of the staff member's language and a logout", async () => {
    const staff = await db.staffMember.findUniqueOrThrow({ where: { telegramId: BigInt(CASEWORKER) } });
    expect((await call("PUT", "/api/me/language", { language: "pl" })).json()).toEqual({ language: "pl" });
    expect(await db.auditLog.findMany({ where: { action: "console.language" } })).toMatchObject([
      { actorId: staff.id, target: null, details: { language: "pl" } },
    ]);
    expect((await call("POST", "/api/logout")).json()).toEqual({ ok: true });
    expect(await db.auditLog.findMany({ where: { action: "console.logout" } })).toMatchObject([
      { actorId: staff.id },
    ]);
    await call("PUT", "/api/me/language", { language: "de" });
  });
});
