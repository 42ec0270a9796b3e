import type { Questionnaire } from "./engine";
import type { AnswerValue, Context, Input, IntakeState, SlotKey, StepResult } from "./types";

/**
 * A new value for one answered slot, applied through the same engine and validation as a
 * person's own answer (staff corrections in the console): the slot is opened again, the value
 * is given as the inputs a person would give (typed text, a choice, toggles, a ranking), and the
 * engine checks it. Answers that no longer apply are pruned by the engine, as in the bot; the
 * result may then ask for more (e.g. a new household member): `isComplete` tells.
 */
export function applyAnswer(
  questionnaire: Questionnaire,
  state: IntakeState,
  context: Context,
  key: SlotKey,
  value: AnswerValue,
): StepResult {
  const opened = questionnaire.edit(state, context, key);
  if (!opened.ok) return opened;
  const slot = questionnaire.slot(opened.state, context, key);
  if (!slot) return { ok: false, error: { key: "not_asking" } };
  if (value === null) return questionnaire.submit(opened.state, context, { kind: "skip" });
  const q = slot.question;
  let inputs: Input[];
  switch (q.type) {
    case "number":
    case "text":
    case "date":
      inputs = [{ kind: "text", text: String(value) }];
      break;
    case "yesno":
      inputs = [{ kind: "choice", value: value === true || value === "yes" ? "yes" : "no" }];
      break;
    case "single":
      inputs = [{ kind: "choice", value: String(value) }];
      break;
    case "multi": {
      const wanted = Array.isArray(value) ? value : [String(value)];
      const selected = questionnaire.selection(opened.state, slot);
      const toggles = [
        ...selected.filter((v) => !wanted.includes(v)),
        ...wanted.filter((v) => !selected.includes(v)),
      ];
      inputs = [...toggles.map((v): Input => ({ kind: "toggle", value: v })), { kind: "done" }];
      break;
    }
    case "ranking":
      inputs = [
        { kind: "rankReset" },
        ...(Array.isArray(value) ? value : []).map((v): Input => ({ kind: "rank", value: v })),
        { kind: "done" },
      ];
      break;
  }
  let current: IntakeState = opened.state;
  for (const input of inputs) {
    // a ranking of every choice is answered with its last rank: "done" is then not needed
    if (input.kind === "done" && current.current !== key) break;
    const step = questionnaire.submit(current, context, input);
    if (!step.ok) return step;
    current = step.state;
  }
  return { ok: true, state: current };
}
