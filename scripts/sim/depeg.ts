/**
 * A pegged asset that trades off its peg (stETH in June 2022, USDC in March 2023): flat at the peg, a linear fall to
 * the trough, then an exponential recovery toward the peg. Prices in debt tokens per asset token, one per block.
 */

export interface DepegParams {
  /** The peg, debt tokens per token (> 0). */
  peg: number;
  /** How far below the peg the trough is, percent of the peg, in [0, 100). */
  lowPct: number;
  /** First block of the fall (the price is exactly the peg up to and including it). Integer ≥ 0. */
  startBlock: number;
  /** Blocks from `startBlock` to the trough; 0 = the trough is at `startBlock`. Integer ≥ 0. */
  durationBlocks: number;
  /** Blocks for the gap to the peg to halve after the trough (> 0; `Infinity` = no recovery). */
  recoveryHalfLifeBlocks: number;
}

/** A parameter out of range; the message names it and its value. */
export class DepegParamError extends RangeError {
  constructor(
    readonly field: keyof DepegParams,
    value: number,
    rule: string,
  ) {
    super(`depeg.${field}: must be ${rule}, got ${value}`);
    this.name = "DepegParamError";
  }
}

export function validateDepeg(p: DepegParams): void {
  if (!(p.peg > 0) || !Number.isFinite(p.peg)) throw new DepegParamError("peg", p.peg, "a finite number > 0");
  if (!(p.lowPct >= 0 && p.lowPct < 100)) throw new DepegParamError("lowPct", p.lowPct, "in [0, 100)");
  if (!Number.isInteger(p.startBlock) || p.startBlock < 0) {
    throw new DepegParamError("startBlock", p.startBlock, "an integer >= 0");
  }
  if (!Number.isInteger(p.durationBlocks) || p.durationBlocks < 0) {
    throw new DepegParamError("durationBlocks", p.durationBlocks, "an integer >= 0");
  }
  if (!(p.recoveryHalfLifeBlocks > 0)) {
    throw new DepegParamError("recoveryHalfLifeBlocks", p.recoveryHalfLifeBlocks, "> 0");
  }
}

/**
 * The deterministic depeg price at block `i`:
 * - `i ≤ startBlock` (before the trough): `peg`;
 * - the fall, `startBlock < i < T` with `T = startBlock + durationBlocks`: `peg × (1 − lowPct/100 × (i − startBlock)/durationBlocks)`;
 * - `i ≥ T`: `peg − gap × 0.5^((i − T)/recoveryHalfLifeBlocks)`, `gap = peg × lowPct/100` (the trough at T exactly).
 */
export function depegPrice(p: DepegParams, i: number): number {
  const gap = (p.peg * p.lowPct) / 100;
  const trough = p.startBlock + p.durationBlocks;
  if (i < trough) return i <= p.startBlock ? p.peg : p.peg - (gap * (i - p.startBlock)) / p.durationBlocks;
  if (i === trough) return p.peg - gap;
  return p.peg - gap * 0.5 ** ((i - trough) / p.recoveryHalfLifeBlocks);
}

/** The depeg path over `blocks` blocks (no noise; `multi-path.ts` adds the optional noise). */
export function depegCurve(p: DepegParams, blocks: number): number[] {
  validateDepeg(p);
  return Array.from({ length: blocks }, (_, i) => depegPrice(p, i));
}
