/**
 * An independent reference for the lending market's math, written from the definitions rather than from the
 * contract's code: values in debt-asset base units, WAD ratios, rounding in the protocol's favour.
 */
export const WAD = 10n ** 18n;
export const BPS = 10_000n;

export interface RefCollateral {
  amount: bigint;
  decimals: number;
  /** Raw feed answer: whole debt tokens per whole collateral token, with `feedDecimals`. */
  answer: bigint;
  feedDecimals: number;
  ltv: bigint;
  threshold: bigint;
}

export const divDown = (a: bigint, b: bigint) => a / b;
export const divUp = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n);

/** Value of `amount` in debt base units: amount x answer x 10^debtDec / 10^(collDec + feedDec), rounded down. */
export function valueOf(c: RefCollateral, debtDecimals: number): bigint {
  return divDown(c.amount * c.answer * 10n ** BigInt(debtDecimals), 10n ** BigInt(c.decimals + c.feedDecimals));
}

export function position(collaterals: RefCollateral[], debtDecimals: number) {
  let collateralValue = 0n;
  let borrowLimit = 0n;
  let liquidationLimit = 0n;
  for (const c of collaterals) {
    if (c.amount === 0n) continue;
    const v = valueOf(c, debtDecimals);
    collateralValue += v;
    borrowLimit += divDown(v * c.ltv, WAD);
    liquidationLimit += divDown(v * c.threshold, WAD);
  }
  return { collateralValue, borrowLimit, liquidationLimit };
}

export function healthFactor(liquidationLimit: bigint, debt: bigint): bigint {
  if (debt === 0n) return 2n ** 256n - 1n;
  return divDown(liquidationLimit * WAD, debt);
}

export interface RefLiquidationInput {
  debt: bigint;
  health: bigint;
  collateralValue: bigint;
  balance: bigint;
  decimals: number;
  answer: bigint;
  feedDecimals: number;
  bonusBps: bigint;
  closeFactor: bigint;
  fullCloseHealthFactor: bigint;
  dust: bigint;
  requested: bigint;
  debtDecimals: number;
}

/** Fixed-bonus liquidation amounts as the README specifies them. */
export function liquidationAmounts(i: RefLiquidationInput): { repaid: bigint; seized: bigint } {
  const factor = BPS + i.bonusBps;
  // collateral units per debt unit: 10^(collDec + feedDec) / (answer x 10^debtDec)
  const num = 10n ** BigInt(i.decimals + i.feedDecimals);
  const den = i.answer * 10n ** BigInt(i.debtDecimals);
  const toxic = i.collateralValue * BPS < i.debt * factor;
  const maxRepay = i.health < i.fullCloseHealthFactor || toxic ? i.debt : divUp(i.debt * i.closeFactor, WAD);
  let repaid = i.requested < maxRepay ? i.requested : maxRepay;
  if (i.debt - repaid < i.dust) repaid = i.debt;
  let seized = divDown(repaid * factor * num, den * BPS);
  const remainingValue = divDown((i.balance - (seized < i.balance ? seized : i.balance)) * den, num);
  if (seized >= i.balance || remainingValue < i.dust) {
    const repayForAll = divUp(i.balance * den * BPS, num * factor);
    if (repayForAll <= i.debt) {
      seized = i.balance;
      repaid = repayForAll;
    } else {
      repaid = i.debt;
      seized = divDown(repaid * factor * num, den * BPS);
    }
  }
  return { repaid, seized };
}

/** (1 + r)^n with r a per-second WAD rate, to 27-digit precision, by exact rational powers: the closed form. */
export function compoundGrowthRay(ratePerSecondWad: bigint, seconds: bigint): bigint {
  // Exact: (1e18 + r)^n / 1e18^n, scaled to RAY, using bigint exponentiation by squaring on rationals would be
  // huge for long gaps; compute with 60 guard digits instead.
  const SCALE = 10n ** 60n;
  let base = SCALE + (ratePerSecondWad * SCALE) / WAD;
  let result = SCALE;
  let n = seconds;
  while (n > 0n) {
    if (n & 1n) result = (result * base) / SCALE;
    base = (base * base) / SCALE;
    n >>= 1n;
  }
  return result / 10n ** 33n;
}

/** A collateral's stored threshold ramp (the market's `ThresholdRamp`). */
export interface RefThresholdRamp {
  target: bigint;
  from: bigint;
  end: bigint;
  duration: bigint;
}

/**
 * The threshold in force at `t`: the straight line from `from` (at end - duration) down to `target` (at end), minus
 * the part elapsed rounded up (a cut never shows less than it has fallen: the threshold rounds down); `target` from
 * `end` on.
 */
export function thresholdAt(r: RefThresholdRamp, t: bigint): bigint {
  if (t >= r.end) return r.target;
  const elapsed = t - (r.end - r.duration);
  return r.from - divUp((r.from - r.target) * elapsed, r.duration);
}
