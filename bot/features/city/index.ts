import { Composer } from "telegraf";
import type { BotContext } from "../../context";
import { cityBroadcasts } from "./broadcasts";
import { cityCapacity } from "./capacity";
import { cityEvents } from "./events";
import { cityHouseholds } from "./households";
import { cityInfo } from "./info";
import { cityMenu } from "./menu";

/**
 * City staff on a phone: `/city` opens a menu; details are typed as short forms the bot hands
 * out filled in (copy, edit, send); broadcasts are composed step by step. Every change is audited
 * and goes to the people concerned through the worker's one delivery path. One composer per
 * capability; the broadcasts' draft text handler runs before the assistant (see bot/app.ts).
 */
export const city = Composer.compose<BotContext>([
  cityMenu,
  cityInfo,
  cityHouseholds,
  cityEvents,
  cityBroadcasts,
  cityCapacity,
]);
