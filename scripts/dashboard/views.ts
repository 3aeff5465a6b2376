/**
 * The dashboard's views, built on the server from the folder (pure): each is a title, a short explanation and a
 * list of blocks — HTML tables (numbers formatted here) and Vega-Lite specs the browser renders to SVG.
 */
import type { TopLevelSpec } from "vega-lite";
import { amount, count, pct, times } from "../report/doc-format";
import { gridTable, headline, runFormat } from "../report/html";
import { num, units, type RunData } from "../report/run-data";
import { escapeXml } from "../report/svg";
import { barsSpec, scatterLinesSpec, seriesSpec, spansDecades, type Point } from "../report/specs";
import type { Folder } from "./folder";
import { curveFromPositions, leverageOverTime } from "./measures";

export type Block = { kind: "html"; html: string } | { kind: "chart"; id: string; spec: TopLevelSpec };

export interface View {
  id: string;
  title: string;
  intro: string;
  blocks: Block[];
}

export const VIEWS = [
  ["runs", "Runs"],
  ["curve", "Liquidation at price"],
  ["leverage", "Leverage"],
  ["markets", "Bad debt by market"],
  ["keepers", "Keepers"],
  ["compare", "Compare two runs"],
  ["var", "VaR / LaR (sweeps)"],
] as const;
export type ViewId = (typeof VIEWS)[number][0];

const h = escapeXml;
const html = (text: string): Block => ({ kind: "html", html: text });
const chart = (id: string, spec: TopLevelSpec): Block => ({ kind: "chart", id, spec });
/** A market's label: collateral/debt and the run folder. */
export const market = (r: RunData) =>
  `${r.scenario.tokens.collateral.symbol}/${r.scenario.tokens.debt.symbol} · ${r.name}`;
const debtOf = (r: RunData, v: string | number | null | undefined) => units(v ?? 0, r.scenario.tokens.debt.decimals);

const EMPTY = (dir: string) =>
  html(
    `<p class="empty">No runs in <code>${h(dir)}</code>. Make one with <code>npx hardhat cascade --out ${h(dir)}</code>.</p>`,
  );

function runsView(f: Folder): View {
  const rows = f.runs.map((r) => {
    const s = r.summary;
    const fmt = runFormat(r);
    return [
      r.name,
      `${r.scenario.name} / ${r.scenario.seed}`,
      count(s.blocks),
      pct(s.exogenousShock, 1),
      pct(s.ammPeakDrawdown, 1),
      times(s.amplification),
      count(s.liquidations.count),
      fmt.debt(s.badDebt),
      fmt.debt(s.keepers.grossProfit),
    ];
  });
  const links = f.runs
    .map((r) => `<li><a href="runs/${encodeURIComponent(r.name)}/report.html">${h(r.name)}</a>: ${h(headline(r))}</li>`)
    .join("");
  const sweeps = f.sweeps.length
    ? `<p>Sweeps: ${f.sweeps.map((s) => `<code>${h(s.name)}</code>`).join(", ")} (see VaR / LaR).</p>`
    : "";
  const problems = f.problems.length
    ? `<p class="problems">Not read: ${f.problems.map((p) => h(p)).join("; ")}</p>`
    : "";
  return {
    id: "runs",
    title: "Runs",
    intro: `Every run folder in ${f.dir}: the headline numbers, and each run's full report.`,
    blocks: f.runs.length
      ? [
          html(
            gridTable(
              [
                "run",
                "scenario / seed",
                "blocks",
                "shock",
                "AMM drawdown",
                "amplification",
                "liquidations",
                "bad debt",
                "keeper gross profit",
              ],
              rows,
              "runs-table",
            ),
          ),
          html(`<ul class="headlines">${links}</ul>${sweeps}${problems}`),
        ]
      : [EMPTY(f.dir), html(sweeps + problems)],
  };
}

const DROPS = Array.from({ length: 61 }, (_, i) => i);

