/**
 * What the generated documents share (pure, except `writeDoc`): number formatting, Markdown tables, the verdict of a
 * documented claim checked against fresh runs, and an atomic write. Used by gen-scenarios-doc, gen-risk-controls-doc
 * and gen-gas-war-doc.
 */
import * as fs from "node:fs";

/** `x` to `digits` significant digits with thousands separators; "–" for null or a non-finite number. */
export function sig(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return Number(x.toPrecision(digits)).toLocaleString("en-US");
}

/** A whole amount with thousands separators ("–" for null). */
export function money(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return Math.round(x).toLocaleString("en-US");
}

/** A ratio (0.25) as a percentage with `digits` decimals ("25.00%"); "–" for null. */
export function pct(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return `${(100 * x).toFixed(digits)}%`;
}

/** A Markdown table: a header row, the separator, then one line per row (cells as given). */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** One direction a document states, checked on the runs: what it says, whether it still holds, the numbers. */
export interface Check {
  what: string;
  holds: boolean;
  measured: string;
}

/** holds: every check holds; flips: none does; partly: some do (also a finding). */
export type Verdict = "holds" | "flips" | "partly";

export function verdict(checks: readonly Check[]): Verdict {
  const held = checks.filter((c) => c.holds).length;
  return held === checks.length ? "holds" : held === 0 ? "flips" : "partly";
}

/** The verdict as a table cell: flips and partial flips are marked as findings. */
export function verdictCell(checks: readonly Check[]): string {
  const v = verdict(checks);
  return v === "holds" ? "holds" : `**${v}** (finding)`;
}

/**
 * One generated sentence on a claim: "Holds under …: a; b." or "**Finding: flips** under …: a (does not hold: …)".
 * `under` names the conditions (e.g. "the default rational keepers").
 */
export function verdictSentence(checks: readonly Check[], under: string): string {
  const v = verdict(checks);
  const parts = checks.map((c) => `${c.what}: ${c.holds ? "yes" : "**no**"} (${c.measured})`);
  const head =
    v === "holds"
      ? `Still shows under ${under}`
      : v === "flips"
        ? `**Finding: the direction flips** under ${under}`
        : `**Finding: only partly holds** under ${under}`;
  return `${head}: ${parts.join("; ")}.`;
}

/** Writes through a temporary file, so a failed generation leaves the last document intact. */
export function writeDoc(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

/* CONSOLE NUMBERS: one format for every task's summary (cascade, gas-war, the attack line). */

const isNumber = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** `x` with thousands separators and exactly `decimals` decimals ("1,234.50"); "–" for null. */
export function fixed(x: number | null | undefined, decimals = 2): string {
  if (!isNumber(x)) return "–";
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A token amount in base units as whole tokens with 2 decimals and the symbol: "102,972.00 USDC". */
export function tokens(units: bigint, tokenDecimals: number, symbol: string, decimals = 2): string {
  const base = 10n ** BigInt(tokenDecimals);
  const negative = units < 0n;
  const abs = negative ? -units : units;
  // Rounded half up on the absolute value, in bigint (a float would lose cents on large amounts).
  const scale = 10n ** BigInt(decimals);
  const scaled = (abs * scale * 2n + base) / (2n * base);
  const whole = (scaled / scale).toLocaleString("en-US");
  const frac = decimals > 0 ? `.${(scaled % scale).toString().padStart(decimals, "0")}` : "";
  return `${negative && scaled > 0n ? "-" : ""}${whole}${frac} ${symbol}`;
}

const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/**
 * A token amount for people: whole units with separators from 1,000 up ("102,972 USDC"), cents below
 * ("12.35 USDC"), three significant digits below one ("0.000123 WETH"); "–" for null or non-finite.
 */
export function amount(x: number | null | undefined, symbol: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  const text = a >= 1000 ? WHOLE.format(x) : a >= 1 || a === 0 ? CENTS.format(x) : SMALL.format(x);
  return `${text} ${symbol}`;
}

/** A count or gas figure with thousands separators and its unit, if any ("11,980,438 gas"); "–" for null. */
export function count(x: number | bigint | string | null | undefined, unit = ""): string {
  if (x === null || x === undefined) return "–";
  const withUnit = (text: string) => (unit ? `${text} ${unit}` : text);
  if (typeof x === "bigint" || (typeof x === "string" && /^-?\d+$/.test(x))) return withUnit(WHOLE.format(BigInt(x)));
  const n = Number(x);
  return Number.isFinite(n) ? withUnit(WHOLE.format(n)) : "–";
}

/** A multiple with a times sign and `digits` decimals ("1.91×"); "–" for null. */
export function times(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return `${x.toFixed(digits)}×`;
}

/** A price: 4 significant digits, separators ("1,500", "0.0001234"); "–" for null. */
export function price(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return Number(x.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 12 });
}
