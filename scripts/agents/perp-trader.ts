/**
 * Leveraged perp traders, as populations like the borrowers': each side draws its notionals (lognormal) and
 * leverages (uniform) from the seeded stream, and each trader opens one isolated position at the start. Sampling is
 * pure (`samplePerpBook`); `openPerpPosition` sends the open with margin sized from the pool's quote so the initial
 * margin holds at the mark after the hedge's slippage. Used by the standalone perp driver
 * (scripts/derivatives/perp/run.ts); not yet an engine agent (docs/derivatives-perp.md).
 */
import type { Rng } from "../sim/random";

export interface PerpPopulation {
  count: number;
  medianNotional: number;
  notionalSigma: number;
  minLeverage: number;
  maxLeverage: number;
}

/** One trader's intent: side, notional (debt tokens, at the start price) and leverage (×). */
export interface PerpTraderIntent {
  isLong: boolean;
  notional: number;
  leverage: number;
}

/** Draws a book: all longs, then all shorts, each from its own fork of `rng` (adding shorts never moves longs). */
export function samplePerpBook(rng: Rng, longs: PerpPopulation, shorts: PerpPopulation): PerpTraderIntent[] {
  const draw = (stream: Rng, pop: PerpPopulation, isLong: boolean) =>
    Array.from({ length: pop.count }, () => ({
      isLong,
      notional: pop.medianNotional * stream.lognormal(0, pop.notionalSigma),
      leverage: stream.uniformIn(pop.minLeverage, pop.maxLeverage),
    }));
  return [...draw(rng.fork("longs"), longs, true), ...draw(rng.fork("shorts"), shorts, false)];
}

/**
 * Margin (debt units) for `size` base units opened at `leverage` when the hedge executes at `executedNotional` and
 * the mark values it at `markNotional`: the initial margin on the larger of the two, plus the immediate loss to the
 * mark and the taker fee, plus `bufferBps` of the notional. Rounds up.
 */
export function marginFor(
  executedNotional: bigint,
  markNotional: bigint,
  leverage: number,
  isLong: boolean,
  takerFeeBps: bigint,
  bufferBps = 10n,
): bigint {
  const larger = executedNotional > markNotional ? executedNotional : markNotional;
  const lev = BigInt(Math.round(leverage * 1_000));
  const initial = (larger * 1_000n + lev - 1n) / lev;
  const immediateLoss = isLong
    ? executedNotional > markNotional
      ? executedNotional - markNotional
      : 0n
    : markNotional > executedNotional
      ? markNotional - executedNotional
      : 0n;
  const fee = (executedNotional * takerFeeBps + 9_999n) / 10_000n;
  return initial + immediateLoss + fee + (larger * bufferBps) / 10_000n + 1n;
}
