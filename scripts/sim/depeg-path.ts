/**
 * The `depeg` path kind of a scenario (a stablecoin or liquid-staking token that trades off its peg): the curve of
 * `depeg.ts` (flat at the peg, a linear fall to the trough, an exponential recovery of the gap) times an optional
 * mean-preserving noise. Floats: the path is an input, converted with `toWad` at the chain boundary.
 */
import type { Rng } from "./random";
import { type DepegParams, depegPrice } from "./depeg";

/** The curve's parameters plus the per-block noise: standard deviation of the log deviation (0 = deterministic). */
export interface DepegPathParams extends DepegParams {
  noise: number;
}

/** `exp(noise × z − noise²/2)`: the mean-preserving factor a depeg price is multiplied by in a block with shock z. */
export function depegNoiseFactor(noise: number, z: number): number {
  return noise > 0 ? Math.exp(noise * z - (noise * noise) / 2) : 1;
}

/**
 * `depegPrice(i) × exp(noise × z_i − noise²/2)` per block; block 0 is exactly the peg. One normal draw per block
 * from block 1 on, whatever the noise, so the stream stays aligned across parameter changes.
 */
export function depegPath(p: DepegPathParams, blocks: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let i = 0; i < blocks; i++) {
    if (i === 0) {
      out.push(depegPrice(p, 0));
      continue;
    }
    out.push(depegPrice(p, i) * depegNoiseFactor(p.noise, rng.normal()));
  }
  return out;
}
