/**
 * The files of a two-chain run (`npx hardhat cascade --scenario chains/<name>`): the scenario as run, summary.json
 * (each chain's outcome, the contagion measures, the counterfactual without the crash), ticks.csv (one row per tick
 * of the shared clock), liquidations.csv (both chains), prices.svg and report.html. Nothing depends on the wall
 * clock: the same scenario and seed give the same bytes (only the run folder's name carries the time).
 */
import type { ContagionSpec } from "./contagion/spec";
import type { ChainOutcome, ContagionResult } from "./contagion/run";
import { escapeXml, lineChart } from "../report/svg";

const round = (x: number) => Math.round(x * 100) / 100;

/** The contagion measures: what the crash on A did to B (the run minus the same run without the crash). */
export interface ContagionMeasures {
  /** Seconds after the start of the first liquidation on each chain (null = none). */
  readonly firstLiquidationOnASec: number | null;
  readonly firstLiquidationOnBSec: number | null;
  /** First on B minus first on A, seconds (negative: B first); null if either had none. */
  readonly firstLiquidationDelaySec: number | null;
  /** Recognised bad debt on B caused by A, whole stablecoins. */
  readonly badDebtOnBCausedByA: number;
  /** Debt on B not covered by collateral at B's AMM at the end, caused by A, whole stablecoins. */
  readonly underwaterOnBCausedByA: number;
  /** Liquidations on B caused by A. */
  readonly liquidationsOnBCausedByA: number;
}

export interface ChainRunSummary {
  readonly scenario: string;
  readonly description: string;
  readonly seed: string;
  readonly chains: readonly (ChainOutcome & {
    readonly name: string;
    readonly chainId: number;
    readonly blockTimeSec: number;
    readonly blocks: number;
  })[];
  readonly contagion: ContagionMeasures;
  readonly whale: ContagionResult["whale"];
  readonly bridge: ContagionResult["bridge"];
  readonly systemRisk: ContagionResult["systemRisk"];
  readonly ticks: number;
  /** The same scenario without the crash on A. */
  readonly withoutCrash: { readonly A: ChainOutcome; readonly B: ChainOutcome };
}

export function contagionMeasures(withCrash: ContagionResult, noCrash: ContagionResult): ContagionMeasures {
  return {
    firstLiquidationOnASec: withCrash.A.firstLiquidationSec,
    firstLiquidationOnBSec: withCrash.B.firstLiquidationSec,
    firstLiquidationDelaySec: withCrash.firstLiquidationDelaySec,
    badDebtOnBCausedByA: round(withCrash.B.badDebt - noCrash.B.badDebt),
    underwaterOnBCausedByA: round(withCrash.B.underwater - noCrash.B.underwater),
    liquidationsOnBCausedByA: withCrash.B.liquidations - noCrash.B.liquidations,
  };
}

export function chainRunSummary(
  name: string,
  description: string,
  spec: ContagionSpec,
  withCrash: ContagionResult,
  noCrash: ContagionResult,
): ChainRunSummary {
  const last = withCrash.records.ticks[withCrash.records.ticks.length - 1];
  const blocks = { A: last?.blockA ?? 0, B: last?.blockB ?? 0 };
  return {
    scenario: name,
    description,
    seed: spec.seed,
    chains: (["A", "B"] as const).map((k, i) => ({
      name: spec.chains[i].name,
      chainId: spec.chains[i].chainId,
      blockTimeSec: spec.chains[i].blockTimeSec,
      blocks: blocks[k],
      ...withCrash[k],
    })),
    contagion: contagionMeasures(withCrash, noCrash),
    whale: withCrash.whale,
    bridge: withCrash.bridge,
    systemRisk: withCrash.systemRisk,
    ticks: withCrash.ticks,
    withoutCrash: { A: noCrash.A, B: noCrash.B },
  };
}