function curveView(f: Folder): View {
  const withPositions = f.runs.filter((r) => r.positions);
  const points: Point[] = [];
  const rows: string[][] = [];
  for (const r of withPositions) {
    const curve = curveFromPositions(r, DROPS);
    for (const c of curve) points.push({ x: c.dropPct, y: c.debt, series: market(r) });
    const at = (d: number) => curve.find((c) => c.dropPct === d)!;
    const fmt = runFormat(r);
    rows.push([market(r), ...[10, 20, 30, 50].map((d) => `${fmt.tokens(at(d).debt)} (${count(at(d).positions)})`)]);
  }
  return {
    id: "curve",
    title: "Liquidation at price",
    intro:
      "Debt that becomes liquidatable as the collateral price falls, per asset and market, from each run's positions at the start (positions.csv): a position at health h is liquidatable once the price is down by more than 1 − 1/h.",
    blocks: withPositions.length
      ? [
          chart(
            "curve",
            scatterLinesSpec(points, {
              title: "Debt liquidatable at each price drop",
              xTitle: "collateral price drop from the start (%)",
              yTitle: "debt liquidatable (debt tokens)",
              series: withPositions.map(market),
            }),
          ),
          html(gridTable(["market", "at −10%", "at −20%", "at −30%", "at −50%"], rows, "curve-table")),
          html('<p class="note">Cells: debt liquidatable (positions).</p>'),
        ]
      : [f.runs.length ? html('<p class="empty">No run here has positions.csv.</p>') : EMPTY(f.dir)],
  };
}

/** A loan-to-value: one decimal below 1,000%, separators above (a collateral gone to ~0 gives millions). */
const ltvText = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : x >= 10 ? `${count(100 * x)}%` : pct(x, 1);

function leverageView(f: Folder): View {
  const points: Point[] = [];
  const rows: string[][] = [];
  const runs = f.runs.filter((r) => r.positions);
  for (const r of runs) {
    const l = leverageOverTime(r);
    for (const p of l) points.push({ x: p.block, y: p.ltv === null ? null : 100 * p.ltv, series: market(r) });
    const first = l[0];
    const peak = l.reduce((a, p) => ((p.ltv ?? 0) > (a.ltv ?? 0) ? p : a), first);
    const last = l[l.length - 1];
    rows.push([
      market(r),
      ltvText(first?.ltv),
      `${ltvText(peak?.ltv)} (block ${peak?.block ?? "–"})`,
      ltvText(last?.ltv),
    ]);
  }
  return {
    id: "leverage",
    title: "Aggregate leverage",
    intro:
      "Aggregate loan-to-value per market over the blocks: Σ debt ÷ Σ collateral at the external price, where debt is the starting debt less what liquidations repaid and bad debt wrote off, and collateral the starting collateral less what was seized (interest accrued during the run is not included).",
    blocks: runs.length
      ? [
          chart(
            "leverage",
            seriesSpec(points, {
              title: `Aggregate loan-to-value${
                spansDecades(
                  points.map((p) => p.y),
                  2,
                )
                  ? " (log scale)"
                  : ""
              }`,
              yTitle: "debt ÷ collateral value (%)",
              series: runs.map(market),
              // A market whose collateral went to ~0 (LUNA) runs to millions of percent: log keeps the others visible.
              log: spansDecades(
                points.map((p) => p.y),
                2,
              ),
            }),
          ),
          html(gridTable(["market", "start", "peak", "end"], rows, "leverage-table")),
        ]
      : [EMPTY(f.dir)],
  };
}

