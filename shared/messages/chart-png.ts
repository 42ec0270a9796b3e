import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile } from "vega-lite";
import type { ChartSpec } from "./charts";

/** A chart description (Vega-Lite) as a PNG, for Telegram: Vega draws SVG, resvg rasterises it. */
export async function chartPng(spec: ChartSpec, scale = 2): Promise<Buffer> {
  const compiled = compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: "zoom", value: scale },
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
      background: "white",
    }).render();
    return png.asPng();
  } finally {
    view.finalize();
  }
}
