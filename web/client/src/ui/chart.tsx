import { useEffect, useRef } from "preact/hooks";
import { expressionInterpreter } from "vega-interpreter";

/**
 * A chart from its description (Vega-Lite, built by the server: shared/messages/charts.ts), drawn
 * with vega-embed. Expressions run through Vega's interpreter, so the page needs no `eval`
 * (the console's Content-Security-Policy forbids it).
 */
export function Chart({ spec, label }: { spec: Record<string, unknown>; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let finalize: (() => void) | undefined;
    let alive = true;
    void import("vega-embed").then(async ({ default: embed }) => {
      if (!alive || !box.current) return;
      const result = await embed(box.current, spec as never, {
        actions: false,
        ast: true,
        expr: expressionInterpreter,
        renderer: "svg",
      });
      finalize = () => result.finalize();
    });
    return () => {
      alive = false;
      finalize?.();
    };
  }, [JSON.stringify(spec)]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