function marketsView(f: Folder): View {
  const bad = f.runs.map((r) => ({
    label: market(r),
    value: debtOf(r, r.summary.badDebt),
    group: "bad debt written off",
  }));
  const under = f.runs.map((r) => ({
    label: market(r),
    value: debtOf(r, r.summary.underwaterAtEnd.shortfall),
    group: "under water at the end (unrealized)",
  }));
  const liq = f.runs.map((r) => ({ label: market(r), value: r.summary.liquidations.count, group: "liquidations" }));
  const rows = f.runs.map((r) => {
    const fmt = runFormat(r);
    const groups = Object.entries(r.summary.lenders ?? {});
    return [
      market(r),
      count(r.summary.liquidations.count),
      fmt.debt(r.summary.liquidations.debtRepaid),
      fmt.debt(r.summary.badDebt),
      fmt.debt(r.summary.underwaterAtEnd.shortfall),
      groups.length ? groups.map(([key, g]) => `${key} ${fmt.debt(g.loss)}`).join(", ") : "–",
    ];
  });
  return {
    id: "markets",
    title: "Bad debt and liquidations by market",
    intro: "Losses and liquidations per market (run), in each market's debt token.",
    blocks: f.runs.length
      ? [
          chart(
            "bad-debt",
            barsSpec([...bad, ...under], {
              title: "Bad debt by market",
              xTitle: "debt tokens",
              groups: ["bad debt written off", "under water at the end (unrealized)"],
            }),
          ),
          chart("liquidations", barsSpec(liq, { title: "Liquidations by market", xTitle: "liquidations" })),
          html(
            gridTable(
              ["market", "liquidations", "debt repaid", "bad debt", "under water at the end", "lender losses"],
              rows,
              "markets-table",
            ),
          ),
        ]
      : [EMPTY(f.dir)],
  };
}

function keepersView(f: Folder): View {
  const bars: { label: string; value: number; group: string }[] = [];
  const rows: string[][] = [];
  for (const r of f.runs) {
    const fmt = runFormat(r);
    for (const a of r.summary.actors) {
      bars.push({ label: `${a.actor} · ${r.name}`, value: debtOf(r, a.grossProfit), group: r.name });
      rows.push([
        r.name,
        a.actor,
        count(a.liquidations),
        fmt.debt(a.debtRepaid),
        fmt.debt(a.grossProfit),
        fmt.debt(a.gasCost),
      ]);
    }
  }
  const wars = f.runs.filter((r) => r.gasWar);
  const warRows = wars.map((r) => {
    const g = r.gasWar!;
    const fmt = runFormat(r);
    return [
      r.name,
      count(g.keepers as number),
      pct(g.dissipation as number | null, 1),
      fmt.debt(g.priorityFees as string),
      `${count(g.failedTxs as number)} (${count(g.wastedGas as string)} gas)`,
      `${count(g.bids as number)} / ${count(g.replacements as number)}`,
    ];
  });
  const share = f.runs.map((r) => {
    const k = r.summary.keepers;
    return { label: market(r), value: 100 * (k.feeShareOfProfit ?? 0), group: "priority fees ÷ gross profit (%)" };
  });
  return {
    id: "keepers",
    title: "Keeper competition",
    intro:
      "Who liquidated and what it earned, per run; priority fees as a share of keepers' gross profit (dissipation); gas-war runs' bidding.",
    blocks: f.runs.length
      ? [
          chart(
            "keeper-profit",
            barsSpec(bars, {
              title: "Realized gross profit per keeper",
              xTitle: "debt tokens",
              groups: f.runs.map((r) => r.name),
            }),
          ),
          chart(
            "dissipation",
            barsSpec(share, { title: "Dissipation: priority fees ÷ keepers' gross profit", xTitle: "percent" }),
          ),
          html(
            gridTable(
              ["run", "keeper", "liquidations", "debt repaid", "gross profit", "gas cost"],
              rows,
              "keepers-table",
            ),
          ),
          ...(wars.length
            ? [
                html(
                  gridTable(
                    ["gas-war run", "keepers", "dissipation", "priority fees", "failed txs", "bids / raises"],
                    warRows,
                    "gas-war-table",
                  ),
                ),
              ]
            : []),
        ]
      : [EMPTY(f.dir)],
  };
}

