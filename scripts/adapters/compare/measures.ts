/**
 * What the side-by-side comparison measures (issue 17), as plain functions over amounts in debt-token units: the
 * collateral a liquidation must take to bring a position back to health 1 under a fixed bonus, and from it the
 * over-liquidation (collateral seized beyond that), following Qin et al. (IMC'21, "An Empirical Study of DeFi
 * Liquidations").
 */

const WAD = 10n ** 18n;
const BPS = 10_000n;

const divUp = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n);

export interface BookPosition {
  /** Debt before the first liquidation (debt-token units). */
  debt: bigint;
  /** Collateral value before the first liquidation at the shocked oracle price (debt-token units). */
  collateralValue: bigint;
}

/**
 * Least collateral value a fixed-bonus liquidation must seize to bring health back to 1, rounded up: seizing s
 * repays s / (1 + b), and (V - s) x LT = D - s / (1 + b) gives s = (D - V x LT) x (1 + b) / (1 - LT x (1 + b)).
 * Zero for a healthy position; the whole collateral (or the debt plus bonus, if less) when no partial liquidation
 * can restore health (LT x (1 + b) >= 1, or s would exceed what there is).
 */
export function minimalSeizeValue(p: BookPosition, thresholdWad: bigint, bonusBps: bigint): bigint {
  const limit = (p.collateralValue * thresholdWad) / WAD;
  if (p.debt <= limit) return 0n;
  const everything =
    p.collateralValue < divUp(p.debt * (BPS + bonusBps), BPS)
      ? p.collateralValue
      : divUp(p.debt * (BPS + bonusBps), BPS);
  const denominator = WAD * BPS - thresholdWad * (BPS + bonusBps);
  if (denominator <= 0n) return everything;
  const s = divUp((p.debt * WAD - p.collateralValue * thresholdWad) * (BPS + bonusBps), denominator);
  return s > everything ? everything : s;
}

/** Collateral value seized beyond `minimalSeizeValue` (zero if less was seized). */
export function overLiquidation(seizedValue: bigint, minimal: bigint): bigint {
  return seizedValue > minimal ? seizedValue - minimal : 0n;
}

/** Value of `amount` collateral at a feed `answer`: amount x answer x 10^dd / 10^(cd + fd), rounded down. */
export function valueAt(
  amount: bigint,
  answer: bigint,
  decimals: { collateral: number; debt: number; feed: number },
): bigint {
  return (amount * answer * 10n ** BigInt(decimals.debt)) / 10n ** BigInt(decimals.collateral + decimals.feed);
}