const csv = (header: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";

export function ticksCsv(r: ContagionResult): string {
  return csv(
    ["sec", "mined", "block_a", "block_b", "price_a", "price_b", "threshold_a", "threshold_b"],
    r.records.ticks.map((t) => [
      t.sec,
      t.mined.join("+"),
      t.blockA,
      t.blockB,
      t.priceA,
      t.priceB,
      t.thresholdA,
      t.thresholdB,
    ]),
  );
}

export function liquidationsCsv(r: ContagionResult): string {
  return csv(
    ["sec", "chain", "block", "borrower", "repaid", "seized", "proceeds"],
    r.records.liquidations.map((l) => [l.sec, l.chain, l.block, l.borrower, l.repaid, l.seized, l.proceeds]),
  );
}

export function pricesSvg(r: ContagionResult): string {
  return lineChart(
    [
      { name: "A: home AMM", values: r.records.ticks.map((t) => t.priceA) },
      { name: "B: wrapped AMM", values: r.records.ticks.map((t) => t.priceB) },
    ],
    { title: "AMM price on each chain (USDC per token)", xLabel: "tick of the shared clock", yLabel: "USDC" },
  );
}

const fmt = (x: number | null, digits = 0) =>
  x === null ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** report.html: the measures per chain and the contagion, the price chart, links to the data files. */
export function reportHtml(s: ChainRunSummary, svg: string): string {
  const rows: [string, (c: ChainRunSummary["chains"][number]) => string][] = [
    ["chain id", (c) => String(c.chainId)],
    ["block time (s)", (c) => String(c.blockTimeSec)],
    ["blocks mined in the run", (c) => fmt(c.blocks)],
    ["liquidations", (c) => fmt(c.liquidations)],
    ["first liquidation (s after start)", (c) => fmt(c.firstLiquidationSec)],
    ["debt repaid by liquidations (USDC)", (c) => fmt(c.repaid)],
    ["bad debt recognised (USDC)", (c) => fmt(c.badDebt)],
    ["underwater at the end, AMM price (USDC)", (c) => fmt(c.underwater)],
    ["skipped: the sale would not pay", (c) => fmt(c.unprofitableSkips)],
    ["lowest AMM price (USDC)", (c) => fmt(c.minAmmPrice)],
    ["lowest liquidation threshold", (c) => fmt(c.minThreshold, 3)],
  ];
  const head = s.chains.map((c) => `<th>${escapeXml(c.name)}</th>`).join("");
  const body = rows
    .map(([label, f]) => `<tr><td>${label}</td>${s.chains.map((c) => `<td>${f(c)}</td>`).join("")}</tr>`)
    .join("\n");
  const m = s.contagion;
  const w = s.whale;
  const measures: [string, string][] = [
    ["first liquidation on B − first on A (s)", fmt(m.firstLiquidationDelaySec)],
    ["bad debt on B caused by A (USDC)", fmt(m.badDebtOnBCausedByA)],
    ["underwater debt on B caused by A (USDC)", fmt(m.underwaterOnBCausedByA)],
    ["liquidations on B caused by A", fmt(m.liquidationsOnBCausedByA)],
    [
      "shared whale",
      w
        ? `pulled ${fmt(w.pulled, 1)} tokens from B at ${fmt(w.pulledAtSec)} s; ${
            w.depositedAtSec === null ? "not home by the end" : `home at ${fmt(w.depositedAtSec)} s`
          }${w.liquidatedOnA ? "; liquidated on A" : ""}${w.liquidatedOnB ? "; liquidated on B" : ""}`
        : "none",
    ],
    [
      "bridge books",
      `${s.bridge.conserved ? "balance" : "DO NOT BALANCE"}; in flight ${fmt(s.bridge.inFlightOut, 2)} out, ${fmt(
        s.bridge.inFlightBack,
        2,
      )} back`,
    ],
    [
      "systemic-risk oracle",
      s.systemRisk ? `${s.systemRisk.readings} readings, most at risk ${fmt(s.systemRisk.maxAtRiskShare, 3)}` : "off",
    ],
  ];
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeXml(s.scenario)} (seed ${escapeXml(s.seed)})</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}</style>
</head><body>
<h1>${escapeXml(s.scenario)} — two chains, seed ${escapeXml(s.seed)}</h1>
<p>${escapeXml(s.description)}</p>
<p>${s.ticks} ticks of the shared clock. "Caused by A": this run minus the same scenario without the crash on A.</p>
<h2>Each chain</h2>
<table><tr><th></th>${head}</tr>
${body}
</table>
<h2>Contagion</h2>
<table>
${measures.map(([k, v]) => `<tr><td>${k}</td><td>${escapeXml(v)}</td></tr>`).join("\n")}
</table>
<h2>Prices</h2>
${svg}
<p>Data: <a href="summary.json">summary.json</a>, <a href="ticks.csv">ticks.csv</a>,
<a href="liquidations.csv">liquidations.csv</a>, <a href="scenario.json">scenario.json</a>.</p>
</body></html>
`;
}
