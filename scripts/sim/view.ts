/**
 * What every agent can read at the start of a block (the observer, `observe.ts`, builds it): the chain as it stands
 * after the previous block, with shared, cached reads.
 */
import type { PendingTx } from "./chain";
import type { MarketRules, Reserves } from "./market-math";

export interface PositionState {
  collateral: bigint;
  debt: bigint;
  /** Health factor at the visible oracle price (Infinity without debt). */
  health: number;
}

export interface AuctionState {
  id: bigint;
  borrower: string;
  collateral: bigint;
  debtToRaise: bigint;
  /** WAD price now. */
  price: bigint;
  needsReset: boolean;
}

/** The chain as everyone can read it before the block being built (state after the previous block). */
export interface View {
  /** Index of the simulated block being built (0-based). */
  block: number;
  /** Timestamp the block being built will have. */
  timestamp: number;
  /** Base fee of the block being built, wei. */
  baseFee: bigint;
  externalPrice: number;
  ammPrice: number;
  oraclePrice: number;
  /** The collateral's liquidation threshold and ltv in force (a dynamic risk controller moves them), ratios. */
  liquidationThreshold: number;
  ltv: number;
  /** `updatedAt` of the answer the market reads (the market refuses actions once it is older than `maxPriceAge`). */
  oracleUpdatedAt: number;
  /** AMM reserves: collateral and debt, base units. */
  reserves: { collateral: bigint; debt: bigint };
  positions: Map<string, PositionState>;
  /** Borrowers below health 1 at the visible oracle price, largest debt first. */
  liquidatable: string[];
  /** Blocks since each liquidatable borrower was first seen liquidatable. */
  liquidatableFor: Map<string, number>;
  auctions: AuctionState[];
  /** The oracle's next pending answer, if a submitted one is not visible yet. */
  pendingOracle: { price: number; visibleAtTimestamp: number; visibleAtBlock: number } | null;
  /** Chain block number of the block being built. */
  chainBlock: number;
  pending: () => Promise<PendingTx[]>;
  /** The market's `previewLiquidation(borrower, collateral, max)` for this block (read once, shared). */
  previewMax: (borrower: string) => Promise<{ repay: bigint; seized: bigint }>;
  /** The market's risk parameters for the collateral, as the contracts hold them this block (read once, shared). */
  rules: () => Promise<MarketRules>;
  /**
   * AMM reserves in the pending block: after every transaction in the mempool now (`eth_call` at "pending"), read
   * afresh at each call — what a bot simulating the pending block sees.
   */
  pendingReserves: () => Promise<Reserves>;
  /**
   * `account`'s balance of this slice's collateral or debt token after the previous block, base units: read with the
   * block's other reads for the agents' wallets (`SimAgent.wallet`), else one `balanceOf` call.
   */
  balance: (token: "collateral" | "debt", account: string) => Promise<bigint>;
}
