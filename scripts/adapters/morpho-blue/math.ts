/**
 * Morpho Blue 1.0.0's liquidation arithmetic, transcribed from its sources (src/Morpho.sol `liquidate`,
 * `_isHealthy`, `_accrueInterest`; src/libraries MathLib, SharesMathLib, ConstantsLib) with every rounding direction
 * named as Morpho names it. Plain bigint functions: the adapter previews with them and the conformance test checks
 * Morpho's bytecode against hand-computed figures that use the same documented formulas.
 */

export const WAD = 10n ** 18n;
/** `ORACLE_PRICE_SCALE`: the oracle's price is scaled by 1e36 (plus loan decimals minus collateral decimals). */
export const ORACLE_PRICE_SCALE = 10n ** 36n;
/** `LIQUIDATION_CURSOR` (0.3, WAD). */
export const LIQUIDATION_CURSOR = 3n * 10n ** 17n;
/** `MAX_LIQUIDATION_INCENTIVE_FACTOR` (1.15, WAD). */
export const MAX_LIQUIDATION_INCENTIVE_FACTOR = 115n * 10n ** 16n;
/** SharesMathLib's virtual shares and assets (protect the share price of an empty market). */
export const VIRTUAL_SHARES = 10n ** 6n;
export const VIRTUAL_ASSETS = 1n;
/** The largest uint256: Morpho-style "no debt" health. */
export const MAX_UINT256 = 2n ** 256n - 1n;

export const mulDivDown = (x: bigint, y: bigint, d: bigint): bigint => (x * y) / d;
export const mulDivUp = (x: bigint, y: bigint, d: bigint): bigint => (x * y + (d - 1n)) / d;
export const wMulDown = (x: bigint, y: bigint): bigint => mulDivDown(x, y, WAD);
export const wDivDown = (x: bigint, y: bigint): bigint => mulDivDown(x, WAD, y);
export const wDivUp = (x: bigint, y: bigint): bigint => mulDivUp(x, WAD, y);

