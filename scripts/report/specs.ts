/**
 * Vega-Lite specs for the run report and the dashboard (pure; no Node imports, so the dashboard's browser bundle
 * and the Node renderer share them). Each chart names its series in a fixed colour domain, marks the shock, the
 * cascade window and the breaker-tripped blocks, and uses a log axis when a price spans a decade or more.
 */
import type { TopLevelSpec } from "vega-lite";

/** Distinct colours (Tableau 10), assigned in a fixed order per chart. */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
] as const;

/** Shaded spans and marks drawn behind a per-block chart. */
export interface Annotations {
  /** Block of the exogenous shock (its largest one-block fall), or null. */
  shockBlock: number | null;
  /** First and last block with a liquidation, or null. */
  cascade: { first: number; last: number } | null;
  /** Runs of blocks with the circuit breaker tripped ([first, last] inclusive). */
  breaker: readonly [number, number][];
}

export const NO_ANNOTATIONS: Annotations = { shockBlock: null, cascade: null, breaker: [] };

/** One point of a long-format series: x, y and the series name. */
export interface Point {
  x: number;
  y: number | null;
  series: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const BASE = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  width: WIDTH,
  height: HEIGHT,
  config: { font: "sans-serif", axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelLimit: 260 } },
} as const;

/** Spans [first, last] of consecutive blocks where `flags[i]` holds, as block numbers. */
export function spans(blocks: readonly number[], flags: readonly boolean[]): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  flags.forEach((f, i) => {
    if (f && start === null) start = blocks[i];
    if (!f && start !== null) {
      out.push([start, blocks[i - 1]]);
      start = null;
    }
  });
  if (start !== null) out.push([start, blocks[blocks.length - 1]]);
  return out;
}

/** True when positive values span at least `decades` powers of ten (a log axis reads better). */
export function spansDecades(values: readonly (number | null)[], decades = 1): boolean {
  const pos = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (pos.length < 2) return false;
  return Math.log10(Math.max(...pos) / Math.min(...pos)) >= decades;
}

/** Background layers: cascade window (amber), breaker-tripped bands (grey) and the shock rule (red, dashed). */
function annotationLayers(a: Annotations, which: "bands" | "shock"): unknown[] {
  const bands = [
    ...(a.cascade ? [{ from: a.cascade.first, to: a.cascade.last + 1, what: "cascade window" }] : []),
    ...a.breaker.map(([f, t]) => ({ from: f, to: t + 1, what: "breaker tripped" })),
  ];
  // Only the kinds of band this chart has, in the legend.
  const kinds = (["cascade window", "breaker tripped"] as const).filter((k) => bands.some((b) => b.what === k));
  const kindColors = { "cascade window": "#f2a900", "breaker tripped": "#555" };
  const layers: unknown[] = [];
  if (which === "bands" && bands.length) {
    layers.push({
      data: { values: bands },
      mark: { type: "rect", opacity: 0.14 },
      encoding: {
        x: { field: "from", type: "quantitative" },
        x2: { field: "to" },
        color: {
          field: "what",
          type: "nominal",
          scale: { domain: kinds, range: kinds.map((k) => kindColors[k]) },
          legend: { title: null, orient: "top" },
        },
      },
    });
  }
  if (which === "shock" && a.shockBlock !== null) {
    layers.push({
      data: { values: [{ x: a.shockBlock, label: "shock" }] },
      layer: [
        {
          mark: { type: "rule", color: "#d62728", strokeDash: [4, 3], strokeWidth: 1.5 },
          encoding: { x: { field: "x", type: "quantitative" } },
        },
        {
          mark: { type: "text", color: "#d62728", align: "left", baseline: "top", dx: 3, y: 2, fontSize: 11 },
          encoding: { x: { field: "x", type: "quantitative" }, text: { field: "label" } },
        },
      ],
    });
  }
  return layers;
}

/**
 * Tick format: SI prefixes (2k, 1.5M) for values of a thousand and more; plain numbers below (0.0001, not "100µ";
 * 0.5, not "500m", which reads as millions).
 */
export function axisFormat(values: readonly (number | null)[], log = false): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)).map(Math.abs));
  return !log && max >= 1000 ? "~s" : ",~g";
}

export interface LineOptions {
  title: string;
  yTitle: string;
  xTitle?: string;
  /** Series in legend and colour order (colours from PALETTE unless given). */
  series: readonly string[];
  colors?: readonly string[];
  log?: boolean;
  annotations?: Annotations;
  /** Stack the series as areas (counts per bucket). */
  stacked?: boolean;
  /** Bars instead of lines (one per x). */
  bars?: boolean;
  height?: number;
  /** Dashed series (e.g. a baseline). */
  dashed?: readonly string[];
}

