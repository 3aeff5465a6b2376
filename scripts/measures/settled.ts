/**
 * Measures of the AMM's drawdown that a one-block wick cannot dominate (pure). Drawdowns are from the AMM's
 * first price in the run, in [0, 1].
 * - settled drawdown: the AMM's drawdown in the first block, at or after the cascade's last liquidation (the
 *   exogenous trough when nothing was liquidated), where arbitrage has closed the gap to the external price to
 *   within `toleranceBps`; the last block's when it never does;
 * - time-weighted drawdown: the mean AMM drawdown over the cascade window (first to last liquidation block; the
 *   trough block alone when nothing was liquidated), so a wick of one block weighs 1 ÷ window.
 */

/**
 * Gap between the AMM and the external price (bps) within which arbitrage counts as having closed it: five times the
 * arbitrageur's default `minEdgeBps`, so a capped arbitrage that stops just short still settles.
 */
export const SETTLED_GAP_BPS = 50;

export interface PricePoint {
  block: number;
  exogenousPrice: number;
  externalPrice: number;
  ammPrice: number;
  liquidations: number;
}

export interface SettledMeasures {
  /** Block whose AMM price the settled drawdown takes (null: no blocks). */
  settledBlock: number | null;
  ammSettledDrawdown: number;
  ammTimeWeightedDrawdown: number;
}

const drawdown = (start: number, p: number) => (start > 0 ? Math.max(0, (start - p) / start) : 0);

/** Index of the exogenous path's lowest price (the first, when it is reached more than once). */
function troughIndex(points: readonly PricePoint[]): number {
  let best = 0;
  for (let i = 1; i < points.length; i++) if (points[i].exogenousPrice < points[best].exogenousPrice) best = i;
  return best;
}

export function settledMeasures(points: readonly PricePoint[], toleranceBps: number): SettledMeasures {
  if (points.length === 0) return { settledBlock: null, ammSettledDrawdown: 0, ammTimeWeightedDrawdown: 0 };
  const start = points[0].ammPrice;
  const hits = points.map((p, i) => (p.liquidations > 0 ? i : -1)).filter((i) => i >= 0);
  const from = hits.length > 0 ? hits[0] : troughIndex(points);
  const to = hits.length > 0 ? hits[hits.length - 1] : from;
  let settled = points.length - 1;
  for (let i = to; i < points.length; i++) {
    const p = points[i];
    if (p.externalPrice > 0 && (Math.abs(p.ammPrice - p.externalPrice) / p.externalPrice) * 10_000 <= toleranceBps) {
      settled = i;
      break;
    }
  }
  const window = points.slice(from, to + 1);
  const mean = window.reduce((a, p) => a + drawdown(start, p.ammPrice), 0) / window.length;
  return {
    settledBlock: points[settled].block,
    ammSettledDrawdown: drawdown(start, points[settled].ammPrice),
    ammTimeWeightedDrawdown: mean,
  };
}
