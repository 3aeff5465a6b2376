/**
 * Transactions in flight: the kinds agents send (with the contract method behind each, for the gas table), the
 * record the engine keeps of each until it is mined, and gas costs in debt units at the native token's price.
 */
import type { World } from "./world/types";

/** Every kind of transaction an agent sends, and the contract method behind it (for the per-method gas table). */
export const TX_METHODS = {
  liquidate: "LendingPool.liquidate",
  "atomic-liquidate": "AtomicLiquidator.liquidateAndSell",
  "flash-liquidate": "FlashLiquidator.liquidateWithFlashSwap",
  kick: "DutchAuctionLiquidator.kick",
  take: "DutchAuctionLiquidator.take",
  "flash-take": "FlashLiquidator.takeAndSell",
  redo: "DutchAuctionLiquidator.redo",
  sell: "ConstantProductRouter.swapExactTokensForTokens",
  arbitrage: "ConstantProductRouter.swapExactTokensForTokens",
  oracle: "LaggedPriceFeed.submit",
  "twap-update": "AmmTwapFeed.update",
  risk: "CircuitBreaker.poke / DynamicRiskController.update / BoundedFeed.record",
  attack: "OracleManipulator (flashAttack / pushPriceDown / liquidateMany / pushPriceUp)",
  exploit: "LendingPool.depositCollateral / borrow, ConstantProductRouter.swapExactTokensForTokens",
  background: "GasBurner.burn",
  "perp-open": "PerpMarket.openPosition",
  "perp-liquidate": "PerpMarket.liquidate",
  "perp-unwind": "PerpMarket.unwindBackstop",
  "option-write": "OptionsVenue.write / withdraw",
  "option-auction": "OptionsVenue.startAuction / bid",
  hedge: "ConstantProductRouter.swapExactTokensForTokens / swapTokensForExactTokens (delta hedge)",
  "lender-exit": "LenderExit.exit",
} as const;

export type TxKind = keyof typeof TX_METHODS;

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
