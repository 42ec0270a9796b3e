import { Markup } from "telegraf";
import { type FieldsOf, pack, type Route } from "../../shared/callback";
import { EVENT_KINDS } from "../../shared/city/store";
import { LANGUAGES } from "../../shared/i18n";
import type { BotContext } from "../context";
import { type FieldAliases, FORM_KEYS } from "./forms";

/** A button of a city screen: its label and its route's fields. */
export function button<R extends Route>(text: string, route: R, fields: FieldsOf<R>) {
  return Markup.button.callback(text, pack(route, fields));
}

/** The text of the message in hand ("" for anything else). */
export const textOf = (ctx: BotContext) => (ctx.message && "text" in ctx.message ? ctx.message.text : "");

/** A form that did not validate: what is wrong, and that nothing was saved. */
export async function formError(ctx: BotContext, error: string): Promise<void> {
  await ctx.reply(`${ctx.t(`arrival.form.${error}`)}\n\n${ctx.t("arrival.form.try_again")}`);
}

/** A form's field name in the staff member's language (templates are filled in with these). */
export const fieldName = (ctx: BotContext, key: (typeof FORM_KEYS)[number]) =>
  ctx.t(`arrival.form_keys.${key}`);

/** Field names of every staff language → the form's keys (a form may be typed in any of them). */
export function fieldAliases(ctx: BotContext): FieldAliases {
  const out = new Map<string, string>();
  for (const lang of LANGUAGES) {
    for (const key of FORM_KEYS)
      out.set(ctx.app.i18n.t(lang)(`arrival.form_keys.${key}`).toLocaleLowerCase(), key);
  }
  return out;
}

/** A kind's label without its emoji ("📚 Kurs" → "Kurs"). */
const plainKind = (t: (key: string) => string, kind: string) =>
  t(`arrival.kind.${kind}`)
    .replace(/^\P{L}+/u, "")
    .trim();

/** An event kind's name in the staff member's language, without its emoji ("Kurs"). */
export const kindName = (ctx: BotContext, kind: string) => plainKind(ctx.t, kind);

/** Event kind names of every staff language → the kind (a form may name it in any of them). */
export function kindAliases(ctx: BotContext): FieldAliases {
  const out = new Map<string, string>();
  for (const lang of LANGUAGES) {
    for (const kind of EVENT_KINDS) out.set(plainKind(ctx.app.i18n.t(lang), kind).toLocaleLowerCase(), kind);
  }
  for (const kind of EVENT_KINDS) out.set(kind, kind); // the codes themselves still work
  return out;
}
