/**
 * report.html's "Markets and the system" section, only for a run of more than one market or asset (summary.json has
 * `system`): per-market and system-wide totals and leverage, leverage and bad debt per market over the blocks
 * (systemic.csv), collateral at risk per % drop per asset (the last book snapshot) and contagion attribution.
 */
import type { TopLevelSpec } from "vega-lite";
import type { SystemSummary } from "../measures/system-run";
import { QUOTED_DROPS_PCT } from "../measures/registry/system";
import { count, pct, times } from "./doc-format";
import { num, units, type RunData } from "./run-data";
import { runFormat } from "./run-format";
import { panelsSpec, scatterLinesSpec, type Point } from "./specs";
import { SYSTEM_ROW } from "./system-csv";
import { escapeXml as h } from "./svg";
import { gridTable } from "./html-table";
import type { Jsonified } from "./run-data";

type SystemJson = Jsonified<SystemSummary>;

/** The summary's `system`, when the run has one. */
export const systemOf = (run: RunData): SystemJson | undefined =>
  (run.summary as { system?: SystemJson }).system ?? undefined;

const scopeLabel = (market: string) => (market === SYSTEM_ROW ? "system" : market);

/** The section's charts: leverage and cumulative bad debt per market over the blocks; debt at risk per % drop. */
export function systemSpecs(run: RunData): { file: string; title: string; spec: TopLevelSpec; section: "system" }[] {
  const sys = systemOf(run);
  if (!sys || !run.systemic) return [];
  const d = run.scenario.tokens.debt;
  const scopes = [...Object.keys(sys.markets), SYSTEM_ROW];
  const series = scopes.map(scopeLabel);
  const points = (value: (r: RunData["blocks"][number]) => number | null): Point[] =>
    run.systemic!.map((r) => ({ x: num(r.block), y: value(r), series: scopeLabel(String(r.market)) }));
  const specs = [
    {
      file: "markets.svg",
      section: "system" as const,
      title: "Leverage and bad debt per market",
      spec: panelsSpec("Per market and system-wide: aggregate leverage and bad debt", [
        {
          points: points((r) => (r.leverage === null ? null : num(r.leverage))),
          options: { title: "Leverage (Σ debt ÷ Σ collateral value at the oracle prices)", yTitle: "ratio", series },
        },
        {
          points: points((r) => units(r.total_bad_debt, d.decimals)),
          options: { title: "Bad debt written off (cumulative)", yTitle: d.symbol, series },
        },
      ]),
    },
  ];
  const last = sys.atRisk[sys.atRisk.length - 1];
  if (last) {
    specs.push({
      file: "collateral-at-risk.svg",
      section: "system",
      title: "Collateral at risk per % drop",
      spec: scatterLinesSpec(
        last.curves.flatMap((c) =>
          c.system.map((p) => ({ x: p.dropPct, y: units(p.debt, d.decimals), series: c.asset })),
        ),
        {
          title: `Debt below health 1 if one asset falls, the others held (all markets, block ${last.block})`,
          xTitle: "drop of the asset's price (%)",
          yTitle: `debt at risk (${d.symbol})`,
          series: last.curves.map((c) => c.asset),
          xFormat: "d",
        },
      ),
    });
  }
  return specs;
}

function atRiskTable(sys: SystemJson, run: RunData): string {
  const last = sys.atRisk[sys.atRisk.length - 1];
  if (!last) return `<p class="note">No book snapshot was recorded: no collateral-at-risk curve.</p>`;
  const f = runFormat(run);
  const drops = QUOTED_DROPS_PCT.filter((x) => last.curves[0]?.system.some((p) => p.dropPct === x));
  const rows = last.curves.flatMap((c) =>
    [...Object.entries(c.markets), [SYSTEM_ROW, c.system] as const].map(([market, points]) => [
      `${c.asset} in ${scopeLabel(market)}`,
      ...drops.map((x) => {
        const p = points.find((q) => q.dropPct === x)!;
        return `${count(p.positions)} · ${f.debt(p.debt)} (${pct(p.debtShare, 1)})`;
      }),
    ]),
  );
  return `<p class="note">Positions, their debt and its share of the scope's debt below health 1 if one asset falls by the given percent, the others held (book at block ${last.block}; every drop in collateral-at-risk.csv).</p>
${gridTable(["asset in", ...drops.map((x) => `−${x}%`)], rows, "system-at-risk")}`;
}

function contagionPart(sys: SystemJson, run: RunData): string {
  const c = sys.contagion;
  if (!c) return `<p class="note">No contagion inputs were recorded: no attribution.</p>`;
  const f = runFormat(run);
  const pairs = c.pairs.map((p) => [
    `${p.source} → ${p.market}`,
    p.source === p.market ? "within market" : "across markets",
    Number.isInteger(p.liquidations) ? count(p.liquidations) : p.liquidations.toFixed(2),
    f.debt(p.debtRepaid),
  ]);
  const markets = Object.keys(sys.markets);
  const causes = markets.map((m) => [
    m,
    count(c.joint[m]?.liquidations ?? 0),
    count(c.exogenous[m]?.liquidations ?? 0),
    count(c.notBelowOne[m]?.liquidations ?? 0),
  ]);
  return `<p class="note">A liquidation in market B is attributed to market A when, without A's forced sales, the oracle prices it was liquidated at would have left it healthy (docs/measures-system.md).</p>
${pairs.length ? gridTable(["forced sales → liquidations in", "kind", "liquidations", "debt repaid"], pairs, "system-contagion") : `<p id="system-contagion">No liquidation was attributed to a market's forced sales.</p>`}
${gridTable(["market", "jointly forced", "exogenous", "not below 1 (inconsistent)"], causes, "system-causes")}`;
}

export function systemSection(run: RunData, charts: readonly { file: string; svg: string }[]): string {
  const sys = systemOf(run);
  if (!sys) return "";
  const f = runFormat(run);
  const lev = (l: SystemJson["system"]["leverage"]) => [
    times(l.start),
    times(l.end),
    l.peak === null ? "–" : `${times(l.peak)} (block ${l.peakBlock})`,
  ];
  const scope = (label: string, t: SystemJson["system"]) => [
    label,
    count(t.liquidations),
    f.debt(t.debtRepaid),
    f.debt(t.badDebt),
    ...lev(t.leverage),
  ];
  const rows = [...Object.entries(sys.markets).map(([id, t]) => scope(id, t)), scope("system", sys.system)];
  const figure = (file: string) => {
    const c = charts.find((x) => x.file === file);
    return c ? `<figure id="${h(file)}">\n${c.svg.trim()}\n</figure>` : "";
  };
  return `<section id="system"><h2>Markets and the system</h2>
<p class="note">Per market and across markets; leverage = Σ debt ÷ Σ collateral value at each market's oracle prices.</p>
${gridTable(["market", "liquidations", "debt repaid", "bad debt", "leverage start", "leverage end", "leverage peak"], rows, "system-markets")}
${figure("markets.svg")}
<h3>Collateral at risk</h3>
${atRiskTable(sys, run)}
${figure("collateral-at-risk.svg")}
<h3>Contagion</h3>
${contagionPart(sys, run)}</section>`;
}
