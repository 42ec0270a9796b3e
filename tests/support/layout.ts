import type { Page } from "playwright-core";

/** A desktop window, half of one (or a tablet) and a phone (the Mini App's usual size), in CSS pixels. */
export const WIDTHS = [1280, 800, 390];

/**
 * What sticks out past the right edge of the window on this page at each width (tag, class and
 * right edge), leaving out what lies in a box that scrolls or clips sideways: a person would have
 * to scroll the whole page to read it. Empty when the page fits its window at every width; the
 * window is given back its size.
 */
export async function overflowing(page: Page, widths = WIDTHS): Promise<string[]> {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  const out: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: size.height });
    out.push(...(await outside(page)).map((what) => `at ${width} px: ${what}`));
  }
  await page.setViewportSize(size);
  return out;
}

/** The little of the page's DOM that `outside` reads (the project's types have no DOM library). */
interface PageNode {
  parentElement: PageNode | null;
  tagName: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number; width: number };
}
interface PageWindow {
  document: {
    body: PageNode & { querySelectorAll(s: string): ArrayLike<PageNode> };
    documentElement: { clientWidth: number; scrollWidth: number };
  };
  getComputedStyle(node: PageNode): { overflowX: string };
}

function outside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as PageWindow;
    const width = document.documentElement.clientWidth;
    const contained = (el: PageNode) => {
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(box).overflowX)) return true;
      }
      return false;
    };
    const sticksOut = (el: PageNode) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1;
    };
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      // the outermost only: a table, not each of its rows and cells
      const parent = el.parentElement;
      if (sticksOut(el) && !(parent && parent !== document.body && sticksOut(parent)) && !contained(el)) {
        out.push(
          `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} ends at ${Math.round(el.getBoundingClientRect().right)} px`,
        );
      }
    }
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page ${document.documentElement.scrollWidth} px wide`);
    return out;
  });
}
