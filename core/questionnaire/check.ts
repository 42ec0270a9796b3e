import { type Condition, type Definition, definitionSchema, type Group, type Item } from "./types";

export class DefinitionError extends Error {}

function referencedIds(cond: Condition, out: string[] = []): string[] {
  if ("all" in cond) for (const c of cond.all) referencedIds(c, out);
  else if ("any" in cond) for (const c of cond.any) referencedIds(c, out);
  else if ("not" in cond) referencedIds(cond.not, out);
  else if ("anyMember" in cond) {
    out.push(`group:${cond.anyMember.group}`);
    referencedIds(cond.anyMember.where, out);
  } else if ("q" in cond) out.push(cond.q);
  return out;
}

const isGroup = (item: Item): item is Group => item.type === "group";

/**
 * Parses a questionnaire definition and checks what a schema cannot: unique ids, conditions
 * that only look back at questions asked earlier, group counts, choices, summary sections.
 * Runs at start-up, so a broken definition stops the process instead of confusing a person.
 */
export function checkDefinition(input: unknown): Definition {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DefinitionError(`questionnaire: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const def = parsed.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  const groups = new Set<string>();
  const numbers = new Set<string>();

  const checkQuestion = (q: Item, visible: Set<string>) => {
    if (seen.has(q.id)) problems.push(`${q.id}: duplicate id`);
    if (q.when) {
      for (const ref of referencedIds(q.when)) {
        const known = ref.startsWith("group:") ? groups.has(ref.slice(6)) : visible.has(ref);
        if (!known) problems.push(`${q.id}: condition refers to "${ref}", which is not asked before it`);
      }
    }
    if (q.type === "multi" && q.exclusive && !q.choices.includes(q.exclusive)) {
      problems.push(`${q.id}: exclusive choice "${q.exclusive}" is not one of its choices`);
    }
    if (q.type === "ranking" && !q.choices && !q.choicesFrom) problems.push(`${q.id}: ranking needs choices`);
  };

  for (const item of def.items) {
    if (isGroup(item)) {
      checkQuestion(item, seen);
      if (!numbers.has(item.countFrom))
        problems.push(`${item.id}: countFrom "${item.countFrom}" is not an earlier number`);
      groups.add(item.id);
      const visible = new Set(seen);
      for (const q of item.questions) {
        checkQuestion(q, visible);
        visible.add(q.id);
      }
      for (const q of item.questions) seen.add(q.id);
    } else {
      checkQuestion(item, seen);
      if (item.type === "number") numbers.add(item.id);
    }
    seen.add(item.id);
  }

  const inSections = def.sections.flatMap((s) => s.items);
  for (const item of def.items) {
    const n = inSections.filter((id) => id === item.id).length;
    if (n !== 1) problems.push(`${item.id}: must appear in exactly one summary section (found ${n})`);
  }
  for (const id of inSections) {
    if (!def.items.some((i) => i.id === id))
      problems.push(`section item "${id}" is not a top-level question`);
  }
  if (problems.length > 0) throw new DefinitionError(`questionnaire ${def.id}:\n  ${problems.join("\n  ")}`);
  return def;
}
