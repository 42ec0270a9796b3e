import { checkDefinition } from "./check";
import { evaluate, type Scope } from "./conditions";
import type {
  AnswerValue,
  Context,
  Definition,
  Group,
  Input,
  InputError,
  IntakeState,
  MemberAnswers,
  Question,
  Slot,
  SlotKey,
  StepResult,
} from "./types";
import { checkSelection, choicesOf, type Parsed, parseDate, parseNumber, parseText } from "./validate";

export interface SummarySection {
  id: string;
  /** set for a member's section: 0 = the person filling in */
  member?: number;
  items: { slot: Slot; value: AnswerValue }[];
}

const error = (key: string, params?: InputError["params"]): StepResult => ({
  ok: false,
  error: { key, params },
});

/**
 * The questionnaire engine: pure functions of (definition, state, context, input).
 * No Telegram, no database: the bot stores the state it returns and renders its slots.
 */
export class Questionnaire {
  readonly definition: Definition;
  private readonly groupQuestionIds = new Map<string, Set<string>>();

  constructor(definition: unknown) {
    this.definition = checkDefinition(definition);
    for (const item of this.definition.items) {
      if (item.type === "group") this.groupQuestionIds.set(item.id, new Set(item.questions.map((q) => q.id)));
    }
  }

  start(context: Context): IntakeState {
    return this.settle({ answers: {}, groups: {}, current: "review" }, context);
  }

  /** Every slot that applies to these answers, in the order they are asked. */
  slots(state: IntakeState, context: Context): Slot[] {
    const slots: Slot[] = [];
    const scope: Scope = { state, context };
    for (const item of this.definition.items) {
      if (item.when && !evaluate(item.when, scope, this.groupQuestionIds)) continue;
      if (item.type !== "group") {
        slots.push({ key: item.id, question: item });
        continue;
      }
      const count = this.memberCount(item, state);
      const questionIds = this.groupQuestionIds.get(item.id) ?? new Set<string>();
      for (let index = 0; index < count; index++) {
        const answers = state.groups[item.id]?.[index] ?? {};
        const memberScope: Scope = { state, context, member: { answers, index, questionIds } };
        for (const q of item.questions) {
          if (q.when && !evaluate(q.when, memberScope, this.groupQuestionIds)) continue;
          slots.push({
            key: `${item.id}.${index}.${q.id}`,
            question: q,
            group: { id: item.id, index, count },
          });
        }
      }
    }
    return slots;
  }

  slot(state: IntakeState, context: Context, key: SlotKey): Slot | undefined {
    return this.slots(state, context).find((s) => s.key === key);
  }

  /** The slot being asked, or null when the questionnaire is at the review. */
  current(state: IntakeState, context: Context): Slot | null {
    if (state.current === "review") return null;
    return this.slot(state, context, state.current) ?? null;
  }

  valueOf(state: IntakeState, key: SlotKey): AnswerValue | undefined {
    const [group, index, id] = key.split(".");
    if (id === undefined) return state.answers[key];
    return state.groups[group ?? ""]?.[Number(index)]?.[id];
  }

  isComplete(state: IntakeState, context: Context): boolean {
    return this.slots(state, context).every((s) => this.valueOf(state, s.key) !== undefined);
  }

  /**
   * Where the current slot stands: 1-based position among the applicable slots, and about how many
   * there will be (`estimate`: stable once the household size is known; null before, when it
   * would count the household's questions without any of its people's: "of about 15" for a
   * family that will answer 53).
   */
  position(state: IntakeState, context: Context): { position: number; total: number | null } {
    const slots = this.slots(state, context);
    const at = slots.findIndex((s) => s.key === state.current);
    const position = at === -1 ? slots.length : at + 1;
    return { position, total: this.total(state, context, slots, position) };
  }

  progress(state: IntakeState, context: Context): { answered: number; total: number | null } {
    const slots = this.slots(state, context);
    const answered = slots.filter((s) => this.valueOf(state, s.key) !== undefined).length;
    return { answered, total: this.total(state, context, slots, answered) };
  }

  /** The estimate, at least `reached`; null while a group's size is asked but not yet answered. */
  private total(state: IntakeState, context: Context, slots: Slot[], reached: number): number | null {
    const sizeAsked = (key: string) => slots.some((s) => s.key === key) && state.answers[key] === undefined;
    const unknown = this.definition.items.some((item) => item.type === "group" && sizeAsked(item.countFrom));
    return unknown ? null : Math.max(reached, this.estimate(state, context));
  }

