import { HouseholdAnswers } from "../../core/answers";
import type { Context, Question, Questionnaire, SummarySection } from "../../core/questionnaire";
import { householdRef } from "../../core/reference";
import type { AnswerItem, HouseholdCard, QuestionForm } from "../../shared/console-api/households";
import type { Db } from "../../shared/db";
import type { Translate } from "../../shared/i18n";
import { choiceLabel, formatValue } from "../../shared/messages/answers";
import { berlinToday } from "../../shared/messages/time";
import { preArrivalCard, preArrivalFor } from "../../shared/pre-arrival";
import { statusOf } from "./list";

/**
 * One household as a caseworker sees it: every answer in the staff member's language (labels
 * and values translated, never raw codes), with what the correction form needs per answer, and
 * the timeline: registered, rounds, offers with their outcome, messages sent, questions asked,
 * corrections, holds; and the pre-arrival data the household confirmed after accepting (names as
 * in the passport, dates of birth, phone), which caseworkers may read like the destination city.
 */
export async function intakeContext(db: Db): Promise<Context> {
  const municipalities = await db.municipality.findMany({
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  return { today: berlinToday(), municipalities };
}

/** What the console's form needs to ask a question again. */
function formOf(
  t: Translate,
  question: Question,
  slot: SummarySection["items"][number]["slot"],
  context: Context,
) {
  const base = { type: question.type, optional: question.optional === true };
  switch (question.type) {
    case "number":
      return { ...base, min: question.min, max: question.max };
    case "text":
      return { ...base, maxLength: question.maxLength };
    case "single":
    case "multi":
      return {
        ...base,
        choices: question.choices.map((c) => ({ value: c, label: choiceLabel(t, slot, c, context) })),
      };
    case "ranking":
      return { ...base, choices: context.municipalities.map((m) => ({ value: m.id, label: m.name })) };
    default:
      return base;
  }
}

/** One question as the correction form asks it (a follow-up that a correction needs). */
export function questionForm(
  t: Translate,
  questionnaire: Questionnaire,
  state: HouseholdAnswers["state"],
  context: Context,
  key: string,
): QuestionForm | null {
  const slot = questionnaire.slot(state, context, key);
  if (!slot) return null;
  const member = slot.group ? ` (${t("console.household.member", { n: slot.group.index + 1 })})` : "";
  return {
    slot: key,
    label: `${t(`intake.${slot.question.label}.short`)}${member}`,
    form: formOf(t, slot.question, slot, context),
  };
}

export function answerSections(
  t: Translate,
  questionnaire: Questionnaire,
  state: HouseholdAnswers,
  context: Context,
): { title: string; items: AnswerItem[] }[] {
  return questionnaire.summary(state.state, context).map((section) => ({
    title:
      section.member === undefined
        ? t(`console.household.section.${section.id}`)
        : t(section.member === 0 ? "console.household.member_first" : "console.household.member", {
            n: section.member + 1,
          }),
    items: section.items.map((item) => ({
      slot: item.slot.key,
      label: t(`intake.${item.slot.question.label}.short`),
      value: formatValue(t, item.slot, item.value, context),
      raw: item.value,
      form: formOf(t, item.slot.question, item.slot, context),
    })),
  }));
}

function readPreArrival(details: unknown): boolean {
  return (
    typeof details === "object" &&
    details !== null &&
    (details as { preArrival?: unknown }).preArrival === true
  );
}

async function timelineOf(db: Db, intakeId: string, userId: string, registeredAt: Date | null) {
  const [rounds, offers, deliveries, questions, changes, actions] = await Promise.all([
    db.round.findMany({
      where: { intakeIds: { has: intakeId }, status: { not: "draft" } },
      select: { id: true, number: true, status: true, createdAt: true },
      orderBy: { number: "asc" },
    }),
    db.offer.findMany({
      where: { intakeId },
      include: { municipality: { select: { name: true } }, round: { select: { number: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.delivery.findMany({
      where: { userId },
      select: { kind: true, status: true, createdAt: true, sentAt: true },
      orderBy: { createdAt: "asc" },
      take: 200,
    }),
    db.supportQuestion.findMany({
      where: { userId },
      include: { messages: { orderBy: { createdAt: "asc" }, take: 1 } },
      orderBy: { createdAt: "asc" },
    }),
    db.intakeChange.findMany({ where: { intakeId }, orderBy: { createdAt: "asc" } }),
    db.auditLog.findMany({
      where: { target: intakeId, action: { startsWith: "household." } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const events = [
    ...(registeredAt ? [{ at: registeredAt, kind: "registered" }] : []),
    ...rounds.map((r) => ({
      at: r.createdAt,
      kind: "round",
      number: r.number,
      status: r.status,
      roundId: r.id,
    })),
    ...offers.map((o) => ({
      at: o.createdAt,
      kind: "offer",
      round: o.round.number,
      municipality: o.municipality.name,
      status: o.status,
      reason: o.reason,
      answeredAt: o.answeredAt?.toISOString() ?? null,
      deadline: o.deadline.toISOString(),
    })),
    ...deliveries.map((d) => ({
      at: d.sentAt ?? d.createdAt,
      kind: "message",
      messageKind: d.kind,
      status: d.status,
    })),
    ...questions.map((q) => ({
      at: q.createdAt,
      kind: "question",
      status: q.status,
      text: (q.messages[0]?.text ?? "").slice(0, 300),
    })),
    ...changes.map((c) => ({
      at: c.createdAt,
      kind: "correction",
      slot: c.slot,
      staffId: c.staffId,
      before: c.before,
      after: c.after,
    })),
    // a staff member's look at the household counts only when it showed its pre-arrival data
    ...actions
      .filter((a) => a.action !== "household.view" || readPreArrival(a.details))
      .map((a) => ({ at: a.createdAt, kind: "action", action: a.action, staffId: a.actorId })),
  ];
  return events
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ ...e, at: e.at.toISOString() }));
}

export async function householdCard(
  db: Db,
  t: Translate,
  questionnaire: Questionnaire,
  intakeId: string,
): Promise<HouseholdCard | null> {
  const intake = await db.intake.findUnique({
    where: { id: intakeId },
    include: {
      user: { select: { id: true, language: true } },
      municipality: { select: { id: true, name: true } },
    },
  });
  if (!intake || intake.status === "in_progress") return null;
  const context = await intakeContext(db);
  const answers = HouseholdAnswers.of(intake.state);
  const [timeline, preArrival] = await Promise.all([
    timelineOf(db, intake.id, intake.user.id, intake.submittedAt),
    preArrivalFor(db, { seesAll: true, municipalityId: null }, intake.id),
  ]);
  // corrections show their values the way the answers are shown
  const slotOf = (key: string) => questionnaire.slot(answers.state, context, key);
  for (const e of timeline) {
    if (e.kind !== "correction") continue;
    const slot = slotOf(String((e as { slot: string }).slot));
    const change = e as { before: unknown; after: unknown; label?: string };
    if (!slot) continue;
    change.label = t(`intake.${slot.question.label}.short`);
    change.before = formatValue(t, slot, change.before as never, context);
    change.after = formatValue(t, slot, change.after as never, context);
  }
  return {
    id: intake.id,
    ref: householdRef(intake.id),
    status: statusOf(intake),
    version: intake.version,
    language: intake.user.language,
    registeredAt: intake.submittedAt?.toISOString() ?? null,
    holdReason: intake.onHold ? intake.holdReason : null,
    priority: intake.priority,
    withdrawReason: intake.withdrawReason,
    municipality: intake.municipality,
    facts: {
      persons: intake.persons,
      children: intake.children,
      needs: intake.needs,
      languages: intake.languages,
      hasRelatives: intake.hasRelatives,
    },
    editable: intake.status === "registered",
    sections: answerSections(t, questionnaire, answers, context),
    preArrival: preArrivalCard(preArrival),
    timeline,
  };
}
