/**
 * report.html: one self-contained file (inline CSS and SVG, no scripts, no network) read like a risk note — a
 * headline sentence from the run's numbers, the scenario's description, the summary with units, the frictionless
 * baseline next to the engine, a per-keeper table, the sections of the presets that have them (gas war, attack,
 * risk controls, lender groups), annotated charts and a link to every file of the run.
 */
import { amount, count, pct, price, times } from "./doc-format";
import { num, type Row, type RunData } from "./run-data";
import type { Chart } from "./charts";
import { escapeXml } from "./svg";
import { runFormat } from "./run-format";
import { gridTable } from "./html-table";
import { systemSection } from "./system-section";
import { derivativesSection } from "../derivatives/engine/report";
import { MEASURES, type Measure } from "../measures/registry";
import { reportTablesOf } from "../measures/registry/assemble";

export { gridTable, runFormat };

type Cells = readonly [label: string, value: string, note?: string];

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;line-height:1.45;padding:0 1em}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #eee;padding-bottom:.2em;margin-top:2em}.meta{color:#666;margin-top:0}
.headline{font-size:1.35em;font-weight:600;background:#fff7e6;border-left:5px solid #f28e2b;padding:.6em 1em}
.description{color:#444;font-style:italic}
table{border-collapse:collapse;font-size:14px;margin:.5em 0}td,th{border:1px solid #ddd;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#fafafa;font-weight:600}td.v{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.n{color:#666;font-size:12px}caption{text-align:left;font-weight:600;padding:.3em 0}
pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}
nav a{margin-right:1em}ul.files{columns:2}.note{color:#555;font-size:13px}`;

const h = escapeXml;
const row = ([label, value, note]: Cells) =>
  `<tr><th>${h(label)}</th><td class="v">${h(value)}</td><td class="n">${h(note ?? "")}</td></tr>`;
const table = (caption: string, rows: readonly Cells[], id?: string) =>
  `<table${id ? ` id="${id}"` : ""}><caption>${h(caption)}</caption>\n${rows.map(row).join("\n")}\n</table>`;

/** The headline: "A 25% shock became a 47.8% AMM drawdown (1.91× amplification): 61 liquidations, 102,972 USDC bad debt." */
export function headline(run: RunData): string {
  const s = run.summary;
  const f = runFormat(run);
  const p1 = (x: number) => pct(x, Number((100 * x).toFixed(1)) % 1 === 0 ? 0 : 1);
  const liq = `${count(s.liquidations.count)} liquidation${s.liquidations.count === 1 ? "" : "s"}`;
  const bad = `${f.debt(s.badDebt)} bad debt`;
  const move =
    s.exogenousShock > 0
      ? `A ${p1(s.exogenousShock)} shock became a ${p1(s.ammPeakDrawdown)} AMM drawdown` +
        (s.amplification === null ? "" : ` (${times(s.amplification)} amplification)`)
      : `No exogenous fall; the AMM fell at most ${p1(s.ammPeakDrawdown)}`;
  const parts = [`${move}: ${liq}, ${bad}.`];
  const g = run.gasWar;
  if (g && typeof g.dissipation === "number") {
    parts.push(
      `${count(g.keepers as number)} competing keepers paid ${pct(g.dissipation, 1)} of their ` +
        `${f.debt(g.grossProfit as string)} gross profit in priority fees.`,
    );
  }
  const a = run.attack;
  if (a) {
    parts.push(
      a.reverted
        ? `The oracle attacker (${String(a.mode)}) failed: ${String(a.revertReason ?? "reverted")}.`
        : `The oracle attacker (${String(a.mode)}) netted ${f.tokens(num(a.netProfit as number))} and liquidated ${count(a.positionsLiquidated as number)} positions.`,
    );
  }
  return parts.join(" ");
}

/** The summary tables, rows generated from the measure registry (`measures` to use another list). */
export function summaryTables(run: RunData, measures: readonly Measure[] = MEASURES): string {
  const tables = reportTablesOf(measures, { run, s: run.summary, f: runFormat(run) });
  return tables
    .filter((t) => t.rows.length > 0)
    .map((t) => table(t.caption, t.rows, `summary-${t.id}`))
    .join("\n");
}

/** Engine next to the frictionless baseline, when the summary has one. */
export function baselineSection(run: RunData): string {
  const s = run.summary;
  const b = s.baseline;
  if (!b) return "";
  const f = runFormat(run);
  const d = b.decomposition;
  const signed = (x: number | null) => (x === null ? "–" : `${x >= 0 ? "+" : "−"}${times(Math.abs(x))}`);
  const rows: (readonly string[])[] = [
    ["liquidations", count(s.liquidations.count), count(b.liquidations)],
    ["debt repaid", f.debt(s.liquidations.debtRepaid), f.debt(b.debtRepaid)],
    ["bad debt", f.debt(s.badDebt), f.debt(b.badDebt)],
    ["amplification (peak)", times(s.amplification), times(b.amplification)],
    ["amplification (settled)", times(s.amplificationSettled), times(b.amplificationSettled)],
  ];
  const present = d.present.map((x) => `<li>${h(x)}</li>`).join("");
  return `<section id="baseline"><h2>Physics and frictions</h2>
<p class="note">The frictionless baseline liquidates every position the shocked price (${h(price(b.shockedPrice))} ${h(f.debtSymbol)}) makes liquidatable, at once and at the AMM, until nothing changes${b.settled ? "" : " (it did not settle)"}. What the engine adds on top is the frictions' share.</p>
${gridTable(["", "engine", "frictionless baseline"], rows, "baseline-table")}
<p>Amplification = physics + frictions: peak <b>${h(times(d.physics))} ${h(signed(d.frictions))}</b>, settled <b>${h(times(d.physicsSettled))} ${h(signed(d.frictionsSettled))}</b>.</p>
<p class="note">Frictions present in this run:</p><ul>${present}</ul></section>`;
}

/** Liquidations per actor (summary.actors), with the gas-war columns when keepers.csv exists. */
export function keeperSection(run: RunData): string {
  const f = runFormat(run);
  const actors = run.summary.actors;
  const rows = actors.map((a) => [
    a.actor,
    count(a.liquidations),
    f.debt(a.debtRepaid),
    f.coll(a.collateralSeized),
    f.debt(a.saleProceeds),
    f.debt(a.grossProfit),
    f.debt(a.gasCost),
    f.coll(a.unsoldCollateral),
  ]);
  const base = actors.length
    ? gridTable(
        [
          "actor",
          "liquidations",
          "debt repaid",
          "collateral seized",
          "sale proceeds",
          "gross profit",
          "gas cost",
          "unsold collateral",
        ],
        rows,
        "keeper-table",
      )
    : `<p>No liquidations in this run.</p>`;
  return `<section id="keepers"><h2>Per keeper</h2>
<p class="note">Each actor that landed a liquidation; gross profit is realized (sale proceeds − debt repaid), gas cost is that of the transactions that landed.</p>
${base}</section>`;
}

/** The gas-war section: dissipation, the per-keeper bidding table and the bids chart. */
export function gasWarSection(run: RunData, bidsChart: Chart | undefined): string {
  const g = run.gasWar;
  if (!g) return "";
  const f = runFormat(run);
  const keepers = (run.keepers ?? []).map((k: Row) => [
    String(k.keeper),
    count(k.opportunities),
    count(k.bids),
    count(k.replacements),
    count(k.wins),
    count(k.losses),
    count(k.gas_in_losses),
    f.debt(k.priority_fees),
    f.debt(k.gross_profit),
    f.debt(k.net_profit),
  ]);
  const facts: Cells[] = [
    ["dissipation", pct(g.dissipation as number | null, 1), "priority fees ÷ keepers' gross liquidation profit"],
    ["priority fees / gross profit", `${f.debt(g.priorityFees as string)} / ${f.debt(g.grossProfit as string)}`],
    ["first bids / replacements (raises)", `${count(g.bids as number)} / ${count(g.replacements as number)}`],
    ["failed transactions, gas they burnt", `${count(g.failedTxs as number)}, ${count(g.wastedGas as string)} gas`],
    ["median winning bid", g.medianWinningBidGwei === null ? "–" : `${price(g.medianWinningBidGwei as number)} gwei`],
    ["median raise", g.medianRaisePct === null ? "–" : `${(g.medianRaisePct as number).toFixed(1)}%`],
    [
      "mean blocks to liquidation",
      g.meanBlocksToLiquidation === null ? "–" : (g.meanBlocksToLiquidation as number).toFixed(1),
    ],
  ];
  return `<section id="gas-war"><h2>Gas war</h2>
${table("Competition", facts, "gas-war-facts")}
${keepers.length ? gridTable(["keeper", "opportunities", "bids", "raises", "wins", "losses", "gas in losses", "priority fees", "gross profit", "net profit"], keepers, "gas-war-keepers") : ""}
${bidsChart ? `<figure id="bids">\n${bidsChart.svg.trim()}\n</figure>` : ""}</section>`;
}

export function attackSection(run: RunData): string {
  const a = run.attack;
  if (!a) return "";
  const f = runFormat(run);
  const n = (k: string) => (typeof a[k] === "number" ? (a[k] as number) : null);
  const rows: Cells[] = [
    ["mode, oracle", `${String(a.mode)}, ${String(a.oracle)}`],
    ["starts at block", count(n("atBlock"))],
    [
      "oracle drop needed",
      n("requiredDropPct") === null ? "–" : `${n("requiredDropPct")!.toFixed(2)}%`,
      "for the richest reachable victim",
    ],
    ["planned victims / liquidated", `${count(n("plannedVictims"))} / ${count(n("positionsLiquidated"))}`],
    ["transactions / reverted", `${count(n("transactions"))} / ${count(n("reverted"))}`],
    ["revert reason", a.revertReason === null || a.revertReason === undefined ? "–" : String(a.revertReason)],
    [
      "debt repaid / collateral seized",
      `${f.tokens(n("debtRepaid"))} / ${amount(n("collateralSeized"), f.collSymbol)}`,
    ],
    ["gross profit", f.tokens(n("grossProfit")), "valued at the external price"],
    [
      "swap fees / price impact / gas",
      `${f.tokens(n("swapFees"))} / ${f.tokens(n("priceImpact"))} / ${f.tokens(n("gasCost"))}`,
    ],
    ["net profit", f.tokens(n("netProfit"))],
    [
      "lowest oracle price read",
      n("manipulatedPrice") === null ? "–" : `${price(n("manipulatedPrice"))} ${f.debtSymbol}`,
    ],
    ["prize estimate", f.tokens(n("prizeEstimate"))],
  ];
  return `<section id="attack"><h2>Oracle-manipulation attack</h2>\n${table("Attacker", rows, "attack-table")}</section>`;
}

export function riskSection(run: RunData): string {
  const r = run.summary.riskControls;
  const hasBreaker = run.blocks.some((b) => b.breaker_tripped !== null && b.breaker_tripped !== undefined);
  const moving = (col: string) => new Set(run.blocks.map((b) => b[col]).filter((v) => v !== null)).size > 1;
  const hasDynamic = moving("liquidation_threshold") || moving("ltv");
  const stale = run.blocks.filter((b) => b.oracle_stale === 1).length;
  if (!hasBreaker && !hasDynamic && stale === 0) return "";
  const rows: Cells[] = [];
  if (hasBreaker)
    rows.push([
      "blocks with the breaker tripped",
      count(r.breakerTrippedBlocks),
      "liquidations paused (grey band on the charts)",
    ]);
  if (r.minLiquidationThreshold !== null)
    rows.push(["lowest liquidation threshold", pct(r.minLiquidationThreshold, 1)]);
  if (hasDynamic && r.minLtv !== null) rows.push(["lowest loan-to-value", pct(r.minLtv, 1)]);
  if (stale) rows.push(["blocks with a stale oracle answer", count(stale), "actions refused (maxPriceAge)"]);
  return `<section id="risk-controls"><h2>Risk controls</h2>\n${table("Controls in force", rows, "risk-table")}</section>`;
}

export function lendersSection(run: RunData): string {
  const groups = Object.entries(run.summary.lenders ?? {});
  if (groups.length === 0) return "";
  const f = runFormat(run);
  const rows = groups.map(([key, g]) => [
    key,
    g.market,
    f.debt(g.supplied),
    f.debt(g.endClaim),
    f.debt(g.withdrawn),
    `${f.debt(g.loss)} (${g.lossPct.toFixed(3)}%)`,
    pct(g.worstWithdrawable, 1),
    pct(g.worstProRata, 1),
    g.firstWithdrawalBlock === null ? "–" : String(g.firstWithdrawalBlock),
  ]);
  return `<section id="lenders"><h2>Lender groups</h2>
<p>Each group's loss is what it supplied less its claim at the end and what it withdrew (negative: interest earned).</p>
${gridTable(["group", "market", "supplied", "claim at the end", "withdrawn", "loss", "worst withdrawable", "worst pro rata", "first withdrawal block"], rows, "lenders-table")}</section>`;
}

/** What each file of a run holds (unknown files are listed by name). */
export const FILE_NOTES: Record<string, string> = {
  "report.html": "this report",
  "summary.json": "every measure (amounts in base units)",
  "scenario.json": "the resolved scenario (reproduces the run)",
  "blocks.csv": "one row per block: prices, liquidations, gas, health buckets",
  "liquidations.csv": "one row per liquidation",
  "positions.csv": "every position at the start and the end",
  "attack.json": "the oracle attacker's outcome",
  "gas-war.json": "gas-war summary and per-keeper results",
  "bids.csv": "every priority-fee bid with its outcome",
  "keepers.csv": "per-keeper bidding results",
  "methods.csv": "gas per contract method",
  "sweep.csv": "one row per number of competing keepers",
  "systemic.csv":
    "one row per block and market (and the system, *): liquidations, bad debt, debt, collateral value, leverage",
  "collateral-at-risk.csv": "debt and collateral below health 1 per % drop of each asset, per market and system-wide",
};

export function filesSection(files: readonly string[]): string {
  const items = files.map((f) => {
    const note = FILE_NOTES[f] ?? (f.endsWith(".svg") ? "chart" : "");
    return `<li><a href="${encodeURI(f)}">${h(f)}</a>${note ? ` — ${h(note)}` : ""}</li>`;
  });
  return `<section id="files"><h2>Files of this run</h2><ul class="files">${items.join("")}</ul></section>`;
}

export interface ReportInput {
  run: RunData;
  charts: readonly Chart[];
  generatedAt: string;
  /** The measures whose rows fill the summary tables (default: the registry). */
  measures?: readonly Measure[];
}

export function renderReport({ run, charts, generatedAt, measures = MEASURES }: ReportInput): string {
  const sc = run.scenario;
  const title = `Cascade Lab — ${run.gasWar ? "gas war on " : ""}${sc.name} (seed ${sc.seed})`;
  const description = (sc as { description?: string }).description;
  const blockCharts = charts.filter((c) => c.file !== "" && c.section === undefined);
  const bids = charts.find((c) => c.file === "" && c.title === "Gas-war bids");
  const figures = blockCharts.map((c) => `<figure id="${h(c.file)}">\n${c.svg.trim()}\n</figure>`).join("\n");
  const scenario = h(JSON.stringify(sc, null, 2));
  const sections = [
    summaryTables(run, measures),
    baselineSection(run),
    keeperSection(run),
    gasWarSection(run, bids),
    attackSection(run),
    riskSection(run),
    lendersSection(run),
    derivativesSection(run.summary.derivatives),
    systemSection(
      run,
      charts.filter((c) => c.section === "system"),
    ),
  ].filter(Boolean);
  const nav = [
    "summary",
    "baseline",
    "keepers",
    "gas-war",
    "attack",
    "risk-controls",
    "lenders",
    "derivatives",
    "system",
    "charts",
    "files",
  ]
    .filter(
      (id) => id === "summary" || id === "charts" || id === "files" || sections.some((s) => s.includes(`id="${id}"`)),
    )
    .map((id) => `<a href="#${id}">${id.replace("-", " ")}</a>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p class="meta">${h(`${count(run.summary.blocks)} blocks · ${count(sc.borrowers.count)} borrowers · ${sc.tokens.collateral.symbol} collateral, ${sc.tokens.debt.symbol} debt · generated ${generatedAt}`)}</p>
<p class="headline" id="headline">${h(headline(run))}</p>
${description ? `<p class="description">${h(description)}</p>` : ""}
<nav>${nav}</nav>
<section id="summary"><h2>Summary</h2>
${sections[0]}</section>
${sections.slice(1).join("\n")}
<section id="charts"><h2>Charts</h2>
<p class="note">Red dashed line: the shock. Amber band: the cascade window (first to last liquidation). Grey band: circuit breaker tripped.</p>
${figures}</section>
${filesSection(run.files)}
<details><summary>Scenario (resolved)</summary><pre>${scenario}</pre></details>
</body>
</html>
`;
}
