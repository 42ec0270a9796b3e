import type { AnswerValue, Questionnaire } from "../../core/questionnaire";
import type { Db } from "../../shared/db";
import type { I18n, Language } from "../../shared/i18n";
import type { EmulatedUser } from "./emulated-user";

/** Answers by slot key ("household_size", "members.1.age"); null skips an optional question. */
export type Script = Record<string, AnswerValue>;

/**
 * Plays a person through the questionnaire the way a person would: it reads which question is
 * open, then types or taps the localized button. Used by the e2e tests, the demo and the bench.
 */
export class IntakeDriver {
  constructor(
    private readonly db: Db,
    private readonly i18n: I18n,
    private readonly questionnaire: Questionnaire,
    private readonly municipalities: () => Promise<{ id: string; name: string }[]>,
  ) {}

  async currentSlot(telegramId: number): Promise<string | null> {
    const user = await this.db.user.findUnique({
      where: { telegramId: BigInt(telegramId) },
      include: { intake: true },
    });
    const state = user?.intake?.state as { current?: string } | undefined;
    return state?.current ?? null;
  }

  /** Answers the open question from the script. Returns the slot answered, or null at the review. */
  async answerOne(user: EmulatedUser, lang: Language, script: Script): Promise<string | null> {
    const key = await this.currentSlot(user.id);
    if (!key || key === "review") return null;
    if (!(key in script)) throw new Error(`script has no answer for ${key}`);
    const value = script[key] as AnswerValue;
    const t = this.i18n.t(lang);
    const id = key.split(".").at(-1) ?? key;
    const question = this.findQuestion(id);
    if (value === null) {
      await user.tap(t("intake.buttons.skip"));
      return key;
    }
    switch (question.type) {
      case "number":
      case "text":
        await user.say(String(value));
        break;
      case "date":
        await user.say(String(value).split("-").reverse().join("."));
        break;
      case "yesno":
        await user.tap(t(`intake.choices.yesno.${value ? "yes" : "no"}`));
        break;
      case "single":
        await user.tap(t(`intake.choices.${question.choiceSet ?? question.id}.${value}`));
        break;
      case "multi":
        for (const v of value as string[])
          await user.tap(t(`intake.choices.${question.choiceSet ?? question.id}.${v}`));
        await user.tap(t("intake.buttons.done"));
        break;
      case "ranking": {
        const names = new Map((await this.municipalities()).map((m) => [m.id, m.name]));
        for (const v of value as string[]) await user.tap(names.get(v) ?? v);
        if ((value as string[]).length < names.size) await user.tap(t("intake.buttons.done"));
        break;
      }
    }
    return key;
  }

  /** Answers until the summary is shown. */
  async answerAll(user: EmulatedUser, lang: Language, script: Script, limit = 500): Promise<void> {
    for (let i = 0; i < limit; i++) {
      if ((await this.answerOne(user, lang, script)) === null) return;
    }
    throw new Error("the questionnaire did not reach the summary");
  }

  private findQuestion(id: string) {
    for (const item of this.questionnaire.definition.items) {
      if (item.id === id && item.type !== "group") return item;
      if (item.type === "group") {
        const q = item.questions.find((x) => x.id === id);
        if (q) return q;
      }
    }
    throw new Error(`unknown question ${id}`);
  }
}
