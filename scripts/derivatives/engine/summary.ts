/**
 * What a cascade run records of its derivatives venues (summary.json `derivatives`, the report's derivatives section,
 * docs/SCENARIOS.md): amounts in whole debt or collateral tokens (rounded to cents / 1e-6), counts, block indices.
 * The perp keeper, the unwinder and the perp watch fill `perp`; the option agents and the options watch `options`.
 */
import type { RunSummary } from "../../sim/metrics";

export interface PerpSummary {
  positionsOpened: { longs: number; shorts: number; skipped: number };
  /** Notional the traders' hedges executed at, debt tokens. */
  openNotional: { long: number; short: number };
  liquidations: { marketSales: number; backstopTakeovers: number; notional: number; keeperRewards: number };
  /** First block with a liquidation, or null. */
  firstLiquidationBlock: number | null;
  adl: { events: number; firstBlock: number | null; haircut: number };
  badDebt: { total: number; coveredByInsurance: number; coveredByAdl: number; uncovered: number };
  insuranceFund: { start: number; end: number; min: number; drainedAtBlock: number | null };
  /** Collateral the backstop vault's unwinder sold (+) or bought back (−) into the AMM. */
  backstopUnwound: number;
  openPositionsAtEnd: number;
  /** The market's debt-token balance equals margins + insurance + vault cash + fees to the wei, after the run. */
  conserved: boolean;
}

export interface OptionsSummary {
  writers: number;
  /** Puts written (collateral units): by the dealer and by the writers. */
  written: { dealer: number; writers: number };
  /** Collateral the dealer's delta hedges sold and bought on the AMM. */
  dealerHedge: { sold: number; bought: number; netSold: number; trades: number };
  /** Collateral the auction keeper's hedges of portfolios it took over sold, net. */
  keeperHedgeNetSold: number;
  auctions: { started: number; bids: number; insolventBids: number; fundPaid: number; fees: number };
  /** Most writers (and the dealer) under maintenance at once, and at the end. */
  underMaintenance: { max: number; atEnd: number };
  /** Σ max(0, mark value − cash) over accounts at the end: losses nobody has paid yet (bad debt at the mark). */
  shortfallAtEnd: number;
  insuranceFund: { start: number; end: number };
  /** The venue's balance equals cash + insurance + payout pools to the wei, after the run. */
  conserved: boolean;
}

export interface DerivativesSummary {
  perp?: PerpSummary;
  options?: OptionsSummary;
}

/** The summary's derivatives part, created on first use (several agents fill it). */
export function derivativesOf(summary: RunSummary): DerivativesSummary {
  return (summary.derivatives ??= {});
}

/** Rounds to `digits` decimals (the summary's numbers are for reading, not for accounting). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
