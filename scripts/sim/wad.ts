/** Conversions between human decimal numbers and on-chain fixed point, through decimal strings (never float ×). */

export const WAD = 10n ** 18n;

/**
 * Parses a decimal number given as text (`"2000.5"`, `"1e-7"`, `"-3"`) into an integer with `decimals` places,
 * truncating extra digits toward zero.
 */
export function parseFixed(text: string, decimals: number): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new RangeError(`not a decimal number: "${text}"`);
  const [, sign, intPart, fracPart = "", exp = "0"] = m;
  let digits = intPart + fracPart;
  let scale = fracPart.length - Number(exp) - decimals; // value = digits × 10^-scale
  if (scale > 0) {
    digits = scale >= digits.length ? "0" : digits.slice(0, digits.length - scale);
    scale = 0;
  }
  const value = BigInt(digits === "" ? "0" : digits) * 10n ** BigInt(-scale);
  return sign === "-" ? -value : value;
}

/**
 * A JS number as an integer with `decimals` places, via its shortest round-trip decimal text: 2000.1 → exactly
 * 2000.1 × 10^decimals (float multiplication would give 2000.0999…). Digits beyond `decimals` are truncated.
 */
export function toFixedUnits(value: number, decimals: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return parseFixed(String(value), decimals);
}

/** A price or ratio as WAD (18 decimals). */
export function toWad(value: number): bigint {
  return toFixedUnits(value, 18);
}

/** An integer with `decimals` places back to a number (for charts and reports only; loses precision). */
export function fromFixedUnits(value: bigint, decimals: number): number {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const text = `${abs / base}.${(abs % base).toString().padStart(decimals, "0")}`;
  return (negative ? -1 : 1) * Number(text);
}

/** a ÷ b as a number with 12 significant decimals of precision, for shares of bigint totals. */
export function ratio(a: bigint, b: bigint): number {
  const SCALE = 10n ** 12n;
  return Number((a * SCALE) / b) / 1e12;
}
