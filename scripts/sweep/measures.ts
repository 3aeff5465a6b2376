/**
 * The headline measures of one run, as plain numbers (debt amounts in debt tokens), from its RunSummary: what a
 * sweep's runs.csv holds per run and what the cell statistics describe. Bad debt is the market's net loss (gross
 * write-offs less what auction sales recovered); keepers' figures are realized (sales and incentives less repayments,
 * less gas), as in the run's own summary.
 */
import type { RunSummary } from "../sim/metrics";

export const MEASURES = [
  { key: "badDebt", unit: "debt tokens", what: "bad debt written off, net of auction recoveries" },
  { key: "underwaterShortfall", unit: "debt tokens", what: "unrealized bad debt of positions still under water" },
  { key: "liquidations", unit: "count", what: "liquidations (fixed-bonus and auction takes)" },
  { key: "debtLiquidated", unit: "debt tokens", what: "debt repaid by liquidations" },
  { key: "amplification", unit: "ratio", what: "AMM peak drawdown ÷ exogenous shock" },
  { key: "amplificationSettled", unit: "ratio", what: "AMM settled drawdown ÷ exogenous shock" },
  { key: "ammPeakDrawdown", unit: "fraction", what: "AMM peak drawdown" },
  { key: "keepersGrossProfit", unit: "debt tokens", what: "keepers' realized gross profit" },
  { key: "keepersGasCost", unit: "debt tokens", what: "keepers' gas cost" },
  { key: "keepersNetProfit", unit: "debt tokens", what: "keepers' realized net profit (gross − gas)" },
  { key: "cascadeBlocks", unit: "blocks", what: "blocks from the first to the last liquidation" },
] as const;

export type MeasureKey = (typeof MEASURES)[number]["key"];
export type Measures = Record<MeasureKey, number | null>;

/** A debt amount in base units → debt tokens (a float: enough for distributions). */
function tokens(x: bigint, decimals: number): number {
  return Number(x) / 10 ** decimals;
}

export function runMeasures(summary: RunSummary, debtDecimals: number): Measures {
  return {
    badDebt: tokens(summary.badDebt, debtDecimals),
    underwaterShortfall: tokens(summary.underwaterAtEnd.shortfall, debtDecimals),
    liquidations: summary.liquidations.count,
    debtLiquidated: tokens(summary.liquidations.debtRepaid, debtDecimals),
    amplification: summary.amplification,
    amplificationSettled: summary.amplificationSettled,
    ammPeakDrawdown: summary.ammPeakDrawdown,
    keepersGrossProfit: tokens(summary.keepers.grossProfit, debtDecimals),
    keepersGasCost: tokens(summary.keepers.gasCost, debtDecimals),
    keepersNetProfit: tokens(summary.keepers.netProfit, debtDecimals),
    cascadeBlocks: summary.cascade.lengthBlocks,
  };
}
