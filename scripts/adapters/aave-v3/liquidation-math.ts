/**
 * Aave v3.0's liquidation rules as plain functions, written from its documented formulas (LiquidationLogic,
 * GenericLogic, PercentageMath and WadRayMath of `@aave/core-v3` 1.19): the close factor (50% of the debt while
 * health > 0.95, 100% at or below), the liquidation bonus on the collateral, the protocol's share of that bonus, and
 * Aave's rounding (percentMul / percentDiv / wadDiv round half up; prices x amounts divide down).
 */

export const PERCENTAGE_FACTOR = 10_000n;
const HALF_PERCENTAGE = PERCENTAGE_FACTOR / 2n;
export const WAD = 10n ** 18n;
/** LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD: at or below it the whole debt may be repaid. */
export const CLOSE_FACTOR_HF_THRESHOLD = (WAD * 95n) / 100n;
/** LiquidationLogic.DEFAULT_LIQUIDATION_CLOSE_FACTOR and MAX_LIQUIDATION_CLOSE_FACTOR (basis points). */
export const DEFAULT_CLOSE_FACTOR_BPS = 5_000n;
export const MAX_CLOSE_FACTOR_BPS = 10_000n;

/** PercentageMath.percentMul: value x bps / 10^4, half up. */
export const percentMul = (value: bigint, bps: bigint) => (value * bps + HALF_PERCENTAGE) / PERCENTAGE_FACTOR;
/** PercentageMath.percentDiv: value x 10^4 / bps, half up. */
export const percentDiv = (value: bigint, bps: bigint) => (value * PERCENTAGE_FACTOR + bps / 2n) / bps;
/** WadRayMath.wadDiv: a x 1e18 / b, half up. */
export const wadDiv = (a: bigint, b: bigint) => (a * WAD + b / 2n) / b;

/** GenericLogic: health = percentMul(collateral in base, average threshold) wadDiv debt in base; max without debt. */
export function healthFactor(collateralBase: bigint, avgThresholdBps: bigint, debtBase: bigint): bigint {
  if (debtBase === 0n) return 2n ** 256n - 1n;
  return wadDiv(percentMul(collateralBase, avgThresholdBps), debtBase);
}

/** `_calculateDebt`: the most debt one call may repay. */
export function maxLiquidatableDebt(totalDebt: bigint, health: bigint): bigint {
  return percentMul(totalDebt, health > CLOSE_FACTOR_HF_THRESHOLD ? DEFAULT_CLOSE_FACTOR_BPS : MAX_CLOSE_FACTOR_BPS);
}

export interface AaveLiquidationInput {
  health: bigint;
  totalDebt: bigint;
  debtToCover: bigint;
  collateralBalance: bigint;
  /** Oracle prices in the base currency. */
  collateralPrice: bigint;
  debtPrice: bigint;
  collateralDecimals: number;
  debtDecimals: number;
  /** Basis points including the principal (10500 = 5% bonus). */
  liquidationBonus: bigint;
  /** Share of the bonus paid to the treasury (basis points). */
  protocolFeeBps: bigint;
}

export interface AaveLiquidationOutcome {
  /** Debt repaid by the liquidator. */
  repay: bigint;
  /** Collateral the liquidator receives. */
  seized: bigint;
  /** Collateral sent to the treasury. */
  protocolFee: bigint;
}

/** `_calculateDebt` then `_calculateAvailableCollateralToLiquidate`: zero when health >= 1. */
export function aaveLiquidation(x: AaveLiquidationInput): AaveLiquidationOutcome {
  if (x.health >= WAD || x.debtToCover === 0n || x.collateralBalance === 0n) {
    return { repay: 0n, seized: 0n, protocolFee: 0n };
  }
  const cap = maxLiquidatableDebt(x.totalDebt, x.health);
  const debtToCover = x.debtToCover > cap ? cap : x.debtToCover;
  const collateralUnit = 10n ** BigInt(x.collateralDecimals);
  const debtUnit = 10n ** BigInt(x.debtDecimals);
  const baseCollateral = (x.debtPrice * debtToCover * collateralUnit) / (x.collateralPrice * debtUnit);
  const maxCollateral = percentMul(baseCollateral, x.liquidationBonus);
  let collateral: bigint;
  let repay: bigint;
  if (maxCollateral > x.collateralBalance) {
    collateral = x.collateralBalance;
    repay = percentDiv(
      (x.collateralPrice * collateral * debtUnit) / (x.debtPrice * collateralUnit),
      x.liquidationBonus,
    );
  } else {
    collateral = maxCollateral;
    repay = debtToCover;
  }
  if (x.protocolFeeBps === 0n) return { repay, seized: collateral, protocolFee: 0n };
  const bonus = collateral - percentDiv(collateral, x.liquidationBonus);
  const protocolFee = percentMul(bonus, x.protocolFeeBps);
  return { repay, seized: collateral - protocolFee, protocolFee };
}
