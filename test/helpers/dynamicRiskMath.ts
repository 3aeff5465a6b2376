/**
 * An independent reference for DynamicRiskController's model, written from its documented definitions
 * (contracts/interfaces/IDynamicRiskController.sol): WAD ratios, each rounding as the interface names it.
 */
import { WAD, divDown, divUp } from "./lendingMath";
import { isqrt } from "../amm/reference";

export { isqrt };

/** r = |price - previous| / previous, WAD, rounded down. */
export const returnWad = (price: bigint, previous: bigint) =>
  divDown((price > previous ? price - previous : previous - price) * WAD, previous);

/** variance' = lambda x variance + (1 - lambda) x r^2 (r^2 rounded down to WAD, the sum rounded down). */
export const nextVariance = (variance: bigint, r: bigint, lambda: bigint) =>
  divDown(variance * lambda + divDown(r * r, WAD) * (WAD - lambda), WAD);

/** sigma = sqrt(variance), WAD. */
export const sigmaOf = (variance: bigint) => isqrt(variance * WAD);

export interface ModelParams {
  baseLtv: bigint;
  baseThreshold: bigint;
  minLtv: bigint;
  maxLtv: bigint;
  minThreshold: bigint;
  maxThreshold: bigint;
  volSensitivity: bigint;
  targetDepthRatio: bigint;
}

const clamp = (x: bigint, lo: bigint, hi: bigint) => (x < lo ? lo : x > hi ? hi : x);

/**
 * f = 1 - sensitivity x sigma (the cut rounded up, f floored at 0); g = depth / target below the target (rounded
 * down; target 0 = off); targets = clamp(base x f x g) rounded down.
 */
export function targetsOf(p: ModelParams, sigma: bigint, depth: bigint): [bigint, bigint] {
  const cut = divUp(p.volSensitivity * sigma, WAD);
  let factor = cut >= WAD ? 0n : WAD - cut;
  if (p.targetDepthRatio !== 0n && depth < p.targetDepthRatio) factor = divDown(factor * depth, p.targetDepthRatio);
  return [
    clamp(divDown(p.baseLtv * factor, WAD), p.minLtv, p.maxLtv),
    clamp(divDown(p.baseThreshold * factor, WAD), p.minThreshold, p.maxThreshold),
  ];
}

/** The depth average after `sample` held `held` seconds (at most the window): a fall rounds up, a rise down. */
export function foldedDepth(average: bigint, sample: bigint, held: bigint, window: bigint): bigint {
  const h = held < window ? held : window;
  return sample < average
    ? average - divUp((average - sample) * h, window)
    : average + divDown((sample - average) * h, window);
}

/** Room of a threshold raise `elapsed` seconds after the previous update: linear, one step per interval at most. */
export function raiseRoom(step: bigint, elapsed: bigint, interval: bigint): bigint {
  if (elapsed === 0n) return 0n;
  if (interval === 0n || elapsed >= interval) return step;
  return divDown(step * elapsed, interval);
}
