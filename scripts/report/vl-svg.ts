/**
 * Vega-Lite specs rendered to SVG text in Node, synchronously (vega's own `toSVG()` is async; the run writer is
 * not): compile to Vega, evaluate the dataflow with no renderer, then draw the scenegraph with vega's SVG string
 * renderer. Text widths are vega's estimates (no canvas in Node). Same spec, same bytes.
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

interface StringRenderer {
  initialize(el: null, width: number, height: number, origin: number[]): StringRenderer;
  background(color: unknown): StringRenderer;
  render(scene: unknown): StringRenderer;
  svg(): string;
}

export function vegaLiteSvg(spec: TopLevelSpec): string {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  view.run();
  const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
  // Internal view size (the autosized plot area): the same numbers vega's own headless renderer reads.
  const inner = view as unknown as { _viewWidth: number; _viewHeight: number; _origin: [number, number] };
  const width = inner._viewWidth + pad.left + pad.right;
  const height = inner._viewHeight + pad.top + pad.bottom;
  const origin = [inner._origin[0] + pad.left, inner._origin[1] + pad.top];
  // The SVG string renderer vega's headless `toSVG()` uses (exported, missing from the type declarations).
  const { SVGStringRenderer } = vega as unknown as { SVGStringRenderer: new (loader: unknown) => StringRenderer };
  const renderer = new SVGStringRenderer(view.loader()).initialize(null, width, height, origin);
  renderer.background(view.background());
  renderer.render((view.scenegraph() as unknown as { root: unknown }).root);
  const svg = renderer.svg();
  view.finalize();
  return svg + "\n";
}
