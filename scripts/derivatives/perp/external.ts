/**
 * The external market and the arbitrageur that links the lab's pool to it (pure functions, unit-tested). The
 * external price follows an exogenous path times the impact of net selling: each debt token sold externally moves
 * it by exp(-flow / depth). The arbitrageur trades the pool back to the external price and takes the other side
 * externally, so a liquidation sale into the pool becomes selling on the external market: the feedback loop.
 */

/** Exogenous price at `step`: flat, then a fall of `fallPct` linear in log price over `steps`, then flat. */
export function exogenousPrice(
  initial: number,
  step: number,
  shock: { startStep: number; steps: number; fallPct: number },
): number {
  const progress = Math.min(Math.max((step - shock.startStep) / shock.steps, 0), 1);
  return initial * Math.pow(1 - shock.fallPct / 100, progress);
}

/** Multiplier on the external price from a net sale of `flowDebt` debt tokens (negative: buying). */
export function impactFactor(flowDebt: number, depth: number): number {
  return Math.exp(-flowDebt / depth);
}

export interface ArbTrade {
  /** true: the arbitrageur sells base into the pool (pool too high); false: buys base from it. */
  sellBase: boolean;
  /** Base units in (sell) or out (buy). */
  baseAmount: bigint;
}

/**
 * The trade that brings the pool (reserves in base and debt units) to `targetDebtPerBase` (debt units per whole
 * base token, `baseUnit` base units), or none while the gap is within the pool's fee.
 */
export function arbTrade(
  reserveBase: bigint,
  reserveDebt: bigint,
  targetDebtPerBase: bigint,
  baseUnit: bigint,
  feeBps: bigint,
): ArbTrade | null {
  const poolPrice = (reserveDebt * baseUnit) / reserveBase;
  const gap = poolPrice > targetDebtPerBase ? poolPrice - targetDebtPerBase : targetDebtPerBase - poolPrice;
  if (gap * 10_000n <= targetDebtPerBase * feeBps) return null;
  const targetBase = isqrt((reserveBase * reserveDebt * baseUnit) / targetDebtPerBase);
  if (targetBase > reserveBase) return { sellBase: true, baseAmount: targetBase - reserveBase };
  if (targetBase < reserveBase) return { sellBase: false, baseAmount: reserveBase - targetBase };
  return null;
}

export function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let y = x;
  let z = (x + 1n) / 2n;
  while (z < y) [y, z] = [z, (x / z + z) / 2n];
  return y;
}

/** The pool's output for `amountIn` (Uniswap v2 arithmetic, fee in bps), as ConstantProductPool computes it. */
export function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): bigint {
  const withFee = amountIn * (10_000n - feeBps);
  return (withFee * reserveOut) / (reserveIn * 10_000n + withFee);
}

/** The input the pool needs for exactly `amountOut_` out (rounded up, as a hedge that buys exact size pays). */
export function amountIn(amountOut_: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): bigint {
  return (reserveIn * amountOut_ * 10_000n) / ((reserveOut - amountOut_) * (10_000n - feeBps)) + 1n;
}
