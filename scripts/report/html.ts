/** One self-contained report.html: inline CSS and SVG, the summary table and the resolved scenario; no assets. */
import type { Chart } from "./charts";
import { escapeXml } from "./svg";

export interface ReportInput {
  title: string;
  generatedAt: string;
  /** Summary as plain JSON (bigint already as strings). */
  summary: unknown;
  scenario: unknown;
  charts: readonly Chart[];
}

/** Flattens nested JSON to `a.b.c → value` rows for the summary table. */
export function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flatten(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  const text = typeof value === "bigint" ? value.toString() : value === null ? "—" : JSON.stringify(value);
  return [[prefix, text ?? "—"]];
}

const STYLE = `body{font-family:sans-serif;margin:2em auto;max-width:960px;color:#222}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
td.v{text-align:right;font-family:monospace}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}
figure{margin:1.5em 0}`;

/** Engine next to the frictionless baseline, when the summary has one (`summary.baseline`). */
export function baselineTable(summary: unknown): string {
  const s = summary as Record<string, unknown> | null;
  const b = s?.baseline as Record<string, unknown> | undefined;
  if (!s || !b) return "";
  const liq = s.liquidations as Record<string, unknown>;
  const d = b.decomposition as Record<string, unknown>;
  const cell = (v: unknown) =>
    `<td class="v">${escapeXml(v === null || v === undefined ? "—" : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v))}</td>`;
  const rows: [string, unknown, unknown][] = [
    ["liquidations", liq.count, b.liquidations],
    ["debt repaid (base units)", liq.debtRepaid, b.debtRepaid],
    ["bad debt (base units)", s.badDebt, b.badDebt],
    ["amplification (peak)", s.amplification, b.amplification],
    ["amplification (settled)", s.amplificationSettled, b.amplificationSettled],
  ];
  const body = rows.map(([k, e, f]) => `<tr><th>${escapeXml(k)}</th>${cell(e)}${cell(f)}</tr>`).join("\n");
  const present = (d.present as string[]).map((f) => `<li>${escapeXml(f)}</li>`).join("");
  return `<h2>Physics and frictions</h2>
<table>
<tr><th></th><th>engine</th><th>frictionless baseline</th></tr>
${body}
<tr><th>frictions (engine − baseline), peak / settled</th>${cell(d.frictions)}${cell(d.frictionsSettled)}</tr>
</table>
<p>Frictions present in this run:</p>
<ul>${present}</ul>`;
}

export function renderReport(input: ReportInput): string {
  const rows = flatten(input.summary)
    .map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td class="v">${escapeXml(v)}</td></tr>`)
    .join("\n");
  const charts = input.charts.map((c) => `<figure id="${escapeXml(c.file)}">\n${c.svg.trim()}\n</figure>`).join("\n");
  const scenario = escapeXml(
    JSON.stringify(input.scenario, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeXml(input.title)}</h1>
<p>Generated ${escapeXml(input.generatedAt)}.</p>
<h2>Summary</h2>
<table>
${rows}
</table>
${baselineTable(input.summary)}
<h2>Charts</h2>
${charts}
<h2>Scenario (resolved)</h2>
<pre>${scenario}</pre>
</body>
</html>
`;
}
