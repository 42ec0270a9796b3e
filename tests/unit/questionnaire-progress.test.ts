import { describe, expect, it } from "vitest";
import type { Input, IntakeState } from "../../core/questionnaire";
import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { coupleWithWheelchair, familyOfThree, singleWithDog } from "../../scripts/lib/personas";

const q = new Questionnaire(intakeDefinition);
const context = {
  today: new Date().toISOString().slice(0, 10),
  municipalities: ["kiel", "braunschweig", "troisdorf", "duesseldorf"].map((id) => ({ id, name: id })),
};

/** The inputs a person gives for one slot's scripted answer. */
function inputsFor(type: string, value: unknown): Input[] {
  if (value === null) return [{ kind: "skip" }];
  if (type === "multi")
    return [...(value as string[]).map((v) => ({ kind: "toggle", value: v }) as Input), { kind: "done" }];
  if (type === "ranking")
    return [...(value as string[]).map((v) => ({ kind: "rank", value: v }) as Input), { kind: "done" }];
  if (type === "single") return [{ kind: "choice", value: String(value) }];
  if (type === "yesno") return [{ kind: "choice", value: value ? "yes" : "no" }];
  return [{ kind: "text", text: String(value) }];
}

/** The "of about N" a person reads at each question (null: no total shown), one per question asked. */
function totalsOf(script: Record<string, unknown>): (number | null)[] {
  let state: IntakeState = q.start(context);
  const totals: (number | null)[] = [];
  for (let guard = 0; guard < 200; guard++) {
    const slot = q.current(state, context);
    if (!slot) break;
    totals.push(q.position(state, context).total);
    for (const input of inputsFor(slot.question.type, script[slot.key])) {
      const result = q.submit(state, context, input);
      if (!result.ok) throw new Error(`${slot.key}: ${result.error.key}`);
      state = result.state;
    }
  }
  return totals;
}

describe("the progress line (core/questionnaire position)", () => {
  // the estimate counts the follow-up questions an unknown answer could bring (an adult's, a
  // "yes"'s): from the household size on, "of about N" only ever shrinks, and by a few at most
  it.each([
    ["a single man", singleWithDog],
    ["a couple", coupleWithWheelchair],
    ["a family with a child", familyOfThree],
  ])("has no total before the household size, then never grows: %s", (_, script) => {
    const all = totalsOf(script);
    const [first, ...known] = all;
    // the household size comes first: a total there would count none of its people's questions
    expect(first).toBeNull();
    const totals = known as number[];
    expect(totals.every((n) => typeof n === "number")).toBe(true);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThanOrEqual(totals[i - 1] ?? 0);
    expect((totals[0] ?? 0) - (totals.at(-1) ?? 0)).toBeLessThanOrEqual(10);
    // and the last total is what the person answered
    expect(totals.at(-1)).toBe(all.length);
  });
});
