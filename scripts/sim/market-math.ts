/**
 * The lending market's and the AMM's on-chain formulas, off-chain (pure, bigint): a position's health factor, what a
 * liquidation repays and seizes, what the AMM pays for a sale and the price an `AmmSpotFeed` reports. The frictionless
 * baseline computes its cascade with them and a keeper on a market that reads the live AMM spot prices its next
 * transaction with them at the AMM state its earlier ones will leave.
 * Amounts follow `LendingPool._liquidationAmounts` (close factor, full-close health factor, toxic lift, dust, seized
 * rounded down, repay-for-all rounded up), `LendingPool._position` (values down), `ConstantProductLibrary.getAmountOut`
 * (down, in favour of the pool) and `AmmSpotFeed` (floor at the feed's decimals).
 */
import { profitMaximizingRepay } from "./sizing";

export const WAD = 10n ** 18n;
export const BPS = 10_000n;

/** The market's risk parameters for one collateral, as the contracts hold them. */
export interface MarketRules {
  /** WAD ratios. */
  liquidationThreshold: bigint;
  closeFactor: bigint;
  fullCloseHealthFactor: bigint;
  liquidationBonusBps: bigint;
  /** Debt base units. */
  dust: bigint;
  /** 10^(collateral decimals + 18 − debt decimals): value = amount × priceWad ÷ unitScale. */
  unitScale: bigint;
  /** Decimals of the feed the market reads (its answer × 10^(18 − decimals) is the WAD price). */
  feedDecimals: number;
}

/** A position in one collateral: collateral base units, debt base units (shares converted up, as `debtOf`). */
export interface MarketPosition {
  collateral: bigint;
  debt: bigint;
}

/** AMM reserves (base units) and its swap fee. */
export interface Amm {
  collateral: bigint;
  debt: bigint;
  feeBps: number;
}

export type Reserves = { collateral: bigint; debt: bigint };

const mulDivDown = (x: bigint, y: bigint, d: bigint) => (x * y) / d;
const mulDivUp = (x: bigint, y: bigint, d: bigint) => (x * y + d - 1n) / d;

/* AMM */

/** `ConstantProductLibrary.getAmountOut`: rounds down, in favour of the pool. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const inWithFee = amountIn * (BPS - BigInt(feeBps));
  return (inWithFee * reserveOut) / (reserveIn * BPS + inWithFee);
}

/** What the AMM pays for `amountIn` collateral sold into `reserves` at `feeBps` (rounded down). */
export function saleProceeds(amountIn: bigint, reserves: Reserves, feeBps: number): bigint {
  return getAmountOut(amountIn, reserves.collateral, reserves.debt, feeBps);
}

/** The reserves after selling `amountIn` collateral into them. */
export function afterSale(reserves: Reserves, amountIn: bigint, feeBps: number): Reserves {
  const out = saleProceeds(amountIn, reserves, feeBps);
  return { collateral: reserves.collateral + amountIn, debt: reserves.debt - out };
}

/** AMM spot as a WAD price, exact (floor). */
export function ammSpot(amm: Reserves, unitScale: bigint): bigint {
  return (amm.debt * unitScale) / amm.collateral;
}

/** The price an `AmmSpotFeed` with the market's feed decimals reports for the AMM (floor), as WAD. */
export function feedSpot(amm: Reserves, m: MarketRules): bigint {
  const feedScale = 10n ** BigInt(18 - m.feedDecimals);
  return ((amm.debt * m.unitScale) / amm.collateral / feedScale) * feedScale;
}

/** A WAD price truncated to the feed's decimals (what an updater submitting it leaves the market to read). */
export function atFeedDecimals(price: bigint, m: MarketRules): bigint {
  const feedScale = 10n ** BigInt(18 - m.feedDecimals);
  return (price / feedScale) * feedScale;
}

/* MARKET */

/** A position's collateral value and health factor at `price` (WAD), rounded as `LendingPool._position`. */
export function positionHealth(p: MarketPosition, m: MarketRules, price: bigint) {
  const value = mulDivDown(p.collateral, price, m.unitScale);
  const limit = mulDivDown(value, m.liquidationThreshold, WAD);
  const health = p.debt === 0n ? null : mulDivDown(limit, WAD, p.debt);
  return { value, health };
}

/** Whether the market lets the position be liquidated at `price` (WAD): debt and a health factor below 1. */
export function isLiquidatable(p: MarketPosition, m: MarketRules, price: bigint): boolean {
  const { health } = positionHealth(p, m, price);
  return health !== null && health < WAD;
}

/** `LendingPool._liquidationAmounts` for a liquidatable position: (repaid, seized) for a requested repayment. */
export function liquidationAmounts(
  p: MarketPosition,
  m: MarketRules,
  price: bigint,
  requested: bigint,
): { repaid: bigint; seized: bigint } {
  const { value, health } = positionHealth(p, m, price);
  const bonusFactor = BPS + m.liquidationBonusBps;
  const toxic = value * BPS < p.debt * bonusFactor;
  const maxRepay =
    (health !== null && health < m.fullCloseHealthFactor) || toxic ? p.debt : mulDivUp(p.debt, m.closeFactor, WAD);
  let repaid = requested < maxRepay ? requested : maxRepay;
  if (p.debt - repaid < m.dust) repaid = p.debt;
  let seized = mulDivDown(repaid * bonusFactor, m.unitScale, price * BPS);
  const balance = p.collateral;
  if (seized >= balance || mulDivDown(balance - seized, price, m.unitScale) < m.dust) {
    const repayForAll = mulDivUp(balance, price * BPS, m.unitScale * bonusFactor);
    if (repayForAll <= p.debt) {
      seized = balance;
      repaid = repayForAll;
    } else {
      repaid = p.debt;
      seized = mulDivDown(repaid * bonusFactor, m.unitScale, price * BPS);
    }
  }
  return { repaid, seized };
}

/**
 * `LendingPool.previewLiquidation(borrower, asset, max)` at `price`: the most a liquidation may repay and what it
 * seizes then; (0, 0) when the position is not liquidatable.
 */
export function previewMaxLiquidation(
  p: MarketPosition,
  m: MarketRules,
  price: bigint,
): { repay: bigint; seized: bigint } {
  if (p.collateral === 0n || !isLiquidatable(p, m, price)) return { repay: 0n, seized: 0n };
  const { repaid, seized } = liquidationAmounts(p, m, price, p.debt);
  return { repay: repaid, seized };
}

/**
 * One atomic liquidation at the AMM's current reserves: the repayment that maximizes the sale's profit, capped by
 * what the market allows; null when nothing profitable is left (the keeper contract would revert).
 */
export function atomicLiquidation(
  p: MarketPosition,
  m: MarketRules,
  price: bigint,
  amm: Amm,
  minProfit: bigint,
): { repaid: bigint; seized: bigint; proceeds: bigint } | null {
  const max = liquidationAmounts(p, m, price, p.debt);
  if (max.repaid === 0n || max.seized === 0n) return null;
  const best = profitMaximizingRepay(max.seized, max.repaid, amm, amm.feeBps);
  if (best === 0n) return null;
  const { repaid, seized } = best < max.repaid ? liquidationAmounts(p, m, price, best) : max;
  if (repaid === 0n || seized === 0n) return null;
  const proceeds = getAmountOut(seized, amm.collateral, amm.debt, amm.feeBps);
  if (proceeds < repaid + minProfit) return null;
  return { repaid, seized, proceeds };
}