  /**
   * How many slots there will be: those that apply, counting unanswered questions that have an
   * `assume` as answered with it (an unknown age as an adult's), so the count changes only when
   * an answer differs from what was assumed.
   */
  estimate(state: IntakeState, context: Context): number {
    const answers = { ...state.answers };
    const groups: IntakeState["groups"] = { ...state.groups };
    for (const item of this.definition.items) {
      if (item.type !== "group") {
        if (item.assume !== undefined && answers[item.id] === undefined) answers[item.id] = item.assume;
        continue;
      }
      const count = this.memberCount(item, state);
      groups[item.id] = Array.from({ length: count }, (_, index) => {
        const member = { ...(state.groups[item.id]?.[index] ?? {}) };
        for (const q of item.questions) {
          if (q.assume !== undefined && member[q.id] === undefined) member[q.id] = q.assume;
        }
        return member;
      });
    }
    return this.slots({ ...state, answers, groups }, context).length;
  }

  /** Applies one input to the current slot. A wrong answer changes nothing and says why. */
  submit(state: IntakeState, context: Context, input: Input): StepResult {
    const slot = this.current(state, context);
    if (!slot) return error("not_asking");
    const q = slot.question;
    if (input.kind === "skip") {
      return q.optional ? this.answer(state, context, slot, null) : error("not_optional");
    }
    switch (q.type) {
      case "number":
      case "text":
      case "date":
        if (input.kind !== "text") return error("type_answer");
        return this.fromParsed(state, context, slot, this.parseTyped(q, input.text, context));
      case "single":
        if (input.kind !== "choice") return error("use_buttons");
        if (!q.choices.includes(input.value)) return error("use_buttons");
        return this.answer(state, context, slot, input.value);
      case "yesno":
        if (input.kind !== "choice" || (input.value !== "yes" && input.value !== "no"))
          return error("use_buttons");
        return this.answer(state, context, slot, input.value === "yes");
      case "multi":
        return this.multi(state, context, slot, q, input);
      case "ranking":
        return this.ranking(state, context, slot, input);
    }
  }

  /** Goes back to the slot before the current one (from the review: the last slot). */
  back(state: IntakeState, context: Context): StepResult {
    const slots = this.slots(state, context);
    const at = state.current === "review" ? slots.length : slots.findIndex((s) => s.key === state.current);
    const previous = slots[at - 1];
    if (!previous) return error("at_start");
    return { ok: true, state: { ...state, current: previous.key, draft: undefined } };
  }

  /** Opens an answered slot again, from the summary. */
  edit(state: IntakeState, context: Context, key: SlotKey): StepResult {
    if (!this.slot(state, context, key)) return error("not_asking");
    return { ok: true, state: { ...state, current: key, draft: undefined } };
  }

  /** The current selection of a multi-choice or ranking slot: the draft, else the stored answer. */
  selection(state: IntakeState, slot: Slot): string[] {
    if (state.draft?.slot === slot.key) return state.draft.values;
    const stored = this.valueOf(state, slot.key);
    return Array.isArray(stored) && slot.question.type === "multi" ? stored : [];
  }

  summary(state: IntakeState, context: Context): SummarySection[] {
    const slots = this.slots(state, context);
    const sections: SummarySection[] = [];
    const item = (slot: Slot) => ({ slot, value: this.valueOf(state, slot.key) ?? null });
    for (const section of this.definition.sections) {
      const top = slots.filter((s) => !s.group && section.items.includes(s.key));
      if (top.length > 0) sections.push({ id: section.id, items: top.map(item) });
      for (const groupId of section.items.filter((id) => this.groupQuestionIds.has(id))) {
        const members = new Map<number, Slot[]>();
        for (const s of slots.filter((x) => x.group?.id === groupId)) {
          const index = s.group?.index ?? 0;
          members.set(index, [...(members.get(index) ?? []), s]);
        }
        for (const [member, memberSlots] of members) {
          sections.push({ id: section.id, member, items: memberSlots.map(item) });
        }
      }
    }
    return sections;
  }

  // ---- internals ----

