import type { AnswerValue, Condition, Context, IntakeState, MemberAnswers } from "./types";

export interface Scope {
  state: IntakeState;
  context: Context;
  /** the member whose questions are being asked, if inside a group */
  member?: { answers: MemberAnswers; index: number; questionIds: ReadonlySet<string> };
}

function lookup(scope: Scope, id: string): AnswerValue | undefined {
  if (scope.member?.questionIds.has(id)) return scope.member.answers[id];
  return scope.state.answers[id];
}

/** An unanswered or skipped value satisfies no comparison. */
export function evaluate(cond: Condition, scope: Scope, groupQuestionIds: Map<string, Set<string>>): boolean {
  if ("all" in cond) return cond.all.every((c) => evaluate(c, scope, groupQuestionIds));
  if ("any" in cond) return cond.any.some((c) => evaluate(c, scope, groupQuestionIds));
  if ("not" in cond) return !evaluate(cond.not, scope, groupQuestionIds);
  if ("context" in cond) return scope.context.municipalities.length > 0;
  if ("memberIndex" in cond) {
    const index = scope.member?.index;
    if (index === undefined) return false;
    const { eq, gte } = cond.memberIndex;
    return (eq === undefined || index === eq) && (gte === undefined || index >= gte);
  }
  if ("anyMember" in cond) {
    const { group, where } = cond.anyMember;
    const questionIds = groupQuestionIds.get(group) ?? new Set<string>();
    return (scope.state.groups[group] ?? []).some((answers, index) =>
      evaluate(where, { ...scope, member: { answers, index, questionIds } }, groupQuestionIds),
    );
  }
  const value = lookup(scope, cond.q);
  if (value === undefined || value === null) return false;
  if (cond.eq !== undefined && value !== cond.eq) return false;
  if (cond.ne !== undefined && value === cond.ne) return false;
  if (cond.in !== undefined && !cond.in.some((v) => v === value)) return false;
  if (cond.gte !== undefined && !(typeof value === "number" && value >= cond.gte)) return false;
  if (cond.lte !== undefined && !(typeof value === "number" && value <= cond.lte)) return false;
  if (cond.includes !== undefined && !(Array.isArray(value) && value.includes(cond.includes))) return false;
  return true;
}
