import { Markup } from "telegraf";
import { type FieldsOf, pack, type Route } from "../../shared/callback";
import type { BotContext } from "../context";

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