/** Two runs side by side: key figures, A − B, and their prices and cumulative liquidations and bad debt. */
function compareView(f: Folder, a?: string, b?: string): View {
  const pick = (name: string | undefined, fallback: number) =>
    f.runs.find((r) => r.name === name) ?? f.runs[fallback] ?? f.runs[0];
  const A = pick(a, 0);
  const B = pick(b, 1);
  const options = (sel: RunData | undefined, which: string) =>
    `<label>${which} <select name="${which}">${f.runs
      .map((r) => `<option value="${h(r.name)}"${r === sel ? " selected" : ""}>${h(r.name)}</option>`)
      .join("")}</select></label>`;
  if (!A || !B) return { id: "compare", title: "Compare two runs", intro: "", blocks: [EMPTY(f.dir)] };
  const figures: [string, (r: RunData) => number | null, (r: RunData, x: number | null) => string][] = [
    ["exogenous shock", (r) => r.summary.exogenousShock, (_r, x) => pct(x, 1)],
    ["AMM peak drawdown", (r) => r.summary.ammPeakDrawdown, (_r, x) => pct(x, 1)],
    ["amplification (peak)", (r) => r.summary.amplification, (_r, x) => times(x)],
    ["amplification (settled)", (r) => r.summary.amplificationSettled, (_r, x) => times(x)],
    ["liquidations", (r) => r.summary.liquidations.count, (_r, x) => count(x)],
    [
      "debt repaid",
      (r) => debtOf(r, r.summary.liquidations.debtRepaid),
      (r, x) => amount(x, r.scenario.tokens.debt.symbol),
    ],
    ["bad debt", (r) => debtOf(r, r.summary.badDebt), (r, x) => amount(x, r.scenario.tokens.debt.symbol)],
    [
      "under water at the end",
      (r) => debtOf(r, r.summary.underwaterAtEnd.shortfall),
      (r, x) => amount(x, r.scenario.tokens.debt.symbol),
    ],
    [
      "keeper gross profit",
      (r) => debtOf(r, r.summary.keepers.grossProfit),
      (r, x) => amount(x, r.scenario.tokens.debt.symbol),
    ],
    ["breaker-tripped blocks", (r) => r.summary.riskControls.breakerTrippedBlocks, (_r, x) => count(x)],
  ];
  const rows = figures.map(([label, get, fmt]) => {
    const x = get(A);
    const y = get(B);
    const d = x === null || y === null ? null : y - x;
    const delta = d === null ? "–" : `${d > 0 ? "+" : d < 0 ? "−" : "±"}${fmt(B, Math.abs(d))}`;
    return [label, fmt(A, x), fmt(B, y), delta];
  });
  const names = [`A: ${A.name}`, `B: ${B.name}`];
  const series = (col: string, scale: (r: RunData, v: number) => number, cumulative: boolean) => {
    const out: Point[] = [];
    [A, B].forEach((r, i) => {
      let acc = 0;
      for (const row of r.blocks) {
        const v = scale(r, num(row[col]));
        acc = cumulative ? acc + v : v;
        out.push({ x: num(row.block), y: acc, series: names[i] });
      }
    });
    return out;
  };
  const sameRun = A === B ? '<p class="note">A and B are the same run: pick two.</p>' : "";
  return {
    id: "compare",
    title: "Compare two runs",
    intro: "Two runs side by side (e.g. with and without a control): key figures, B − A, and the runs over the blocks.",
    blocks: [
      html(`<form class="pick" id="compare-form">${options(A, "a")} ${options(B, "b")}</form>${sameRun}`),
      html(gridTable(["", `A: ${A.name}`, `B: ${B.name}`, "B − A"], rows, "compare-table")),
      chart(
        "compare-amm",
        seriesSpec(
          series("amm_price", (_r, v) => v, false),
          { title: "AMM price", yTitle: "debt per collateral", series: names },
        ),
      ),
      chart(
        "compare-liquidations",
        seriesSpec(
          series("liquidations", (_r, v) => v, true),
          { title: "Liquidations (cumulative)", yTitle: "count", series: names },
        ),
      ),
      chart(
        "compare-bad-debt",
        seriesSpec(
          series("total_bad_debt", (r, v) => debtOf(r, v), false),
          { title: "Bad debt written off (cumulative)", yTitle: "debt tokens", series: names },
        ),
      ),
    ],
  };
}

