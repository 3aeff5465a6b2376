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
<h2>Charts</h2>
${charts}
<h2>Scenario (resolved)</h2>
<pre>${scenario}</pre>
</body>
</html>
`;
}
