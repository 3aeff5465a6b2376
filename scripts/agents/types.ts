/**
 * What an agent sees and how it acts. Agents never call each other: they read the chain (through the shared
 * `View`, which is only a cache of chain reads and events for this block) and send transactions.
 */
import type { World } from "../sim/world/types";
import type { PendingTx } from "../sim/chain";
import type { Rng } from "../sim/random";
import type { MarketRules, Reserves } from "../sim/market-math";

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
}

export type TxKind =
  | "liquidate"
  | "atomic-liquidate"
  | "flash-liquidate"
  | "kick"
  | "take"
  | "flash-take"
  | "redo"
  | "sell"
  | "arbitrage"
  | "oracle"
  | "twap-update"
  | "risk"
  | "attack"
  | "exploit"
  | "background";

/** A transaction an agent sent, as the engine tracks it until it is mined. */
export interface SentTx {
  hash: string;
  agent: string;
  /** The sender's address (keepers set it; it names the liquidator in the records). */
  from?: string;
  kind: TxKind;
  /** Whether this is a keeper's transaction (counted in keeper gas and fees). */
  keeper: boolean;
  borrower?: string;
  /** Simulated block in which it was sent. */
  sentBlock: number;
  /** Priority fee per gas it offers, wei. */
  priorityFee?: bigint;
  /** Bidding round within the block interval (1 = first). */
  round?: number;
  /** Hash of the keeper's own pending transaction this one replaces (same nonce, higher fee). */
  replaces?: string;
}

export interface SimAgent {
  readonly name: string;
  readonly keeper: boolean;
  act(view: View, world: World, rng: Rng): Promise<SentTx[]>;
}

/** Converts wei of gas cost to debt base units at the scenario's native token price, rounded down. */
export function weiToDebt(wei: bigint, world: World): bigint {
  const priceUnits = BigInt(Math.round(world.scenario.chain.nativeTokenPrice * 1e6));
  return (wei * priceUnits * 10n ** BigInt(world.debtDecimals)) / (10n ** 18n * 1_000_000n);
}

/** Converts debt base units to wei at the native token price, rounded down. */
export function debtToWei(amount: bigint, world: World): bigint {
  const priceUnits = BigInt(Math.round(world.scenario.chain.nativeTokenPrice * 1e6));
  if (priceUnits === 0n) return 0n;
  return (amount * 10n ** 18n * 1_000_000n) / (priceUnits * 10n ** BigInt(world.debtDecimals));
}
