/** The gas-war report: summary of competition, bids.csv, keepers.csv, methods.csv and charts. */
import type { RunResult } from "../sim/engine";
import { median, type BidRecord, type KeeperStats, type MethodGas } from "../sim/bids";
import { toCsv } from "./csv";
import { lineChart, type Series } from "./svg";

export interface GasWarSummary {
  keepers: number;
  /** Priority fees ÷ keepers' gross liquidation profit (null when there was no profit). */
  dissipation: number | null;
  /** Gas burnt by keepers' reverted transactions. */
  wastedGas: bigint;
  failedTxs: number;
  bids: number;
  replacements: number;
  medianWinningBidGwei: number | null;
  medianRaisePct: number | null;
  meanBlocksToLiquidation: number | null;
  liquidations: number;
  grossProfit: bigint;
  priorityFees: bigint;
}

export function gasWarSummary(r: RunResult): GasWarSummary {
  const bids = r.bids;
  return {
    keepers: r.keeperStats.filter((k) => k.bids > 0 || k.opportunities > 0).length,
    dissipation: r.summary.keepers.feeShareOfProfit,
    wastedGas: r.summary.keepers.gasWasted,
    failedTxs: bids.filter((b) => b.outcome === "reverted").length,
    bids: bids.filter((b) => b.raisePct === null).length,
    replacements: bids.filter((b) => b.raisePct !== null).length,
    medianWinningBidGwei: median(bids.filter((b) => b.outcome === "won").map((b) => b.priorityFeeGwei)),
    medianRaisePct: median(bids.filter((b) => b.raisePct !== null).map((b) => b.raisePct as number)),
    meanBlocksToLiquidation: r.summary.timeToLiquidation.meanBlocks,
    liquidations: r.summary.liquidations.count,
    grossProfit: r.summary.keepers.grossProfit,
    priorityFees: r.summary.keepers.priorityFees,
  };
}

export const bidsCsv = (bids: readonly BidRecord[]) =>
  toCsv<BidRecord>(
    [
      ["block", (b) => b.block],
      ["round", (b) => b.round],
      ["keeper", (b) => b.keeper],
      ["borrower", (b) => b.borrower],
      ["kind", (b) => b.kind],
      ["priority_fee_gwei", (b) => b.priorityFeeGwei],
      ["raise_pct", (b) => b.raisePct],
      ["outcome", (b) => b.outcome],
      ["gas_used", (b) => b.gasUsed],
      ["hash", (b) => b.hash],
    ],
    bids,
  );

export const keepersCsv = (keepers: readonly KeeperStats[]) =>
  toCsv<KeeperStats>(
    [
      ["keeper", (k) => k.keeper],
      ["opportunities", (k) => k.opportunities],
      ["bids", (k) => k.bids],
      ["replacements", (k) => k.replacements],
      ["wins", (k) => k.wins],
      ["losses", (k) => k.losses],
      ["gas_in_wins", (k) => k.gasInWins],
      ["gas_in_losses", (k) => k.gasInLosses],
      ["priority_fees", (k) => k.priorityFees],
      ["gas_cost", (k) => k.gasCost],
      ["gross_profit", (k) => k.grossProfit],
      ["net_profit", (k) => k.netProfit],
    ],
    keepers,
  );

export const methodsCsv = (methods: readonly MethodGas[]) =>
  toCsv<MethodGas>(
    [
      ["method", (m) => m.method],
      ["calls", (m) => m.calls],
      ["failed", (m) => m.failed],
      ["min_gas", (m) => m.min],
      ["max_gas", (m) => m.max],
      ["avg_gas", (m) => m.avg],
    ],
    methods,
  );

/** Each keeper's bids in order (first bids and raises), in gwei. */
export function bidsChart(bids: readonly BidRecord[]): string {
  const byKeeper = new Map<string, number[]>();
  for (const b of bids) byKeeper.set(b.keeper, [...(byKeeper.get(b.keeper) ?? []), b.priorityFeeGwei]);
  const series: Series[] = [...byKeeper.entries()].map(([name, values]) => ({ name, values }));
  return lineChart(series.length ? series : [{ name: "no bids", values: [0] }], {
    title: "Bids over rounds (each keeper's bids in order)",
    xLabel: "bid number",
    yLabel: "priority fee (gwei)",
  });
}

export interface SweepRow {
  keepers: number;
  summary: GasWarSummary;
}

export const sweepCsv = (rows: readonly SweepRow[]) =>
  toCsv<SweepRow>(
    [
      ["keepers", (r) => r.keepers],
      ["dissipation", (r) => r.summary.dissipation],
      ["wasted_gas", (r) => r.summary.wastedGas],
      ["failed_txs", (r) => r.summary.failedTxs],
      ["replacements", (r) => r.summary.replacements],
      ["median_winning_bid_gwei", (r) => r.summary.medianWinningBidGwei],
      ["median_raise_pct", (r) => r.summary.medianRaisePct],
      ["mean_blocks_to_liquidation", (r) => r.summary.meanBlocksToLiquidation],
      ["liquidations", (r) => r.summary.liquidations],
    ],
    rows,
  );

export function sweepChart(rows: readonly SweepRow[]): string {
  return lineChart(
    [{ name: "priority fees ÷ gross profit (%)", values: rows.map((r) => (r.summary.dissipation ?? 0) * 100) }],
    {
      title: `Dissipation vs competitors (${rows.map((r) => r.keepers).join(", ")} PGA keepers)`,
      xLabel: "run (keepers as in the title)",
      yLabel: "percent of gross profit",
    },
  );
}

/** The terminal summary of one gas-war run. */
export function formatGasWar(s: GasWarSummary, r: RunResult, dir: string): string {
  const d = r.scenario.tokens.debt;
  const money = (v: bigint) => `${(Number(v) / 10 ** d.decimals).toFixed(2)} ${d.symbol}`;
  const lines = [
    `keepers ${s.keepers}, liquidations ${s.liquidations}, bids ${s.bids}, replacements ${s.replacements}, failed ${s.failedTxs}`,
    `dissipation (priority fees ÷ gross profit): ${s.dissipation === null ? "n/a" : (s.dissipation * 100).toFixed(2) + "%"}` +
      ` (${money(s.priorityFees)} of ${money(s.grossProfit)})`,
    `gas wasted on failed transactions: ${s.wastedGas}`,
    `median winning bid: ${s.medianWinningBidGwei ?? "n/a"} gwei; median raise: ${s.medianRaisePct?.toFixed(1) ?? "n/a"}%`,
    "",
    "keeper                          opps  bids  raises  wins  losses  fees          net profit",
    ...r.keeperStats.map(
      (k) =>
        `${k.keeper.padEnd(30)} ${String(k.opportunities).padStart(5)} ${String(k.bids).padStart(5)} ${String(k.replacements).padStart(7)} ${String(k.wins).padStart(5)} ${String(k.losses).padStart(7)}  ${money(k.priorityFees).padEnd(13)} ${money(k.netProfit)}`,
    ),
    "",
    `report: ${dir}`,
  ];
  return lines.join("\n") + "\n";
}