/** Lines (or stacked areas, or bars) of long-format points over blocks, with the run's annotations behind. */
export function seriesSpec(points: readonly Point[], o: LineOptions): TopLevelSpec {
  const colors = o.colors ?? o.series.map((_, i) => PALETTE[i % PALETTE.length]);
  const values = o.log ? points.filter((p) => p.y !== null && p.y > 0) : points;
  const mark = o.stacked
    ? { type: "area", interpolate: "step-after", opacity: 0.85 }
    : o.bars
      ? { type: "bar" }
      : { type: "line", strokeWidth: 1.6, interpolate: "linear" };
  const main = {
    data: { values },
    mark,
    encoding: {
      x: { field: "x", type: "quantitative", title: o.xTitle ?? "block", axis: { format: ",d", tickMinStep: 1 } },
      y: {
        field: "y",
        type: "quantitative",
        title: o.yTitle,
        stack: o.stacked ? "zero" : null,
        scale: o.log ? { type: "log" } : { zero: !!(o.stacked || o.bars) },
        axis: {
          format: axisFormat(
            values.map((p) => p.y),
            o.log,
          ),
        },
      },
      color: {
        field: "series",
        type: "nominal",
        scale: { domain: [...o.series], range: [...colors] },
        legend: {
          title: null,
          orient: "top",
          symbolType: o.stacked || o.bars ? "square" : "stroke",
          ...(o.series.length > 3 ? { columns: 2 } : {}),
        },
      },
      ...(o.dashed?.length
        ? {
            strokeDash: {
              field: "series",
              type: "nominal",
              scale: { domain: [...o.series], range: o.series.map((s) => (o.dashed!.includes(s) ? [5, 3] : [1, 0])) },
              legend: null,
            },
          }
        : {}),
    },
  };
  return {
    ...BASE,
    height: o.height ?? HEIGHT,
    title: { text: o.title, anchor: "start" },
    layer: [
      ...annotationLayers(o.annotations ?? NO_ANNOTATIONS, "bands"),
      main,
      ...annotationLayers(o.annotations ?? NO_ANNOTATIONS, "shock"),
    ],
    resolve: { scale: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

/** Several panels over the same blocks, each with its own y scale (amounts of very different sizes). */
export function panelsSpec(
  title: string,
  panels: readonly { points: readonly Point[]; options: Omit<LineOptions, "title"> & { title: string } }[],
): TopLevelSpec {
  return {
    $schema: BASE.$schema,
    config: BASE.config,
    title: { text: title, anchor: "start" },
    vconcat: panels.map((p) => {
      const s = seriesSpec(p.points, { ...p.options, height: p.options.height ?? 120 }) as unknown as Record<
        string,
        unknown
      >;
      delete s.$schema;
      delete s.config;
      return s;
    }),
  } as unknown as TopLevelSpec;
}

/** Horizontal bars: one per label (a market, a keeper), value formatted on the axis. */
export function barsSpec(
  rows: readonly { label: string; value: number; group?: string }[],
  o: { title: string; xTitle: string; groups?: readonly string[] },
): TopLevelSpec {
  const groups = o.groups ?? [...new Set(rows.map((r) => r.group ?? o.xTitle))];
  return {
    ...BASE,
    height: { step: 22 },
    title: { text: o.title, anchor: "start" },
    data: { values: rows.map((r) => ({ ...r, group: r.group ?? o.xTitle })) },
    mark: { type: "bar" },
    encoding: {
      y: { field: "label", type: "nominal", title: null, sort: null, axis: { labelLimit: 300 } },
      x: {
        field: "value",
        type: "quantitative",
        title: o.xTitle,
        axis: { format: axisFormat(rows.map((r) => r.value)) },
      },
      color: {
        field: "group",
        type: "nominal",
        scale: { domain: [...groups], range: groups.map((_, i) => PALETTE[i % PALETTE.length]) },
        legend: groups.length > 1 ? { title: null, orient: "top", ...(groups.length > 3 ? { columns: 2 } : {}) } : null,
      },
      // Side by side only where a label has bars in several groups (else one bar per label, coloured by group).
      ...(new Set(rows.map((r) => r.label)).size < rows.length
        ? { yOffset: { field: "group", sort: [...groups] } }
        : {}),
      tooltip: [{ field: "label" }, { field: "group" }, { field: "value", format: ",.4~f" }],
    },
  } as unknown as TopLevelSpec;
}

/** Points per series against an x that is not a block (a shock in percent, a bid number). */
export function scatterLinesSpec(
  points: readonly (Point & { shape?: string })[],
  o: {
    title: string;
    xTitle: string;
    yTitle: string;
    series: readonly string[];
    shapes?: readonly string[];
    xFormat?: string;
    yFormat?: string;
    log?: boolean;
  },
): TopLevelSpec {
  const colors = o.series.map((_, i) => PALETTE[i % PALETTE.length]);
  const color = {
    field: "series",
    type: "nominal",
    scale: { domain: [...o.series], range: colors },
    legend: { title: null, orient: "top", columns: o.series.length > 3 ? 2 : 3 },
  };
  const x = {
    field: "x",
    type: "quantitative",
    title: o.xTitle,
    axis: { format: o.xFormat ?? axisFormat(points.map((p) => p.x)) },
  };
  const y = {
    field: "y",
    type: "quantitative",
    title: o.yTitle,
    axis: {
      format:
        o.yFormat ??
        axisFormat(
          points.map((p) => p.y),
          o.log,
        ),
    },
    ...(o.log ? { scale: { type: "log" } } : {}),
  };
  return {
    ...BASE,
    title: { text: o.title, anchor: "start" },
    data: { values: points },
    layer: [
      { mark: { type: "line", strokeWidth: 1.4, opacity: 0.8 }, encoding: { x, y, color, order: { field: "x" } } },
      {
        mark: { type: "point", filled: true, size: 36 },
        encoding: {
          x,
          y,
          color,
          ...(o.shapes
            ? {
                shape: {
                  field: "shape",
                  type: "nominal",
                  scale: { domain: [...o.shapes] },
                  legend: { title: null, orient: "top" },
                },
              }
            : {}),
          tooltip: [{ field: "series" }, { field: "x" }, { field: "y", format: ",.4~f" }],
        },
      },
    ],
  } as unknown as TopLevelSpec;
}
