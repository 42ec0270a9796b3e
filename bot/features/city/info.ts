import { Composer } from "telegraf";
import { audit } from "../../../shared/audit";
import { notifyCityInfoChanged } from "../../../shared/city/notify";
import type { Prisma } from "../../../shared/generated/prisma/client";
import { LANGUAGES } from "../../../shared/i18n";
import { cityInfoOf, cityParts } from "../../../shared/messages/arrival";
import { renderPayload } from "../../../shared/messages/render";
import { parseCityForm } from "../../city/forms";
import { cityScope } from "../../city/scope";
import { fieldAliases, fieldName, formError, textOf } from "../../city/ui";
import type { BotContext } from "../../context";

/** The municipality's own arrival details (address, contact, notes per language): /cityinfo. */
export const cityInfo = new Composer<BotContext>();

/** What people read now, and the form to change it, filled in. */
export async function showCityInfo(ctx: BotContext, municipalityId: string): Promise<void> {
  const m = await ctx.app.db.municipality.findUniqueOrThrow({ where: { id: municipalityId } });
  const info = cityInfoOf(m.info);
  const shown = renderPayload(ctx.app.i18n, ctx.lang, { parts: cityParts(m.name, info) }).text;
  const template = [
    "/cityinfo",
    `${fieldName(ctx, "address")}: ${info.address ?? ""}`,
    `${fieldName(ctx, "contact")}: ${info.contact ?? ""}`,
    ...LANGUAGES.filter((l) => info.notes[l]).map((l) => `${l}: ${info.notes[l]}`),
    ...(Object.keys(info.notes).length === 0 ? ["en: "] : []),
  ].join("\n");
  await ctx.reply(`${shown}\n\n${ctx.t("arrival.staff.city_form")}`);
  await ctx.reply(template);
}

cityInfo.command("cityinfo", async (ctx) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  if (textOf(ctx).trim().split("\n").length === 1) return showCityInfo(ctx, scope.municipalityId);
  const form = parseCityForm(textOf(ctx), fieldAliases(ctx));
  if (!form.ok) return formError(ctx, form.error);
  const { db } = ctx.app;
  await db.municipality.update({
    where: { id: scope.municipalityId },
    data: { info: form.value as Prisma.InputJsonValue },
  });
  const told = await notifyCityInfoChanged(db, ctx.app.deliveries, scope.municipalityId);
  await audit(db, scope.staffId, "city.info", scope.municipalityId, { told });
  await ctx.reply(ctx.t("arrival.staff.saved_told", { count: told }));
});
