import { describe, expect, it } from "vitest";
import { questionView } from "../../bot/intake/render";
import { intakeDefinition, Questionnaire } from "../../core/questionnaire";
import { createI18n, LANGUAGES } from "../../shared/i18n";

const q = new Questionnaire(intakeDefinition);
const context = { today: "2026-12-01", municipalities: [] };

describe("questions under 'About you' (bot/intake/render.ts)", () => {
  it.each(LANGUAGES)(
    "speak to the person filling in directly, and of the others as 'this person' (%s)",
    async (lang) => {
      const t = (await createI18n()).t(lang);
      let state = q.start(context);
      const size = q.submit(state, context, { kind: "text", text: "2" });
      if (!size.ok) throw new Error("size");
      state = size.state;
      const own = q.current(state, context);
      if (!own) throw new Error("no question");
      expect(own.key).toBe("members.0.age");
      expect(questionView(t, q, state, context, own, 1).text).toContain(t("intake.q.age.self"));
      const other = q.slot(state, context, "members.1.age");
      if (!other) throw new Error("no second member");
      expect(questionView(t, q, state, context, other, 1).text).toContain(t("intake.q.age.text"));
      expect(t("intake.q.age.self")).not.toBe(t("intake.q.age.text"));
    },
  );
});
