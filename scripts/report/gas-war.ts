/** The gas-war report: summary of competition, bids.csv, keepers.csv, methods.csv and charts. */
import type { RunResult } from "../sim/engine";
import { median, type BidRecord, type KeeperStats, type MethodGas } from "../sim/bids";
import { toCsv } from "./csv";
import { count, fixed, pct, tokens } from "./doc-format";
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

/** The terminal summary of one gas-war run (numbers formatted as `npx hardhat cascade` formats them). */
export function formatGasWar(s: GasWarSummary, r: RunResult, dir: string | null): string {
  const d = r.scenario.tokens.debt;
  const money = (v: bigint) => tokens(v, d.decimals, d.symbol);
  const header = ["keeper", "opps", "bids", "raises", "wins", "losses", "priority fees", "net profit"];
  const rows = r.keeperStats.map((k) => [
    k.keeper,
    count(k.opportunities),
    count(k.bids),
    count(k.replacements),
    count(k.wins),
    count(k.losses),
    money(k.priorityFees),
    money(k.netProfit),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const lines = [
    `keepers ${count(s.keepers)}, liquidations ${count(s.liquidations)}, bids ${count(s.bids)}, ` +
      `replacements ${count(s.replacements)}, failed txs ${count(s.failedTxs)}`,
    `dissipation (priority fees ÷ gross profit): ${pct(s.dissipation)}` +
      ` (${money(s.priorityFees)} of ${money(s.grossProfit)})`,
    `keeper gas in failed txs: ${count(s.wastedGas, "gas")}`,
    `median winning bid: ${s.medianWinningBidGwei === null ? "–" : `${fixed(s.medianWinningBidGwei)} gwei`}; ` +
      `median raise over own bid: ${s.medianRaisePct === null ? "–" : `${fixed(s.medianRaisePct, 1)}%`}`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `report: ${dir === null ? "NOT WRITTEN (see the error below)" : dir}`,
  ];
  return lines.join("\n") + "\n";
}

/** The terminal table of a `--sweep-keepers` run (one row per number of PGA keepers). */
export function formatSweep(rows: readonly SweepRow[], dir: string | null): string {
  const header = [
    "PGA keepers",
    "dissipation",
    "failed txs",
    "gas in failed txs",
    "replacements",
    "median win bid",
    "liquidations",
  ];
  const cells = rows.map((r) => [
    count(r.keepers),
    pct(r.summary.dissipation),
    count(r.summary.failedTxs),
    count(r.summary.wastedGas, "gas"),
    count(r.summary.replacements),
    r.summary.medianWinningBidGwei === null ? "–" : `${fixed(r.summary.medianWinningBidGwei)} gwei`,
    count(r.summary.liquidations),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padStart(widths[i])).join("  ");
  return [line(header), ...cells.map(line), "", `report: ${dir === null ? "NOT WRITTEN (see the error below)" : dir}`]
    .join("\n")
    .concat("\n");
}
