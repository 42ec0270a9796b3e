import type { AnswerValue, Context, Slot, SummarySection } from "../../core/questionnaire";
import type { Translate } from "../i18n";

/**
 * A household's answers as people read them, in the reader's language: choice codes become their
 * labels, dates DD.MM.YYYY, yes/no words. The bot's review and /mydata, and the staff console's
 * household card, show answers with these.
 */
export function choiceLabel(t: Translate, slot: Slot, choice: string, context: Context): string {
  const q = slot.question;
  if (q.type === "ranking") return context.municipalities.find((m) => m.id === choice)?.name ?? choice;
  if (q.type === "yesno") return t(`intake.choices.yesno.${choice}`);
  const set = ("choiceSet" in q && q.choiceSet) || q.id;
  return t(`intake.choices.${set}.${choice}`);
}

export function formatValue(
  t: Translate,
  slot: Slot,
  value: AnswerValue | undefined,
  context: Context,
): string {
  if (value === null || value === undefined) return t("intake.summary.skipped");
  if (typeof value === "boolean") return t(value ? "intake.summary.yes" : "intake.summary.no");
  const q = slot.question;
  if (Array.isArray(value)) {
    const labels = value.map((v) => choiceLabel(t, slot, v, context));
    return q.type === "ranking" ? labels.map((l, i) => `${i + 1}. ${l}`).join(", ") : labels.join(", ");
  }
  if (q.type === "single") return choiceLabel(t, slot, String(value), context);
  if (q.type === "date" && typeof value === "string") return value.split("-").reverse().join(".");
  return String(value);
}

export function memberTitle(t: Translate, index: number, count: number): string {
  return index === 0 ? t("intake.member_you") : t("intake.member_other", { n: index + 1, total: count });
}

export function sectionTitle(t: Translate, section: SummarySection, count: number): string {
  if (section.member !== undefined) return memberTitle(t, section.member, count);
  return t(`intake.summary.section.${section.id}`);
}

/** The whole summary as readable text blocks (one per section), for the review and /mydata. */
export function summaryBlocks(t: Translate, sections: SummarySection[], context: Context): string[] {
  return sections.map((section) => {
    const count = section.items[0]?.slot.group?.count ?? 0;
    const lines = section.items.map(
      (i) => `• ${t(`intake.${i.slot.question.label}.short`)}: ${formatValue(t, i.slot, i.value, context)}`,
    );
    return [`▪️ ${sectionTitle(t, section, count)}`, ...lines].join("\n");
  });
}