  private parseTyped(q: Question, text: string, context: Context): Parsed {
    if (q.type === "number") return parseNumber(text, q.min, q.max);
    if (q.type === "text") return parseText(text, q.maxLength, q.format);
    if (q.type === "date") return parseDate(text, context, q.minDays, q.maxDays);
    return { ok: false, error: { key: "use_buttons" } };
  }

  private fromParsed(state: IntakeState, context: Context, slot: Slot, parsed: Parsed): StepResult {
    return parsed.ok ? this.answer(state, context, slot, parsed.value) : { ok: false, error: parsed.error };
  }

  private multi(state: IntakeState, context: Context, slot: Slot, q: Question, input: Input): StepResult {
    if (q.type !== "multi") return error("use_buttons");
    const selected = this.selection(state, slot);
    if (input.kind === "done") return this.fromParsed(state, context, slot, checkSelection(q, selected));
    if (input.kind !== "toggle" || !q.choices.includes(input.value)) return error("use_buttons");
    const value = input.value;
    let values = selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value];
    if (q.exclusive && values.includes(value)) {
      values = value === q.exclusive ? [value] : values.filter((v) => v !== q.exclusive);
    }
    // keep the definition's order, so the same selection is always stored the same way
    values = q.choices.filter((c) => values.includes(c));
    return { ok: true, state: { ...state, draft: { slot: slot.key, values } } };
  }

  private ranking(state: IntakeState, context: Context, slot: Slot, input: Input): StepResult {
    const all = choicesOf(slot.question, context);
    const order = state.draft?.slot === slot.key ? state.draft.values : [];
    if (input.kind === "rankReset")
      return { ok: true, state: { ...state, draft: { slot: slot.key, values: [] } } };
    if (input.kind === "done") {
      return order.length > 0 ? this.answer(state, context, slot, order) : error("rank_empty");
    }
    if (input.kind !== "rank" || !all.includes(input.value)) return error("use_buttons");
    if (order.includes(input.value)) return error("rank_twice");
    const values = [...order, input.value];
    if (values.length === all.length) return this.answer(state, context, slot, values);
    return { ok: true, state: { ...state, draft: { slot: slot.key, values } } };
  }

  private answer(state: IntakeState, context: Context, slot: Slot, value: AnswerValue): StepResult {
    const next: IntakeState = {
      answers: { ...state.answers },
      groups: { ...state.groups },
      current: state.current,
    };
    if (slot.group) {
      const members = [...(next.groups[slot.group.id] ?? [])];
      members[slot.group.index] = { ...(members[slot.group.index] ?? {}), [slot.question.id]: value };
      for (let i = 0; i < members.length; i++) members[i] ??= {};
      next.groups[slot.group.id] = members;
    } else {
      next.answers[slot.key] = value;
    }
    return { ok: true, state: this.settle(next, context) };
  }

  private memberCount(group: Group, state: IntakeState): number {
    const n = state.answers[group.countFrom];
    return typeof n === "number" && n > 0 ? n : 0;
  }

  /**
   * Drops answers that no longer apply (a changed answer can make others irrelevant: nothing
   * stale is kept) and moves to the first unanswered slot, or to the review.
   */
  private settle(state: IntakeState, context: Context): IntakeState {
    let current = state;
    for (let round = 0; round < 10; round++) {
      const keys = new Set(this.slots(current, context).map((s) => s.key));
      const answers = Object.fromEntries(Object.entries(current.answers).filter(([k]) => keys.has(k)));
      const groups: Record<string, MemberAnswers[]> = {};
      for (const [g, members] of Object.entries(current.groups)) {
        const group = this.definition.items.find((i): i is Group => i.type === "group" && i.id === g);
        const count = group ? this.memberCount(group, current) : 0;
        groups[g] = members
          .slice(0, count)
          .map((m, i) => Object.fromEntries(Object.entries(m).filter(([k]) => keys.has(`${g}.${i}.${k}`))));
      }
      const pruned: IntakeState = { answers, groups, current: current.current };
      const stable = JSON.stringify(pruned) === JSON.stringify({ ...current, draft: undefined });
      current = pruned;
      if (stable) break;
    }
    const open = this.slots(current, context).find((s) => this.valueOf(current, s.key) === undefined);
    return { answers: current.answers, groups: current.groups, current: open ? open.key : "review" };
  }
}
