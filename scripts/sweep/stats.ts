/**
 * Distribution statistics of a sweep cell (docs/sweeps.md defines each): mean, quantiles by linear interpolation
 * between order statistics (Hyndman–Fan type 7, the default of R and NumPy), value at risk as a quantile of the loss,
 * expected shortfall as the mean of the tail beyond it, and the probability of a positive loss.
 */

/** Probabilities the cell tables report for every measure. */
export const QUANTILES = [0.05, 0.5, 0.95, 0.99] as const;

/** The q-quantile of ascending `sorted` (type 7): h = (n − 1)q, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: probability ${q} outside [0, 1]`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Expected shortfall at q: the mean of the outcomes at or above the q-quantile (the worst (1 − q) of runs, at least
 * one run). Null without outcomes.
 */
export function expectedShortfall(sorted: readonly number[], q: number): number | null {
  const v = quantile(sorted, q);
  if (v === null) return null;
  return mean(sorted.filter((x) => x >= v));
}

export interface Distribution {
  /** Runs with a value (runs where the measure is undefined, e.g. amplification without a shock, are left out). */
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  p5: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function describe(values: readonly (number | null)[]): Distribution {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  const [p5, p50, p95, p99] = QUANTILES.map((q) => quantile(xs, q));
  return {
    n: xs.length,
    mean: mean(xs),
    min: xs.length ? xs[0] : null,
    max: xs.length ? xs[xs.length - 1] : null,
    p5,
    p50,
    p95,
    p99,
  };
}

/** Share of runs whose value is > 0 (null without runs). */
export function probabilityPositive(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return null;
  return xs.filter((x) => x > 0).length / xs.length;
}

/** The empirical CDF as (value, share of runs ≤ value) points, one per distinct value. */
export function empiricalCdf(values: readonly number[]): { value: number; share: number }[] {
  const xs = [...values].sort((a, b) => a - b);
  const out: { value: number; share: number }[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i + 1 < xs.length && xs[i + 1] === xs[i]) continue;
    out.push({ value: xs[i], share: (i + 1) / xs.length });
  }
  return out;
}
