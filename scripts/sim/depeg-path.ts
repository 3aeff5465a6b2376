/**
 * The price of a pegged asset (a stablecoin, a liquid-staking token) that trades off its peg: flat at the peg, a
 * linear fall to a trough, then an exponential recovery of the gap. Floats: the path is an input, converted with
 * `toWad` at the chain boundary.
 */
import type { Rng } from "./random";

export interface DepegParams {
  /** Price at the peg, debt tokens per token. */
  peg: number;
  /** Trough depth in percent below the peg. */
  lowPct: number;
  /** Last block at the peg. */
  startBlock: number;
  /** Blocks from `startBlock` to the trough. */
  durationBlocks: number;
  /** Blocks in which the gap to the peg halves after the trough. */
  recoveryHalfLifeBlocks: number;
  /** Standard deviation of the per-block log deviation (0 = deterministic). */
  noise: number;
}

/** Gap to the peg at block `i`, as a share of the peg: 0 before the fall, lowPct/100 at the trough. */
export function depegGap(p: Omit<DepegParams, "peg" | "noise">, i: number): number {
  const low = p.lowPct / 100;
  if (i <= p.startBlock) return 0;
  const trough = p.startBlock + p.durationBlocks;
  if (i <= trough) return (low * (i - p.startBlock)) / p.durationBlocks;
  return low * Math.pow(2, -(i - trough) / p.recoveryHalfLifeBlocks);
}

/**
 * `peg × (1 − gap_i) × exp(noise × z_i − noise²/2)` per block; block 0 is exactly the peg. One normal draw per block
 * from block 1 on, whatever the noise, so the stream stays aligned across parameter changes.
 */
export function depegPath(p: DepegParams, blocks: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let i = 0; i < blocks; i++) {
    const base = p.peg * (1 - depegGap(p, i));
    if (i === 0) {
      out.push(base);
      continue;
    }
    const z = rng.normal();
    out.push(base * Math.exp(p.noise * z - (p.noise * p.noise) / 2));
  }
  return out;
}