export const toSharesDown = (assets: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivDown(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
export const toSharesUp = (assets: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
export const toAssetsDown = (shares: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivDown(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
export const toAssetsUp = (shares: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** `min(1.15, 1 / (1 - 0.3 x (1 - LLTV)))` in WAD, rounded as Morpho rounds it (wMulDown inside, wDivDown outside). */
export function liquidationIncentiveFactor(lltv: bigint): bigint {
  return min(MAX_LIQUIDATION_INCENTIVE_FACTOR, wDivDown(WAD, WAD - wMulDown(LIQUIDATION_CURSOR, WAD - lltv)));
}

/** Morpho's `wTaylorCompounded(x, n)`: e^(x n) - 1 to three terms, each rounded down. */
export function wTaylorCompounded(x: bigint, n: bigint): bigint {
  const first = x * n;
  const second = mulDivDown(first, first, 2n * WAD);
  const third = mulDivDown(second, first, 3n * WAD);
  return first + second + third;
}

/** The market totals the liquidation math reads (Morpho's `Market` struct, the part that matters here). */
export interface MarketTotals {
  totalSupplyAssets: bigint;
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
}

/** Totals after `_accrueInterest` at `borrowRate` (WAD per second) over `elapsed` seconds (fee-free market). */
export function accrue(m: MarketTotals, borrowRate: bigint, elapsed: bigint): MarketTotals {
  const interest = wMulDown(m.totalBorrowAssets, wTaylorCompounded(borrowRate, elapsed));
  return { ...m, totalSupplyAssets: m.totalSupplyAssets + interest, totalBorrowAssets: m.totalBorrowAssets + interest };
}

/** A borrower's stake: Morpho's `Position` without the supply side. */
export interface BorrowerPosition {
  borrowShares: bigint;
  collateral: bigint;
}

/** Debt in loan-token units, rounded up (`toAssetsUp`, as `_isHealthy` reads it). */
export const debtOf = (p: BorrowerPosition, m: MarketTotals): bigint =>
  toAssetsUp(p.borrowShares, m.totalBorrowAssets, m.totalBorrowShares);

/** Collateral value in loan-token units, rounded down (`collateral x price / 1e36`). */
export const collateralValue = (collateral: bigint, price: bigint): bigint =>
  mulDivDown(collateral, price, ORACLE_PRICE_SCALE);

/** `_isHealthy`'s `maxBorrow`: collateral value times LLTV, both rounded down. */
export const maxBorrow = (p: BorrowerPosition, price: bigint, lltv: bigint): bigint =>
  wMulDown(collateralValue(p.collateral, price), lltv);

/**
 * Health in WAD as the lab reads it: `maxBorrow / debt` rounded down, so `health < 1e18` exactly when Morpho's
 * `_isHealthy` is false. Max uint256 without borrow shares (Morpho: always healthy).
 */
export function healthWad(p: BorrowerPosition, m: MarketTotals, price: bigint, lltv: bigint): bigint {
  if (p.borrowShares === 0n) return MAX_UINT256;
  return wDivDown(maxBorrow(p, price, lltv), debtOf(p, m));
}

/** Which of `liquidate`'s two inputs a liquidation fixes (Morpho requires exactly one of them non-zero). */
export type LiquidationInput = { seizedAssets: bigint; repaidShares: 0n } | { seizedAssets: 0n; repaidShares: bigint };

/** What `liquidate` does for one input, computed as Morpho computes it. */
export interface LiquidationOutcome {
  seizedAssets: bigint;
  repaidShares: bigint;
  repaidAssets: bigint;
  /** Realised in the same call when the collateral left is zero. */
  badDebtAssets: bigint;
  badDebtShares: bigint;
}

/** Morpho's `liquidate` body for a position already known to be unhealthy (no transfers, no reverts checked). */
export function liquidateOutcome(
  input: LiquidationInput,
  p: BorrowerPosition,
  m: MarketTotals,
  price: bigint,
  lltv: bigint,
): LiquidationOutcome {
  const lif = liquidationIncentiveFactor(lltv);
  let { seizedAssets, repaidShares } = input;
  if (seizedAssets > 0n) {
    const seizedAssetsQuoted = mulDivUp(seizedAssets, price, ORACLE_PRICE_SCALE);
    repaidShares = toSharesUp(wDivUp(seizedAssetsQuoted, lif), m.totalBorrowAssets, m.totalBorrowShares);
  } else {
    const repaidValue = wMulDown(toAssetsDown(repaidShares, m.totalBorrowAssets, m.totalBorrowShares), lif);
    seizedAssets = mulDivDown(repaidValue, ORACLE_PRICE_SCALE, price);
  }
  const repaidAssets = toAssetsUp(repaidShares, m.totalBorrowAssets, m.totalBorrowShares);
  const totalBorrowAssets = m.totalBorrowAssets > repaidAssets ? m.totalBorrowAssets - repaidAssets : 0n;
  const totalBorrowShares = m.totalBorrowShares - repaidShares;
  let badDebtAssets = 0n;
  let badDebtShares = 0n;
  if (p.collateral - seizedAssets === 0n) {
    badDebtShares = p.borrowShares - repaidShares;
    badDebtAssets = min(totalBorrowAssets, toAssetsUp(badDebtShares, totalBorrowAssets, totalBorrowShares));
  }
  return { seizedAssets, repaidShares, repaidAssets, badDebtAssets, badDebtShares };
}

/**
 * The input a keeper sends to repay up to `repay` loan-token units, with no close factor: the shares `repay` buys
 * (rounded down, so Morpho never pulls more than `repay`), capped at the borrower's shares; when that would seize
 * more collateral than the position holds, it seizes all the collateral instead (Morpho then realises the rest of the
 * debt as bad debt). Seizing all of it then never costs more shares than the borrower owes: the largest seizure
 * whose `repaidShares` (rounded up) stays within `s` shares is exactly the seizure `s` shares buy (rounded down),
 * which is above the collateral here (test/adapters/morpho-blue.math.test.ts checks it on random states).
 */
export function liquidationInputFor(
  repay: bigint,
  p: BorrowerPosition,
  m: MarketTotals,
  price: bigint,
  lltv: bigint,
): LiquidationInput {
  const wanted = toSharesDown(repay, m.totalBorrowAssets, m.totalBorrowShares);
  const repaidShares = min(wanted, p.borrowShares);
  const byShares = liquidateOutcome({ seizedAssets: 0n, repaidShares }, p, m, price, lltv);
  if (byShares.seizedAssets <= p.collateral) return { seizedAssets: 0n, repaidShares };
  return { seizedAssets: p.collateral, repaidShares: 0n };
}
