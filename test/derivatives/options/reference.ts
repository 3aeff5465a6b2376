/**
 * Off-chain Black-76 reference at 70 decimal digits (bigint fixed point), independent of the contract's methods:
 * exp by argument halving + Taylor + repeated squaring, ln by Halley's iteration on that exp, Φ by Marsaglia's series
 * alone (its cancellation in the far tail is absorbed by the 70 digits), sqrt by bigint Newton.
 */
export const P = 10n ** 70n;
const WAD = 10n ** 18n;
export const YEAR = 365n * 24n * 3600n;

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const mul = (a: bigint, b: bigint): bigint => (a * b) / P;
const div = (a: bigint, b: bigint): bigint => (a * P) / b;

/** Integer square root (floor). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt of negative ${n}`);
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (abs(y - x) <= 1n) {
      let r = y < x ? y : x;
      while ((r + 1n) * (r + 1n) <= n) r++;
      while (r * r > n) r--;
      return r;
    }
    x = y;
  }
}

/** e^x at P. */
export function expP(x: bigint): bigint {
  let halvings = 0;
  let r = x;
  while (abs(r) > P / 1000n) {
    r /= 2n;
    halvings++;
  }
  let sum = P;
  let term = P;
  for (let n = 1n; term !== 0n; n++) {
    term = mul(term, r) / n;
    sum += term;
  }
  for (let i = 0; i < halvings; i++) sum = mul(sum, sum);
  return sum;
}

/** ln y at P (y > 0 at P), Halley's iteration x ← x + 2(y − e^x)/(y + e^x) from a double-precision start. */
export function lnP(y: bigint): bigint {
  if (y <= 0n) throw new RangeError(`ln of ${y}`);
  // Start from the double-precision log of y's leading digits, scaled by its number of digits.
  const digits = y.toString().length;
  const lead = Number(y.toString().slice(0, 17)) / 1e16;
  const approx = Math.log(lead) + (digits - 1 - 70) * Math.LN10;
  let x = BigInt(Math.round(approx * 1e15)) * (P / 10n ** 15n);
  for (let i = 0; i < 6; i++) {
    const e = expP(x);
    x += div(2n * (y - e), y + e);
  }
  return x;
}

/** Standard normal density at P. */
export function pdfP(x: bigint): bigint {
  const twoPi = 2n * PI_P;
  return div(expP(-mul(x, x) / 2n), isqrt(twoPi * P));
}

/** π at P (Machin: 16·atan(1/5) − 4·atan(1/239)). */
function atanInv(n: bigint): bigint {
  let sum = 0n;
  let power = P / n;
  const n2 = n * n;
  for (let k = 0n; power !== 0n; k++) {
    const term = power / (2n * k + 1n);
    sum += k % 2n === 0n ? term : -term;
    power /= n2;
  }
  return sum;
}
export const PI_P = 16n * atanInv(5n) - 4n * atanInv(239n);

/** Φ(x) at P by Marsaglia's series; exactly 0 or 1 beyond |x| = 14 (tail < 1e-44). */
export function cdfP(x: bigint): bigint {
  if (x > 14n * P) return P;
  if (x < -14n * P) return 0n;
  const x2 = mul(x, x);
  let sum = x;
  let term = x;
  for (let n = 3n; term !== 0n; n += 2n) {
    term = mul(term, x2) / n;
    sum += term;
  }
  return P / 2n + mul(pdfP(x), sum);
}

export interface OptionInput {
  isCall: boolean;
  /** Forward, WAD. */
  forward: bigint;
  /** Strike, WAD. */
  strike: bigint;
  /** Annualised vol, WAD. */
  vol: bigint;
  /** Seconds to expiry. */
  tau: bigint;
}

/** Black-76 price, delta and gamma at P (price in quote per unit; gamma per unit of forward). */
export function black76P(o: OptionInput): { price: bigint; delta: bigint; gamma: bigint } {
  const F = (o.forward * P) / WAD;
  const K = (o.strike * P) / WAD;
  const v = mul((o.vol * P) / WAD, isqrt(((o.tau * P) / YEAR) * P));
  if (v === 0n) {
    const intrinsic = o.isCall ? (F > K ? F - K : 0n) : K > F ? K - F : 0n;
    return { price: intrinsic, delta: 0n, gamma: 0n };
  }
  const d1 = div(lnP(div(F, K)) + mul(v, v) / 2n, v);
  const d2 = d1 - v;
  const price = o.isCall ? mul(F, cdfP(d1)) - mul(K, cdfP(d2)) : mul(K, cdfP(-d2)) - mul(F, cdfP(-d1));
  const delta = o.isCall ? cdfP(d1) : cdfP(d1) - P;
  const gamma = div(pdfP(d1), mul(F, v));
  return { price, delta, gamma };
}

/** |a − b| / |b| as a double, for a WAD value `a` against a P value `b` (0 when both are 0). */
export function relErrWad(a: bigint, bRefP: bigint): number {
  const aP = a * (P / WAD);
  if (bRefP === 0n) return aP === 0n ? 0 : Infinity;
  return Number((abs(aP - bRefP) * 10n ** 30n) / abs(bRefP)) / 1e30;
}
