import type { HouseholdAnswers } from "../../core/answers";
import { formatDay, formatPhone, type PreArrivalData, type PreArrivalField } from "../../core/pre-arrival";
import { pack, routes } from "../../shared/callback";
import type { Translate } from "../../shared/i18n";
import type { PreArrivalView } from "../../shared/pre-arrival";

/** What the household and staff read of the pre-arrival data (texts under `prearrival.*`). */

/** "You", or "Person 2 of 3 (child, 8)" from the questionnaire's answers. */
export function memberLabel(
  t: Translate,
  household: HouseholdAnswers,
  member: number,
  total: number,
): string {
  if (member === 0) return t("prearrival.member_you");
  const m = household.members[member];
  const relation = typeof m?.relation === "string" ? t(`intake.choices.relation.${m.relation}`) : null;
  const age = typeof m?.age === "number" ? t("prearrival.age", { count: m.age }) : null;
  const about = [relation, age].filter(Boolean).join(", ");
  const label = t("prearrival.member_n", { n: member + 1, total });
  return about ? `${label} (${about})` : label;
}

export function questionText(
  t: Translate,
  household: HouseholdAnswers,
  data: PreArrivalData,
  step: PreArrivalField,
): string {
  if (step.field === "phone") return t("prearrival.ask_phone");
  const who = memberLabel(t, household, step.member, data.members.length);
  return t(step.field === "name" ? "prearrival.ask_name" : "prearrival.ask_birth", { who });
}

/** The household's own review: every member and the phone, numbered as the fix buttons are. */
export function reviewLines(t: Translate, data: PreArrivalData): string[] {
  return [
    ...data.members.map((m, i) =>
      t("prearrival.review_member", {
        n: i + 1,
        name: m.name ?? "—",
        birthDate: m.birthDate ? formatDay(m.birthDate) : "—",
      }),
    ),
    t("prearrival.review_phone", { phone: data.phone ? formatPhone(data.phone) : "—" }),
  ];
}

const button = (text: string, fields: Parameters<typeof pack<typeof routes.preArrival>>[1]) => ({
  text,
  callback_data: pack(routes.preArrival, fields),
});

export function reviewKeyboard(t: Translate) {
  return [
    [button(t("prearrival.confirm"), { action: "confirm", field: "none", member: 0 })],
    [button(t("prearrival.change"), { action: "change", field: "none", member: 0 })],
  ];
}

/** "Change something": one button per field, then back to the review. */
export function fixKeyboard(t: Translate, data: PreArrivalData) {
  const rows = data.members.map((_, member) => [
    button(t("prearrival.fix_name", { n: member + 1 }), { action: "fix", field: "name", member }),
    button(t("prearrival.fix_birth", { n: member + 1 }), { action: "fix", field: "birth", member }),
  ]);
  rows.push([button(t("prearrival.fix_phone"), { action: "fix", field: "phone", member: 0 })]);
  rows.push([button(t("prearrival.back_to_review"), { action: "review", field: "none", member: 0 })]);
  return rows;
}

/** For staff (household view in chat): who is coming, with dates of birth and the phone. */
export function staffPreArrivalBlock(t: Translate, view: PreArrivalView | null): string {
  if (!view) return t("prearrival.staff_none");
  return [
    t("prearrival.staff_title"),
    ...view.members.map((m, i) =>
      t("prearrival.staff_member", { n: i + 1, name: m.name, birthDate: m.birthDate, count: m.age }),
    ),
    t("prearrival.review_phone", { phone: view.phone }),
  ].join("\n");
}