function varView(f: Folder): View {
  const intro =
    "Value at risk from sweeps: for each cell of a sweep (one setting, many seeds), the median, 95th and 99th percentile of each loss measure — bad debt (VaR) and liquidations (LaR). Read from a sweep folder's cells.json.";
  const withCells = f.sweeps.filter((s) => s.cells && s.cells.length);
  if (!withCells.length) {
    const partial = f.sweeps.length
      ? ` (${f.sweeps.map((s) => h(s.name)).join(", ")} ha${f.sweeps.length === 1 ? "s" : "ve"} no cells.json yet)`
      : "";
    return {
      id: "var",
      title: "VaR / LaR",
      intro,
      blocks: [html(`<p class="empty" id="no-sweeps">No sweeps in this folder${partial}.</p>`)],
    };
  }
  const blocks: Block[] = [];
  for (const s of withCells) {
    const figures = ["pBadDebt", "VaR95", "VaR99", "ES95", "LaR95"].filter((k) =>
      s.cells!.some((c) => typeof c.risk[k] === "number"),
    );
    if (figures.length) {
      const fmt = (k: string, x: number | null | undefined) =>
        x === null || x === undefined ? "–" : k === "pBadDebt" ? pct(x, 1) : amount(x, "debt tokens");
      blocks.push(
        html(
          gridTable(
            ["cell", "runs", ...figures.map((k) => RISK_NAMES[k] ?? k)],
            s.cells!.map((c) => [c.cell, count(c.runs), ...figures.map((k) => fmt(k, c.risk[k]))]),
            `risk-table-${s.name}`,
          ),
        ),
      );
    }
    const all = [...new Set(s.cells!.flatMap((c) => Object.keys(c.metrics)))];
    const key = all.filter((m) => ["badDebt", "debtLiquidated", "liquidations"].includes(m));
    const metrics = key.length ? key : all;
    for (const m of metrics) {
      const unit = s.cells!.map((c) => c.metrics[m]?.unit).find(Boolean) ?? "";
      const rows = s.cells!.flatMap((c) =>
        (["p50", "p95", "p99"] as const)
          .filter((p) => typeof c.metrics[m]?.[p] === "number")
          .map((p) => [p, c.metrics[m]![p] as number] as const)
          .map(([p, value]) => ({ label: c.cell, value, group: p === "p50" ? "median" : p })),
      );
      blocks.push(
        chart(
          `var-${s.name}-${m}`,
          barsSpec(rows, { title: `${s.name}: ${m}`, xTitle: unit || m, groups: ["median", "p95", "p99"] }),
        ),
      );
      blocks.push(
        html(
          gridTable(
            ["cell", "runs", "median", "p95", "p99"],
            s.cells!.map((c) => [
              c.cell,
              count(c.runs),
              ...(["p50", "p95", "p99"] as const).map((p) => fmtMetric(c.metrics[m]?.[p], unit)),
            ]),
            `var-table-${s.name}-${m}`,
          ),
        ),
      );
    }
  }
  return { id: "var", title: "VaR / LaR", intro, blocks };
}

const RISK_NAMES: Record<string, string> = {
  pBadDebt: "P(bad debt > 0)",
  VaR95: "VaR 95% (bad debt)",
  VaR99: "VaR 99%",
  ES95: "ES 95%",
  LaR95: "LaR 95% (debt liquidated)",
};

const fmtMetric = (x: number | null | undefined, unit: string) =>
  x === undefined || x === null
    ? "–"
    : unit
      ? amount(x, unit)
      : count(Math.round(x)) === count(x)
        ? count(x)
        : String(Number(x.toPrecision(4)));

export function buildView(f: Folder, id: string, q: { a?: string; b?: string } = {}): View | null {
  switch (id) {
    case "runs":
      return runsView(f);
    case "curve":
      return curveView(f);
    case "leverage":
      return leverageView(f);
    case "markets":
      return marketsView(f);
    case "keepers":
      return keepersView(f);
    case "compare":
      return compareView(f, q.a, q.b);
    case "var":
      return varView(f);
    default:
      return null;
  }
}
