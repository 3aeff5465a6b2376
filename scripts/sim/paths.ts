/**
 * Exogenous price paths, one price per block (index i = block i of the run, i = 0 … blocks-1), in debt tokens
 * per collateral token. Floats are fine here: the path is an input, converted with `toWad` at the chain boundary.
 */
import type { PathSpec } from "./scenario";
import { Rng } from "./random";
import { depegPath } from "./depeg-path";
import { PathCsvError } from "./csv-path-error";
import { isOhlcCsv, ohlcPath, parseOhlcCsv } from "./csv-path";

export { toWad } from "./wad";

const SECONDS_PER_YEAR = 365 * 24 * 3600;

export interface PathContext {
  blocks: number;
  blockTimeSeconds: number;
  /** Used when the spec has no seed of its own. */
  seed: string;
  /** Reads a CSV replay file (path as written in the scenario); injected so this module stays pure. */
  readCsv?: (file: string) => string;
}

/** Flat at `initialPrice`, then `initialPrice × (1 - dropPct/100)` from block `atBlock` on. */
export function stepPath(initialPrice: number, atBlock: number, dropPct: number, blocks: number): number[] {
  const after = initialPrice * (1 - dropPct / 100);
  return Array.from({ length: blocks }, (_, i) => (i < atBlock ? initialPrice : after));
}

/** Flat until `startBlock`, falls linearly to `initialPrice × (1 - dropPct/100)` at `startBlock + durationBlocks`. */
export function linearPath(
  initialPrice: number,
  startBlock: number,
  durationBlocks: number,
  dropPct: number,
  blocks: number,
): number[] {
  return Array.from({ length: blocks }, (_, i) => {
    const progress = Math.min(1, Math.max(0, (i - startBlock) / durationBlocks));
    return initialPrice * (1 - (dropPct / 100) * progress);
  });
}

export interface GbmParams {
  initialPrice: number;
  driftPerYear: number;
  volatilityPerYear: number;
  blockTimeSeconds: number;
  /** Chance of a jump per block, and the normal law of its log size; omit for plain GBM. */
  jumps?: { probability: number; mean: number; stdDev: number };
  /** From block `atBlock` on, the drift and volatility change (a volatility regime shift); omit for one regime. */
  regime?: { atBlock: number; driftPerYear: number; volatilityPerYear: number };
}

/** Geometric Brownian motion (exact log-normal steps), optionally with Poisson jumps (Merton). */
export function gbmPath(params: GbmParams, blocks: number, rng: Rng): number[] {
  const dt = params.blockTimeSeconds / SECONDS_PER_YEAR;
  const steps = (driftPerYear: number, sigma: number) => ({
    drift: (driftPerYear - (sigma * sigma) / 2) * dt,
    vol: sigma * Math.sqrt(dt),
  });
  const before = steps(params.driftPerYear, params.volatilityPerYear);
  const after = params.regime ? steps(params.regime.driftPerYear, params.regime.volatilityPerYear) : before;
  const out: number[] = [];
  let logReturn = 0; // log(price / initialPrice), so block 0 is exactly the initial price
  for (let i = 0; i < blocks; i++) {
    if (i > 0) {
      const { drift, vol } = params.regime && i >= params.regime.atBlock ? after : before;
      logReturn += drift + vol * rng.normal();
      // Draw the jump decision every block (not only when jumps exist) so both streams stay aligned.
      const u = rng.uniform();
      const size = rng.normal();
      if (params.jumps && u < params.jumps.probability) logReturn += params.jumps.mean + params.jumps.stdDev * size;
    }
    out.push(params.initialPrice * Math.exp(logReturn));
  }
  return out;
}

/* CSV REPLAY */

export type CsvTimeColumn = "block" | "timestamp";

export interface PriceSeries {
  column: CsvTimeColumn;
  /** Strictly increasing block numbers or unix seconds, with the price at each. */
  points: { x: number; price: number }[];
}

export { PathCsvError };

