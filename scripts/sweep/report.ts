/**
 * The sweep's report.html: one self-contained file (inline SVG, no script, no external resource) with the cell
 * table, the CDF of bad debt and of debt liquidated per cell, and the sensitivity of the risk figures to each varied
 * field. Charts are Vega-Lite specs rendered to SVG in Node (vega's headless renderer).
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { RunRecord } from "./job";
import { MEASURES } from "./measures";
import { cellLabel, type Cell, type VaryAxis } from "./grid";
import { empiricalCdf } from "./stats";
import type { CellStats } from "./tables";

const CHART_WIDTH = 560;
const CHART_HEIGHT = 260;

async function svg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  const out = await view.toSVG();
  view.finalize();
  return out;
}

function cdfSpec(title: string, unit: string, data: { cell: string; value: number; share: number }[]) {
  return {
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: data },
    mark: { type: "line", interpolate: "step-after", point: data.length <= 200 },
    encoding: {
      x: { field: "value", type: "quantitative", title: unit },
      y: { field: "share", type: "quantitative", title: "share of runs ≤ value", scale: { domain: [0, 1] } },
      color: { field: "cell", type: "nominal", title: "cell" },
    },
  } as vl.TopLevelSpec;
}

function sensitivitySpec(field: string, data: { value: string; figure: string; amount: number; rest: string }[]) {
  return {
    title: `Sensitivity to ${field}`,
    data: { values: data },
    facet: { column: { field: "figure", type: "nominal", title: null } },
    spec: {
      width: CHART_WIDTH / 3,
      height: CHART_HEIGHT,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "value", type: "ordinal", title: field, sort: null },
        y: { field: "amount", type: "quantitative", title: "debt tokens" },
        color: { field: "rest", type: "nominal", title: "other fields" },
      },
    },
    resolve: { scale: { y: "independent" } },
  } as vl.TopLevelSpec;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (x: number | null) =>
  x === null ? "—" : Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);

export interface ReportInput {
  title: string;
  scenario: string;
  seeds: number;
  axes: readonly VaryAxis[];
  cells: readonly Cell[];
  stats: readonly CellStats[];
  records: readonly RunRecord[];
  planned: number;
  failed: number;
}

export async function renderSweepReport(r: ReportInput): Promise<string> {
  const byCell = (key: "badDebt" | "debtLiquidated") =>
    r.cells.flatMap((c) =>
      empiricalCdf(
        r.records
          .filter((x) => x.cell === c.index)
          .map((x) => x.measures[key])
          .filter((v): v is number => v !== null),
      ).map((p) => ({ cell: cellLabel(c), ...p })),
    );
  const charts = [
    await svg(cdfSpec("CDF of bad debt (net of recoveries) per cell", "bad debt, debt tokens", byCell("badDebt"))),
    await svg(cdfSpec("CDF of debt liquidated per cell", "debt liquidated, debt tokens", byCell("debtLiquidated"))),
  ];
  for (const axis of r.axes) {
    const data = r.stats.flatMap((c) => {
      const rest = cellLabel({
        params: Object.fromEntries(Object.entries(c.params).filter(([k]) => k !== axis.field)),
      });
      return [
        { figure: "VaR95 of bad debt", amount: c.risk.VaR95 },
        { figure: "mean bad debt", amount: c.measures.badDebt.mean },
        { figure: "LaR95 (debt liquidated)", amount: c.risk.LaR95 },
      ]
        .filter((f): f is { figure: string; amount: number } => f.amount !== null)
        .map((f) => ({ value: c.params[axis.field], rest, ...f }));
    });
    if (data.length) charts.push(await svg(sensitivitySpec(axis.field, data)));
  }
  const head = ["cell", "runs", "P(bad debt)", "VaR95", "VaR99 (EVaR)", "ES95", "LaR95", "mean liquidations"];
  const rows = r.stats.map((c) =>
    [
      c.label,
      String(c.runs),
      c.risk.pBadDebt === null ? "—" : `${(100 * c.risk.pBadDebt).toFixed(1)}%`,
      fmt(c.risk.VaR95),
      fmt(c.risk.VaR99),
      fmt(c.risk.ES95),
      fmt(c.risk.LaR95),
      fmt(c.measures.liquidations.mean),
    ]
      .map((x) => `<td>${esc(x)}</td>`)
      .join(""),
  );
  const measureRows = MEASURES.map((m) => `<tr><td>${m.key}</td><td>${esc(m.unit)}</td><td>${esc(m.what)}</td></tr>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
figure{margin:1.5em 0}</style></head><body>
<h1>${esc(r.title)}</h1>
<p>Scenario <code>${esc(r.scenario)}</code>; ${r.cells.length} cell(s) × ${r.seeds} seed(s) = ${r.planned} runs planned,
${r.records.length} finished, ${r.failed} failed. Amounts in debt tokens. Definitions: docs/sweeps.md.</p>
<h2>Cells</h2>
<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>
${rows.map((x) => `<tr>${x}</tr>`).join("\n")}</table>
<h2>Charts</h2>
${charts.map((c) => `<figure>${c}</figure>`).join("\n")}
<h2>Measures</h2>
<table><tr><th>measure</th><th>unit</th><th>what</th></tr>${measureRows.join("")}</table>
</body></html>
`;
}
