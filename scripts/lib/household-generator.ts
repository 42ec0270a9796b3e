import { factsOf, HouseholdAnswers } from "../../core/answers";
import type { Context, Input, IntakeState, Question, Questionnaire, Slot } from "../../core/questionnaire";
import type { Db } from "../../shared/db";
import type { Prisma } from "../../shared/generated/prisma/client";

/**
 * Registered households for the console's tests and benchmark: each one walks the real
 * questionnaire through the engine with seeded random answers (so every state is one a person
 * could have reached), and is stored with the facts staff filter on, as the bot stores it.
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ["Kraków", "Warszawa", "Wrocław", "Poznań", "Gdańsk", "Lublin", "Rzeszów", "Łódź"];
const JOBS = ["nurse", "teacher", "welder", "accountant", "driver", "cook", "programmer", "electrician"];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function dayAfter(today: string, days: number): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A plausible answer to one question, as the inputs a person would give. */
function inputsFor(q: Question, slot: Slot, context: Context, rnd: () => number): Input[] {
  switch (q.type) {
    case "number": {
      if (q.id === "household_size")
        return [{ kind: "text", text: String(1 + Math.floor(rnd() * rnd() * 6)) }];
      if (q.id === "age") {
        const first = slot.group?.index === 0;
        return [{ kind: "text", text: String(first ? 20 + Math.floor(rnd() * 50) : Math.floor(rnd() * 70)) }];
      }
      return [{ kind: "text", text: String(q.min + Math.floor(rnd() * Math.min(10, q.max - q.min + 1))) }];
    }
    case "text":
      if (q.format === "phone") return [{ kind: "skip" }];
      return [{ kind: "text", text: q.id === "profession" ? pick(rnd, JOBS) : pick(rnd, CITIES) }];
    case "date":
      return [{ kind: "text", text: dayAfter(context.today, 7 + Math.floor(rnd() * 90)) }];
    case "yesno":
      return [
        {
          kind: "choice",
          value: rnd() < (q.id === "has_medical_need" || q.id === "wheelchair" ? 0.15 : 0.4) ? "yes" : "no",
        },
      ];
    case "single":
      return [{ kind: "choice", value: pick(rnd, q.choices) }];
    case "multi": {
      const options = q.choices.filter((c) => c !== q.exclusive);
      const first = pick(rnd, options);
      const second = rnd() < 0.4 ? pick(rnd, options) : null;
      return [
        { kind: "toggle", value: first },
        ...(second && second !== first ? [{ kind: "toggle" as const, value: second }] : []),
        { kind: "done" },
      ];
    }
    case "ranking": {
      const ids = [...context.municipalities.map((m) => m.id)].sort(() => rnd() - 0.5).slice(0, 3);
      return [...ids.map((value): Input => ({ kind: "rank", value })), { kind: "done" }];
    }
  }
}

export function generateState(
  questionnaire: Questionnaire,
  context: Context,
  rnd: () => number,
): IntakeState {
  let state = questionnaire.start(context);
  for (let guard = 0; guard < 400; guard++) {
    const slot = questionnaire.current(state, context);
    if (!slot) return state;
    for (const input of inputsFor(slot.question, slot, context, rnd)) {
      if (input.kind === "done" && questionnaire.current(state, context)?.key !== slot.key) break;
      const step = questionnaire.submit(state, context, input);
      if (!step.ok) throw new Error(`generator gave a wrong answer to ${slot.key}: ${step.error.key}`);
      state = step.state;
    }
  }
  throw new Error("the generator did not reach the review");
}

/** Inserts `count` registered households (users with consent and their questionnaires). */
export async function seedHouseholds(
  db: Db,
  questionnaire: Questionnaire,
  context: Context,
  options: {
    count: number;
    seed?: number;
    firstTelegramId?: number;
    languages?: string[];
    distinct?: number;
  },
): Promise<string[]> {
  // walking the questionnaire costs ~20 ms a household: large cohorts may reuse `distinct` answer sets
  const pool: IntakeState[] = [];
  const stateFor = (i: number) => {
    if (options.distinct === undefined || pool.length < options.distinct) {
      const state = generateState(questionnaire, context, rnd);
      pool.push(state);
      return state;
    }
    return pool[i % options.distinct] as IntakeState;
  };
  const rnd = seeded(options.seed ?? 1);
  const first = options.firstTelegramId ?? 100_000_000;
  const languages = options.languages ?? ["uk", "ru", "uk", "en", "de", "pl"];
  const ids: string[] = [];
  for (let start = 0; start < options.count; start += 500) {
    const n = Math.min(500, options.count - start);
    const users = await db.user.createManyAndReturn({
      data: Array.from({ length: n }, (_, i) => ({
        telegramId: BigInt(first + start + i),
        chatId: BigInt(first + start + i),
        language: pick(rnd, languages),
        consentVersion: "seed",
        consentAt: new Date(),
      })),
      select: { id: true },
    });
    const base = Date.now() - options.count * 60_000;
    const intakes = await db.intake.createManyAndReturn({
      data: users.map((u, i) => {
        const state = stateFor(start + i);
        return {
          userId: u.id,
          state: state as unknown as Prisma.InputJsonValue,
          status: "registered" as const,
          submittedAt: new Date(base + (start + i) * 60_000),
          ...factsOf(new HouseholdAnswers(state)),
        };
      }),
      select: { id: true },
    });
    ids.push(...intakes.map((i) => i.id));
  }
  return ids;
}
