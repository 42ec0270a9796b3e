import { routes } from "../../shared/callback";
import type { BotContext } from "../context";
import { PAGE_SIZE } from "./store";
import { button } from "./ui";

/**
 * Lists in chat come a page at a time: "page 2 of 5 (45 households)" and ◀ ▶ buttons, so that no
 * household is cut off without a sign.
 */
export type PagedList = "households" | "people" | "events" | "broadcasts";

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

/** "(page 2 of 5, 45 households)"; events and broadcasts use their own counted text. */
export function pageHeading(
  ctx: BotContext,
  page: number,
  total: number,
  size = PAGE_SIZE,
  key = "page",
): string {
  return ctx.t(`arrival.staff.${key}`, { page: page + 1, pages: pageCount(total, size), count: total });
}

export function pageButtons(ctx: BotContext, list: PagedList, page: number, total: number, size = PAGE_SIZE) {
  const row = [];
  if (page > 0) row.push(button(ctx.t("arrival.staff.page_back"), routes.cityPage, { list, page: page - 1 }));
  if (page + 1 < pageCount(total, size)) {
    row.push(button(ctx.t("arrival.staff.page_next"), routes.cityPage, { list, page: page + 1 }));
  }
  return row;
}
