import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedHouseholds } from "../../scripts/lib/household-generator";
import { berlinToday } from "../../shared/messages/time";
import { createRedis } from "../../shared/redis";
import { type ConsoleUnderTest, consoleUnderTest } from "../support/console";
import { TEST_QUEUE_PREFIX, TEST_REDIS_URL } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { capacity, grantStaff, seedMunicipalities, services } from "../support/seed";
import { eventually } from "../support/wait";

/**
 * Rounds decided in the console's API (the server in this process, on the run's queue prefix)
 * and computed by the real worker: a discarded round sends no offers and no longer blocks the
 * next one; an approved round's assignment and offers come as two CSVs (one sheet each) and
 * one workbook with both.
 */
let h: Harness;
let server: ConsoleUnderTest;
const redis = createRedis(TEST_REDIS_URL);
const CASEWORKER = 5601;
const towns = ["braunschweig", "kiel", "troisdorf"];
let households: string[];

beforeAll(async () => {
  h = await createHarness({ OFFER_DEADLINE_MINUTES: "600", OFFER_REMINDER_MINUTES: "60" });
  const municipalities = towns.map((id) => ({ id, name: id[0]?.toUpperCase() + id.slice(1) }));
  await seedMunicipalities(
    h.db,
    municipalities.map((m) => ({ ...m, capacity: capacity(8), services: services() })),
  );
  await grantStaff(h.db, [{ telegramId: CASEWORKER, role: "caseworker", language: "de" }]);
  households = await seedHouseholds(
    h.db,
    h.questionnaire,
    { today: berlinToday(), municipalities },
    { count: 10, seed: 5 },
  );
  await h.processes.start("worker");
  server = await consoleUnderTest(h.db, redis, TEST_QUEUE_PREFIX);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await h?.close();
  await redis.quit();
});

const call = (method: "GET" | "POST", url: string, payload?: object) =>
  server.call(CASEWORKER, method, url, payload);
const de = () => h.i18n.t("de");

/** A round started in the console, once the worker has computed it. */
async function computedRound(): Promise<string> {
  const started = await call("POST", "/api/rounds", { relatives: "bonus" });
  expect(started.statusCode).toBe(200);
  const id = started.json().roundId as string;
  await eventually(async () => (await call("GET", `/api/rounds/${id}`)).json().status === "computed", {
    timeoutMs: 60_000,
    what: "the round computed",
    log: () => h.processes.output.get("worker")?.slice(-10),
  });
  return id;
}

const csvLines = (body: string) =>
  body
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");

describe("rounds decided in the console", () => {
  it("discards a computed round: discarded, audited, no offers, and the next round may start", async () => {
    const id = await computedRound();
    const staff = await h.db.staffMember.findUniqueOrThrow({ where: { telegramId: BigInt(CASEWORKER) } });
    expect((await call("POST", `/api/rounds/${id}/decision`, { decision: "discard" })).json()).toEqual({
      status: "discarded",
    });
    // a second click, or approving it after all, changes nothing
    for (const decision of ["discard", "approve"])
      expect((await call("POST", `/api/rounds/${id}/decision`, { decision })).json()).toMatchObject({
        error: "round_not_computed",
      });
    expect((await h.db.round.findUniqueOrThrow({ where: { id } })).status).toBe("discarded");
    const audits = await h.db.auditLog.findMany({ where: { target: id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ["round.start", staff.id],
      ["round.discarded", staff.id],
    ]);
    expect(await h.db.offer.count({ where: { roundId: id } })).toBe(0);
    expect((await call("GET", `/api/rounds/${id}/offers`)).json().rows).toEqual([]);
    expect(await h.db.intake.count({ where: { id: { in: households }, status: "registered" } })).toBe(
      households.length,
    );
    expect(await h.db.delivery.count({ where: { kind: "offer" } })).toBe(0);
  });

  it("exports an approved round's assignment and its offers as two CSVs, and both in one workbook", async () => {
    const id = await computedRound();
    expect((await call("POST", `/api/rounds/${id}/decision`, { decision: "approve" })).json()).toEqual({
      status: "approved",
    });
    const round = await eventually(
      async () => {
        const r = await h.db.round.findUniqueOrThrow({ where: { id } });
        return r.offersSentAt ? r : null;
      },
      { timeoutMs: 30_000, what: "the offers sent" },
    );
    const offers = await h.db.offer.count({ where: { roundId: id } });
    expect(offers).toBeGreaterThan(0);
    const t = de();

    // the workbook: both sheets, each with its header row
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await call("GET", `/api/rounds/${id}/export/xlsx`)).rawPayload as never);
    expect(book.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      [t("console.round.sheet_assignment", { number: round.number }), round.intakeIds.length + 1],
      [t("console.round.sheet_offers"), offers + 1],
    ]);
    const headerOf = (sheet: number) =>
      ((book.worksheets[sheet]?.getRow(1).values ?? []) as unknown[]).slice(1).join(";");

    // the CSV without a sheet named: the assignment, every household of the round, placed or not
    const assignment = await call("GET", `/api/rounds/${id}/export/csv`);
    expect(assignment.headers["content-disposition"]).toContain(`filename="round-${id}.csv"`);
    const rows = csvLines(assignment.body);
    expect(rows[0]).toBe(headerOf(0));
    expect(rows[0]).toContain(t("console.round.welfare"));
    expect(rows).toHaveLength(round.intakeIds.length + 1);
    expect((await call("GET", `/api/rounds/${id}/export/csv?sheet=assignment`)).body).toBe(assignment.body);

    // the offers' CSV: one row per offer, each still open
    const offerCsv = await call("GET", `/api/rounds/${id}/export/csv?sheet=offers`);
    expect(offerCsv.headers["content-disposition"]).toContain(`filename="round-${id}-offers.csv"`);
    const offerRows = csvLines(offerCsv.body);
    expect(offerRows[0]).toBe(headerOf(1));
    expect(offerRows[0]?.split(";")[2]).toBe(t("console.round.offer_status"));
    expect(offerRows).toHaveLength(offers + 1);
    expect(offerRows.slice(1).every((r) => r.split(";")[2] === t("console.offer_status.pending"))).toBe(true);
    expect((await call("GET", `/api/rounds/${id}/export/csv?sheet=all`)).statusCode).toBe(400);
    expect(
      (await h.db.auditLog.findMany({ where: { action: "round.export", target: id } })).map((a) => a.details),
    ).toEqual([
      { format: "xlsx" },
      { format: "csv" },
      { format: "csv", sheet: "assignment" },
      { format: "csv", sheet: "offers" },
    ]);
  });
});
