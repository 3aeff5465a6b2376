/**
 * How much of a liquidation to take when the seized collateral will be sold into a constant-product pool: the sale's
 * price impact grows with size, so past some repayment each extra unit repaid brings back less than a unit.
 */

/** Integer square root (floor) of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error("isqrt of a negative number");
  if (n < 2n) return n;
  // Newton from a power of two at or above the root: the iterates fall monotonically to the floor.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  return x;
}

/**
 * The repayment r that maximizes proceeds(r) − r, where a repayment r seizes r × seized / repaid collateral and the
 * collateral is sold into a pool with `reserves` (collateral x, debt y) at `feeBps`:
 *   proceeds(r) = g·k·r·y / (10,000·x + g·k·r),  k = seized / repaid,  g = 10,000 − feeBps
 *   d/dr = 0  ⇔  (10,000·x + g·k·r)² = 10,000·x·g·k·y  ⇔  r* = (√(10,000·x·g·k·y) − 10,000·x) / (g·k)
 * Zero when no repayment is profitable (the pool already pays less than the liquidation price). Rounded down.
 */
export function profitMaximizingRepay(
  seized: bigint,
  repaid: bigint,
  reserves: { collateral: bigint; debt: bigint },
  feeBps: number,
): bigint {
  if (seized <= 0n || repaid <= 0n) return 0n;
  const g = 10_000n - BigInt(feeBps);
  const x = reserves.collateral * 10_000n;
  // With k = seized / repaid: √(x·g·k·y) = √(x·g·seized·y / repaid); r* = (√… − x)·repaid / (g·seized).
  const root = isqrt((x * g * seized * reserves.debt) / repaid);
  if (root <= x) return 0n;
  return ((root - x) * repaid) / (g * seized);
}
