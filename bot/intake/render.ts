import { Markup } from "telegraf";
import type { InlineKeyboardButton } from "telegraf/types";
import type { Context, IntakeState, Questionnaire, Slot, SummarySection } from "../../core/questionnaire";
import { pack, routes } from "../../shared/callback";
import type { Translate } from "../../shared/i18n";
import { choiceLabel, formatValue, memberTitle, sectionTitle } from "../../shared/messages/answers";

/**
 * Turns the engine's slots and summary into Telegram messages. Pure: text and keyboards only.
 * Nothing here is typed by a person into Markdown or HTML: all messages are plain text.
 */
export interface View {
  text: string;
  keyboard: InlineKeyboardButton[][];
}

type Button = InlineKeyboardButton.CallbackButton;
const button = (text: string, data: string): Button => Markup.button.callback(text, data);

/** Lays out choices: two per row when there are many short ones, else one per row. */
function rows(buttons: Button[]): Button[][] {
  const twoColumns = buttons.length > 3 && buttons.every((b) => b.text.length <= 16);
  if (!twoColumns) return buttons.map((b) => [b]);
  const out: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) out.push(buttons.slice(i, i + 2));
  return out;
}

function exampleDate(today: string): string {
  return today.split("-").reverse().join(".");
}

interface QuestionParts {
  lines: string[];
  choices: Button[];
  controls: Button[];
}

const hintOnly = (line: string): QuestionParts => ({ lines: [line], choices: [], controls: [] });
const doneButton = (t: Translate, version: number) =>
  button(t("intake.buttons.done"), pack(routes.step, { version, step: "done" }));

/** A ranking: the order so far, the municipalities not ranked yet, reset and done once started. */
function rankingParts(
  t: Translate,
  state: IntakeState,
  context: Context,
  slot: Slot,
  version: number,
): QuestionParts {
  const order = state.draft?.slot === slot.key ? state.draft.values : [];
  const named = order.map((id, i) => `${i + 1}. ${choiceLabel(t, slot, id, context)}`).join(", ");
  const choices = context.municipalities
    .filter((x) => !order.includes(x.id))
    .map((m) => button(m.name, pack(routes.answer, { version, input: "rank", value: m.id })));
  const reset = button(t("intake.buttons.reset"), pack(routes.step, { version, step: "rank-reset" }));
  return {
    lines: [order.length > 0 ? t("intake.hints.ranking", { order: named }) : t("intake.hints.ranking_empty")],
    choices,
    controls: order.length > 0 ? [reset, doneButton(t, version)] : [],
  };
}

/** The hint and the buttons that belong to the question's type. */
function partsOfType(
  t: Translate,
  questionnaire: Questionnaire,
  state: IntakeState,
  context: Context,
  slot: Slot,
  version: number,
): QuestionParts {
  const q = slot.question;
  const cb = (input: "choose" | "toggle", value: string) => pack(routes.answer, { version, input, value });
  switch (q.type) {
    case "number":
    case "text":
      return hintOnly(t(q.type === "number" ? "intake.hints.number" : "intake.hints.text"));
    case "date":
      return hintOnly(t("intake.hints.date", { example: exampleDate(context.today) }));
    case "yesno":
      return {
        lines: [],
        choices: [
          button(t("intake.choices.yesno.yes"), cb("choose", "yes")),
          button(t("intake.choices.yesno.no"), cb("choose", "no")),
        ],
        controls: [],
      };
    case "single":
      return {
        lines: [],
        choices: q.choices.map((c) => button(choiceLabel(t, slot, c, context), cb("choose", c))),
        controls: [],
      };
    case "multi": {
      const selected = questionnaire.selection(state, slot);
      const choices = q.choices.map((c) =>
        button(`${selected.includes(c) ? "✅ " : ""}${choiceLabel(t, slot, c, context)}`, cb("toggle", c)),
      );
      return { lines: [t("intake.hints.multi")], choices, controls: [doneButton(t, version)] };
    }
    case "ranking":
      return rankingParts(t, state, context, slot, version);
  }
}

export function questionView(
  t: Translate,
  questionnaire: Questionnaire,
  state: IntakeState,
  context: Context,
  slot: Slot,
  version: number,
): View {
  const q = slot.question;
  const lines: string[] = [];
  if (slot.group) lines.push(`👤 ${memberTitle(t, slot.group.index, slot.group.count)}`);
  // the first member is the person filling in: asked directly ("How old are you?"), when the text exists
  const self = slot.group?.index === 0 ? [`intake.${q.label}.self`] : [];
  lines.push(t([...self, `intake.${q.label}.text`]));
  const typed = partsOfType(t, questionnaire, state, context, slot, version);
  if (typed.lines.length > 0) lines.push("", ...typed.lines);
  const { choices, controls } = typed;
  if (q.optional) {
    lines.push(t("intake.hints.optional"));
    controls.push(button(t("intake.buttons.skip"), pack(routes.step, { version, step: "skip" })));
  }
  const { position, total } = questionnaire.position(state, context);
  if (position > 1)
    controls.unshift(button(t("intake.buttons.back"), pack(routes.step, { version, step: "back" })));
  // before the household size, no total: it would count nobody's questions yet
  lines.push(
    "",
    `· ${total === null ? t("intake.progress_first", { answered: position }) : t("intake.progress", { answered: position, total })}`,
  );
  const keyboard = [...rows(choices), ...(controls.length > 0 ? [controls] : [])];
  return { text: lines.join("\n"), keyboard };
}

export function reviewKeyboard(t: Translate, version: number, registered: boolean): InlineKeyboardButton[][] {
  const edit = [button(t("intake.buttons.edit"), pack(routes.review, { version, action: "edit" }))];
  if (registered) return [edit];
  return [edit, [button(t("intake.buttons.submit"), pack(routes.review, { version, action: "submit" }))]];
}

/** "Which part do you want to change?": one button per summary section. */
export function sectionsView(t: Translate, sections: SummarySection[], version: number): View {
  const keyboard = sections.map((s, i) => {
    const count = s.items[0]?.slot.group?.count ?? 0;
    return [
      button(
        `✏️ ${sectionTitle(t, s, count)}`,
        pack(routes.reviewSection, { version, section: i, member: s.member ?? -1 }),
      ),
    ];
  });
  keyboard.push([
    button(t("intake.buttons.to_summary"), pack(routes.review, { version, action: "summary" })),
  ]);
  return { text: t("intake.summary.pick_section"), keyboard };
}

/** "Which answer do you want to change?": one button per answer of a section. */
export function sectionQuestionsView(
  t: Translate,
  section: SummarySection,
  context: Context,
  version: number,
): View {
  const keyboard = section.items.map((i) => [
    button(
      `${t(`intake.${i.slot.question.label}.short`)}: ${formatValue(t, i.slot, i.value, context)}`.slice(
        0,
        60,
      ),
      pack(routes.reviewEdit, { version, slot: i.slot.key }),
    ),
  ]);
  keyboard.push([
    button(t("intake.buttons.to_summary"), pack(routes.review, { version, action: "summary" })),
  ]);
  return { text: t("intake.summary.pick_question"), keyboard };
}
