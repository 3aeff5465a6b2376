/**
 * Off-chain reference for the constant-product pool: bigint math written from the closed form, independent of the
 * Solidity code, plus Uniswap V2's own formulas (997/1000) and a seeded PRNG for reproducible random cases.
 */

export const BPS = 10_000n;
export const Q112 = 1n << 112n;
export const UINT112_MAX = Q112 - 1n;
export const UINT256_MODULUS = 1n << 256n;

/** Largest integer output `o` with (reserveIn*BPS + amountIn*(BPS-fee)) * (reserveOut - o) >= reserveIn*reserveOut*BPS. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): bigint {
  const amountInWithFee = amountIn * (BPS - feeBps);
  return (amountInWithFee * reserveOut) / (reserveIn * BPS + amountInWithFee);
}

/** Uniswap V2's floor(...) + 1 input for an exact output. */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): bigint {
  return (reserveIn * amountOut * BPS) / ((reserveOut - amountOut) * (BPS - feeBps)) + 1n;
}

/** UniswapV2Library.getAmountOut, verbatim (fee fixed at 0.3%). */
export function uniswapV2GetAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const amountInWithFee = amountIn * 997n;
  return (amountInWithFee * reserveOut) / (reserveIn * 1000n + amountInWithFee);
}

/** UniswapV2Library.getAmountIn, verbatim. */
export function uniswapV2GetAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (reserveIn * amountOut * 1000n) / ((reserveOut - amountOut) * 997n) + 1n;
}

const UINT256_MAX = UINT256_MODULUS - 1n;
/** SafeMath's `mul`/`add`: undefined where Uniswap V2 would revert ('ds-math-mul-overflow' / 'ds-math-add-overflow'). */
const checked = (x: bigint | undefined) => (x === undefined || x > UINT256_MAX ? undefined : x);

/** UniswapV2Library.getAmountOut with SafeMath's overflow checks: undefined where V2 reverts. */
export function uniswapV2GetAmountOutChecked(amountIn: bigint, reserveIn: bigint, reserveOut: bigint) {
  const amountInWithFee = checked(amountIn * 997n);
  const numerator = amountInWithFee === undefined ? undefined : checked(amountInWithFee * reserveOut);
  const scaledIn = checked(reserveIn * 1000n);
  const denominator =
    scaledIn === undefined || amountInWithFee === undefined ? undefined : checked(scaledIn + amountInWithFee);
  return numerator === undefined || denominator === undefined ? undefined : numerator / denominator;
}

/** UniswapV2Library.getAmountIn with SafeMath's overflow checks: undefined where V2 reverts. */
export function uniswapV2GetAmountInChecked(amountOut: bigint, reserveIn: bigint, reserveOut: bigint) {
  const product = checked(reserveIn * amountOut);
  const numerator = product === undefined ? undefined : checked(product * 1000n);
  const denominator = checked((reserveOut - amountOut) * 997n);
  return numerator === undefined || denominator === undefined ? undefined : numerator / denominator + 1n;
}

/** The pool's check for a one-sided swap, as the pool computes it: [kBefore, kAfter], both scaled by BPS^2. */
export function swapProducts(
  amountIn: bigint,
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps: bigint,
): [bigint, bigint] {
  const balanceInAdjusted = (reserveIn + amountIn) * BPS - amountIn * feeBps;
  const balanceOutAdjusted = (reserveOut - amountOut) * BPS;
  return [reserveIn * reserveOut * BPS * BPS, balanceInAdjusted * balanceOutAdjusted];
}

/** True when the pool's invariant accepts paying `amountIn` for `amountOut`. */
export function invariantHolds(
  amountIn: bigint,
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps: bigint,
): boolean {
  const [kBefore, kAfter] = swapProducts(amountIn, amountOut, reserveIn, reserveOut, feeBps);
  return kAfter >= kBefore;
}

/** UQ112x112 price of `reserveB` in units of `reserveA`, rounded down (Uniswap V2's encode/uqdiv). */
export function uq112Price(reserveA: bigint, reserveB: bigint): bigint {
  return (reserveB * Q112) / reserveA;
}

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

/** Seeded PRNG (mulberry32): the same seed gives the same cases on every run. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform integer in [0, 2^32). */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [min, max] (small ranges only). */
  int(min: number, max: number): number {
    return min + (this.nextU32() % (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Uniform bigint in [0, 2^bits). */
  bits(bits: number): bigint {
    let out = 0n;
    for (let have = 0; have < bits; have += 32) out = (out << 32n) | BigInt(this.nextU32());
    return out & ((1n << BigInt(bits)) - 1n);
  }

  /** Log-uniform bigint in [min, max]: every order of magnitude is as likely, so tiny and huge cases both occur. */
  logUniform(min: bigint, max: bigint): bigint {
    const minBits = min.toString(2).length;
    const maxBits = max.toString(2).length;
    const bits = this.int(minBits, maxBits);
    const value = (1n << BigInt(bits - 1)) | this.bits(bits - 1);
    return value < min ? min : value > max ? max : value;
  }
}

/** `whole` tokens in base units of a token with `decimals`. */
export function units(whole: bigint, decimals: number): bigint {
  return whole * 10n ** BigInt(decimals);
}