/** Parses `block,price` or `timestamp,price` CSV (header required; blank lines and `#` comments skipped). */
export function parsePriceCsv(text: string, source: string): PriceSeries {
  const lines = text.split(/\r?\n/);
  let column: CsvTimeColumn | undefined;
  const points: { x: number; price: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const cells = line.split(",").map((c) => c.trim());
    if (column === undefined) {
      const header = cells.map((c) => c.toLowerCase());
      if (header.length !== 2 || (header[0] !== "block" && header[0] !== "timestamp") || header[1] !== "price") {
        throw new PathCsvError(source, lineNo, `header must be "block,price" or "timestamp,price", got "${line}"`);
      }
      column = header[0] as CsvTimeColumn;
      continue;
    }
    if (cells.length !== 2) throw new PathCsvError(source, lineNo, `expected 2 values, got ${cells.length}`);
    const x = Number(cells[0]);
    const price = Number(cells[1]);
    if (cells[0] === "" || !Number.isFinite(x) || x < 0) {
      throw new PathCsvError(source, lineNo, `${column} "${cells[0]}" is not a non-negative number`);
    }
    if (cells[1] === "" || !Number.isFinite(price) || price <= 0) {
      throw new PathCsvError(source, lineNo, `price "${cells[1]}" is not a positive number`);
    }
    const prev = points[points.length - 1];
    if (prev && x <= prev.x) {
      throw new PathCsvError(source, lineNo, `${column} ${x} does not increase (previous ${prev.x})`);
    }
    points.push({ x, price });
  }
  if (column === undefined) throw new PathCsvError(source, 1, "empty file: no header");
  if (points.length === 0) throw new PathCsvError(source, lines.length, "no price rows after the header");
  return { column, points };
}

/**
 * Samples a series at the run's blocks: block i sits at `x0 + i` (block column) or `t0 + i × blockTime`
 * (timestamp column), x0/t0 being the first row. Linear interpolation between rows; the last price is held after.
 */
export function replayPath(series: PriceSeries, blocks: number, blockTimeSeconds: number): number[] {
  const { points } = series;
  const step = series.column === "block" ? 1 : blockTimeSeconds;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < blocks; i++) {
    const x = points[0].x + i * step;
    while (j + 1 < points.length && points[j + 1].x <= x) j++;
    const a = points[j];
    const b = points[j + 1];
    out.push(b === undefined ? a.price : a.price + ((b.price - a.price) * (x - a.x)) / (b.x - a.x));
  }
  return out;
}

/** The path a scenario describes. */
export function generatePath(spec: PathSpec, ctx: PathContext): number[] {
  switch (spec.kind) {
    case "step":
      return stepPath(spec.initialPrice, spec.atBlock, spec.dropPct, ctx.blocks);
    case "linear":
      return linearPath(spec.initialPrice, spec.startBlock, spec.durationBlocks, spec.dropPct, ctx.blocks);
    case "gbm":
    case "jump":
    case "regime": {
      const rng = new Rng(spec.seed ?? `${ctx.seed}/path`);
      const jumps =
        spec.kind === "jump"
          ? { probability: spec.jumpProbability, mean: spec.jumpMean, stdDev: spec.jumpStdDev }
          : undefined;
      const regime =
        spec.kind === "regime"
          ? {
              atBlock: spec.shiftBlock,
              driftPerYear: spec.driftAfterPerYear,
              volatilityPerYear: spec.volatilityAfterPerYear,
            }
          : undefined;
      return gbmPath({ ...spec, blockTimeSeconds: ctx.blockTimeSeconds, jumps, regime }, ctx.blocks, rng);
    }
    case "depeg":
      return depegPath(spec, ctx.blocks, new Rng(spec.seed ?? `${ctx.seed}/path`));
    case "csv": {
      if (!ctx.readCsv) throw new Error(`path.file: no CSV reader given for "${spec.file}"`);
      const text = ctx.readCsv(spec.file);
      if (isOhlcCsv(text)) {
        const clock = {
          blocks: ctx.blocks,
          tapeSecondsPerBlock: spec.tapeSecondsPerBlock ?? ctx.blockTimeSeconds,
          start: spec.start,
        };
        return ohlcPath(parseOhlcCsv(text, spec.file), clock, new Rng(spec.seed ?? `${ctx.seed}/path`));
      }
      if (spec.tapeSecondsPerBlock !== undefined || spec.start !== undefined || spec.seed !== undefined) {
        throw new Error(`path: tapeSecondsPerBlock, start and seed apply to OHLC files only, not "${spec.file}"`);
      }
      return replayPath(parsePriceCsv(text, spec.file), ctx.blocks, ctx.blockTimeSeconds);
    }
  }
}

/** Peak drawdown of a series: max over t of (running max − p_t) ÷ running max; 0 for a non-falling series. */
export function peakDrawdown(prices: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const p of prices) {
    if (p > peak) peak = p;
    if (peak > 0) worst = Math.max(worst, (peak - p) / peak);
  }
  return worst;
}
