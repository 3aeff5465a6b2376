/**
 * Pure delta-hedging arithmetic for option writers that hedge on the AMM (the dealer, the auction keeper).
 * A short of `units` options whose per-long delta is Δ has position delta −units·Δ; holding units·Δ of the underlying
 * on top of a base inventory makes the book delta-neutral. For short puts (Δ < 0) the hedge is below the base
 * inventory, and falls further as the price falls (|Δ| grows, gamma): the hedger sells into a falling market.
 */
const WAD = 10n ** 18n;

export interface ShortLeg {
  /** Short units (WAD). */
  units: bigint;
  /** Per-long delta (WAD, signed), as `OptionsVenue.greeks` returns it. */
  delta: bigint;
}

/** Target holding of the underlying (WAD): base + Σ units·Δ, rounded towards zero per leg; never below zero. */
export function hedgeTarget(base: bigint, legs: readonly ShortLeg[]): bigint {
  let target = base;
  for (const l of legs) target += (l.units * l.delta) / WAD;
  return target > 0n ? target : 0n;
}

/**
 * The trade (WAD, positive = buy, negative = sell) that moves `holding` to `target`, or 0 when smaller than
 * `minTrade` (no dust rebalancing).
 */
export function hedgeTrade(holding: bigint, target: bigint, minTrade: bigint): bigint {
  const trade = target - holding;
  const size = trade < 0n ? -trade : trade;
  return size < minTrade ? 0n : trade;
}
