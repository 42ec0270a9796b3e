import { Composer, Markup } from "telegraf";
import { routes } from "../../../shared/callback";
import { onButton } from "../../buttons";
import { cityScope } from "../../city/scope";
import { button } from "../../city/ui";
import type { BotContext } from "../../context";
import { composeBroadcast, showBroadcasts } from "./broadcasts";
import { showEvents } from "./events";
import { showHouseholds } from "./households";
import { showCityInfo } from "./info";

/** `/city`: the city staff's menu of buttons, one per capability. */
export const cityMenu = new Composer<BotContext>();

cityMenu.command("city", async (ctx) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const t = ctx.t;
  const m = await ctx.app.db.municipality.findUnique({ where: { id: scope.municipalityId } });
  const item = (label: string, what: "info" | "households" | "events" | "broadcast" | "broadcasts") =>
    button(t(label), routes.cityMenu, { item: what });
  await ctx.reply(
    t("arrival.staff.menu", { municipality: m?.name ?? scope.municipalityId }),
    Markup.inlineKeyboard([
      [item("arrival.staff.menu_info", "info"), item("arrival.staff.menu_homes", "households")],
      [item("arrival.staff.menu_events", "events")],
      [
        item("arrival.staff.menu_broadcast", "broadcast"),
        item("arrival.staff.menu_broadcasts", "broadcasts"),
      ],
    ]),
  );
});

onButton(cityMenu, routes.cityMenu, async (ctx, { item }) => {
  const scope = await cityScope(ctx);
  if (!scope) return;
  const { municipalityId, staffId } = scope;
  if (item === "info") return showCityInfo(ctx, municipalityId);
  if (item === "households") return showHouseholds(ctx, municipalityId);
  if (item === "events") return showEvents(ctx, municipalityId);
  if (item === "broadcasts") return showBroadcasts(ctx, municipalityId);
  await composeBroadcast(ctx, staffId, municipalityId);
});
