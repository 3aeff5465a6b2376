/**
 * The short-gamma hedging spiral preset (issue 20), for the standalone driver (scripts/derivatives/options/spiral.ts).
 * Every field's unit and meaning is documented here and in docs/derivatives-options.md.
 */
export interface SpiralConfig {
  /** Seed of the writers' population (strikes, sizes, margin cushions). */
  seed: string;
  /** Blocks to simulate (12 s each). */
  blocks: number;
  /** Initial spot, debt units per collateral unit. */
  spot: number;
  /** AMM depth: collateral units on the collateral side at the start (the debt side is depth x spot). */
  ammDepth: number;
  /** AMM fee, basis points. */
  ammFeeBps: number;
  /** Feed latency, blocks (the oracle updater submits the AMM price every block). */
  feedLatencyBlocks: number;
  /** Implied vol of the venue, fraction (0.8 = 80%). */
  vol: number;
  /** Days to the options' common expiry (short-dated: high gamma). */
  expiryDays: number;
  /** Put strikes written, fractions of the initial spot. */
  strikes: number[];
  /** Exogenous sell shock: fraction of the AMM's collateral reserve sold per block... */
  shockFraction: number;
  /** ...during this many blocks from block 1. */
  shockBlocks: number;
  /** The dealer's short puts (units, spread evenly over `strikes`). */
  dealerUnits: number;
  /** The dealer's base collateral inventory (units): it holds this plus Σ units·Δ (it starts hedged). */
  dealerInventory: number;
  /** The dealer's margin, multiple of its initial requirement. */
  dealerMarginMultiple: number;
  /** Whether the dealer delta-hedges on the AMM each block (false = the counterfactual without the gamma loop). */
  dealerHedges: boolean;
  /** Smallest hedge trade, collateral units (no dust rebalancing). */
  minHedgeTrade: number;
  /** Option writers (short puts, liquidated by auction when under maintenance). */
  writers: number;
  /** Units each writer writes: uniform in [min, max]. */
  writerUnits: [number, number];
  /** Each writer's margin, multiple of its initial requirement: uniform in [min, max]. */
  writerMarginMultiple: [number, number];
  /** Auction keeper's margin cash (debt units) and collateral inventory for hedging what it takes over (units). */
  keeperCash: number;
  keeperInventory: number;
  /** The keeper bids once an auction's price has fallen to this fraction of equity or below (0.9 = 90%). */
  keeperBidAt: number;
  /** Insurance fund at the start, debt units. */
  insuranceFund: number;
}

export const SHORT_GAMMA_SPIRAL: SpiralConfig = {
  seed: "short-gamma-spiral",
  blocks: 40,
  spot: 2000,
  ammDepth: 3000,
  ammFeeBps: 30,
  feedLatencyBlocks: 1,
  vol: 0.8,
  expiryDays: 1,
  strikes: [0.9, 0.95, 1.0],
  shockFraction: 0.01,
  shockBlocks: 6,
  dealerUnits: 600,
  dealerInventory: 1000,
  dealerMarginMultiple: 3,
  dealerHedges: true,
  minHedgeTrade: 0.5,
  writers: 12,
  writerUnits: [5, 40],
  writerMarginMultiple: [1.0, 1.3],
  keeperCash: 2_000_000,
  keeperInventory: 500,
  keeperBidAt: 0.9,
  insuranceFund: 50_000,
};
