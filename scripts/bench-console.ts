// npm run bench:console [-- --households 10000 --municipalities 400 --requests 60]
//
// The staff console at national scale: 10,000 households (1,500 answer sets, each walked through
// the real questionnaire) and a stored 10,000 × 400 round, the real console process on its own port, and
// timed API requests as a caseworker's Mini App makes them (signed init data): the household
// list with filters, sorts and search, one household's card, the round's report and a page of its
// places. Then the first page in headless Chromium, cold, until it is interactive.
// Prints p50 / p95 per request (aim: p95 < 100 ms) and the page time (aim: < 1 s).
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { firstComeFirstServed } from "../core/matching";
import { syntheticCohort } from "../core/matching/testing/synthetic";
import { intakeDefinition, Questionnaire } from "../core/questionnaire";
import { householdRef } from "../core/reference";
import { createDb } from "../shared/db";
import type { Prisma } from "../shared/generated/prisma/client";
import { berlinToday } from "../shared/messages/time";
import { loadRoundInputs } from "../shared/rounds/inputs";
import { storeResult } from "../worker/rounds/compute";
import { CHROMIUM, initData, launchBrowser, openAsMiniApp } from "./lib/browser";
import { seedHouseholds } from "./lib/household-generator";
import { freePort, ProcessRunner } from "./lib/processes";
import { resetData } from "./lib/reset";
import { prepare } from "./lib/setup";
import { TelegramEmulator } from "./lib/telegram-emulator";

const { values } = parseArgs({
  options: {
    households: { type: "string", default: "10000" },
    municipalities: { type: "string", default: "400" },
    requests: { type: "string", default: "60" },
  },
});
const HOUSEHOLDS = Number(values.households);
const MUNICIPALITIES = Number(values.municipalities);
const REQUESTS = Number(values.requests);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rematch_bench";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = process.env.BENCH_QUEUE_PREFIX ?? "rematch-bench";
const TOKEN = "616161:BENCH-console-token";
const CASEWORKER = 880_001;

await prepare(DATABASE_URL, REDIS_URL);
const db = createDb(DATABASE_URL, 4);
await resetData(db, REDIS_URL, PREFIX);
const t0 = performance.now();
const { municipalities } = syntheticCohort({ households: 0, municipalities: MUNICIPALITIES, seed: 3 });
await db.municipality.createMany({
  data: municipalities.map((m) => ({
    id: m.id,
    name: m.name,
    capacity: m.capacity as unknown as Prisma.InputJsonValue,
    services: m.services as unknown as Prisma.InputJsonValue,
  })),
});
await db.staffMember.create({
  data: { telegramId: BigInt(CASEWORKER), chatId: BigInt(CASEWORKER), role: "caseworker", language: "de" },
});
const names = municipalities.map((m) => ({ id: m.id, name: m.name }));
const ids = await seedHouseholds(
  db,
  new Questionnaire(intakeDefinition),
  { today: berlinToday(), municipalities: names },
  { count: HOUSEHOLDS, seed: 5 },
);
console.log(
  `seeded ${ids.length} households and ${MUNICIPALITIES} municipalities in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// a computed round over all of them (the first-come-first-served assignment: the console only reads it)
const inputs = await loadRoundInputs(
  db,
  ids,
  names.map((m) => m.id),
);
const fcfs = firstComeFirstServed(inputs.households, inputs.municipalities);
const result = storeResult({ optimal: fcfs, fcfs, deferredAcceptance: fcfs }, inputs.households);
const round = await db.round.create({
  data: {
    status: "computed",
    intakeIds: ids,
    municipalityIds: names.map((m) => m.id),
    createdBy: "bench",
    result: result as unknown as Prisma.InputJsonValue,
  },
});
console.log(
  `stored a ${ids.length} × ${MUNICIPALITIES} round (${(JSON.stringify(result).length / 1e6).toFixed(1)} MB of JSON)`,
);

const port = await freePort();
const emulator = new TelegramEmulator(TOKEN);
const processes = new ProcessRunner(
  {
    BOT_TOKEN: TOKEN,
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    CONSOLE_PORT: String(port),
  },
  emulator,
);
const base = `http://127.0.0.1:${port}`;
try {
  await processes.start("console");
  const auth = { authorization: `tma ${initData(TOKEN, { id: CASEWORKER })}` };
  const target = ids[Math.floor(ids.length / 2)] as string;
  const cases: [string, string][] = [
    ["household list, first page", "/api/households"],
    ["… filtered: dialysis, with children", "/api/households?needs=dialysis&children=with"],
    [
      "… filtered: 3+ people, Ukrainian, relatives",
      "/api/households?minPersons=3&languages=uk&relatives=yes",
    ],
    ["… sorted by people, page 40", "/api/households?sort=persons&dir=desc&page=40"],
    ["… search by reference", `/api/households?q=${encodeURIComponent(householdRef(target).toLowerCase())}`],
    ["… search by text (Kraków)", `/api/households?q=${encodeURIComponent("Kraków")}`],
    ["household card", `/api/households/${target}`],
    ["round report", `/api/rounds/${round.id}`],
    ["round places, unplaced, page 3", `/api/rounds/${round.id}/places?placed=unplaced&page=3`],
    ["round places, one municipality", `/api/rounds/${round.id}/places?municipality=${names[7]?.id}`],
  ];
  console.log(
    `\n${"request".padEnd(46)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`,
  );
  for (const [label, path] of cases) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS + 3; i++) {
      const start = performance.now();
      const response = await fetch(base + path, { headers: auth });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      if (i >= 3) times.push(performance.now() - start); // the first three warm the caches
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    console.log(
      `${label.padEnd(46)} ${at(0.5).toFixed(1).padStart(8)} ${at(0.95).toFixed(1).padStart(8)} ${at(1).toFixed(1).padStart(8)}`,
    );
  }
  if (existsSync(CHROMIUM)) {
    const browser = await launchBrowser();
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext();
      const start = performance.now();
      const page = await openAsMiniApp(context, base, initData(TOKEN, { id: CASEWORKER }), "/households");
      await page.locator("tbody tr").first().waitFor();
      loads.push(performance.now() - start);
      await context.close();
    }
    await browser.close();
    loads.sort((a, b) => a - b);
    console.log(
      `\nfirst page interactive in headless Chromium (households table, new browser context each time):`,
    );
    console.log(`  median ${loads[2]?.toFixed(0)} ms · max ${loads[4]?.toFixed(0)} ms (5 loads)`);
  }
} finally {
  await processes.stopAll();
  await resetData(db, REDIS_URL, PREFIX);
  await db.$disconnect();
}
