/**
 * OHLC candle replay: real `timestamp,open,high,low,close` candles (unix seconds UTC, the candle's opening time)
 * played on the block clock, with seeded bridging inside each candle that reaches the candle's high and low and
 * never leaves [low, high].
 *
 * Bridging, per candle (after merging, see below) holding k ≥ 3 block samples:
 *   - sample 0 is the open;
 *   - the two extremes (high, low) go to two distinct samples a < b drawn uniformly from 1 … k−1, in an order
 *     drawn by a fair seeded coin (high first or low first);
 *   - between anchors (open → first extreme → second extreme → close, the close sitting at the candle's end, i.e.
 *     the first sample of the next candle's time) the log price follows a Brownian bridge whose per-sample
 *     volatility is the candle's Parkinson volatility ln(H/L) / (2·√ln 2) spread over its k samples
 *     (÷ √k), then clamped to [low, high].
 * A candle with k = 2 samples gets its two extremes (seeded order), k = 1 its close. To keep k ≥ 3, consecutive
 * candles are merged first (open of the first, max high, min low, close of the last) until a merged candle spans
 * at least 3 blocks of tape: compressing time never drops a low, it widens the window in which it is reached.
 * Floats are fine: the path is an input, converted with `toWad` at the chain boundary.
 */
import { Rng } from "./random";
import { PathCsvError } from "./csv-path-error";

export interface Candle {
  /** Unix seconds (UTC) at which the candle opens. */
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export const OHLC_HEADER = "timestamp,open,high,low,close";

/** Fewest block samples a candle needs for its open, high and low to each land on a block. */
export const MIN_SAMPLES_PER_CANDLE = 3;

/** Parkinson's constant: E[ln(H/L)] ≈ 2·√(ln 2)·σ for a Brownian motion of volatility σ over the candle. */
const PARKINSON = 2 * Math.sqrt(Math.LN2);

/** True when the first non-comment, non-blank line of `text` is the OHLC header. */
export function isOhlcCsv(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    return line.toLowerCase().replace(/\s/g, "") === OHLC_HEADER;
  }
  return false;
}

/** Parses an OHLC CSV (header required; blank lines and `#` comments skipped); checks L ≤ O, C ≤ H and order. */
export function parseOhlcCsv(text: string, source: string): Candle[] {
  const lines = text.split(/\r?\n/);
  let header = false;
  const out: Candle[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    if (!header) {
      if (line.toLowerCase().replace(/\s/g, "") !== OHLC_HEADER) {
        throw new PathCsvError(source, lineNo, `header must be "${OHLC_HEADER}", got "${line}"`);
      }
      header = true;
      continue;
    }
    const cells = line.split(",").map((c) => c.trim());
    if (cells.length !== 5) throw new PathCsvError(source, lineNo, `expected 5 values, got ${cells.length}`);
    const [t, open, high, low, close] = cells.map(Number);
    if (cells[0] === "" || !Number.isFinite(t) || t < 0) {
      throw new PathCsvError(source, lineNo, `timestamp "${cells[0]}" is not a non-negative number`);
    }
    for (const [k, v] of [
      [1, open],
      [2, high],
      [3, low],
      [4, close],
    ] as const) {
      if (cells[k] === "" || !Number.isFinite(v) || v <= 0) {
        throw new PathCsvError(source, lineNo, `${OHLC_HEADER.split(",")[k]} "${cells[k]}" is not a positive number`);
      }
    }
    if (low > Math.min(open, close) || high < Math.max(open, close)) {
      throw new PathCsvError(
        source,
        lineNo,
        `low ${low} / high ${high} do not bracket open ${open} and close ${close}`,
      );
    }
    const prev = out[out.length - 1];
    if (prev && t <= prev.t)
      throw new PathCsvError(source, lineNo, `timestamp ${t} does not increase (previous ${prev.t})`);
    out.push({ t, open, high, low, close });
  }
  if (!header) throw new PathCsvError(source, 1, "empty file: no header");
  if (out.length === 0) throw new PathCsvError(source, lines.length, "no candles after the header");
  return out;
}

/** Seconds a candle lasts: to the next candle's open; the last one lasts as long as the one before it (or 60 s). */
export function candleSeconds(candles: readonly Candle[], i: number): number {
  if (i + 1 < candles.length) return candles[i + 1].t - candles[i].t;
  return i > 0 ? candles[i].t - candles[i - 1].t : 60;
}

/** Merges consecutive candles (first open, max high, min low, last close) until each spans ≥ `minSeconds`. */
export function mergeCandles(candles: readonly Candle[], minSeconds: number): Candle[] {
  const out: Candle[] = [];
  let cur: Candle | undefined;
  let start = 0;
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    if (cur === undefined) {
      cur = { ...c };
      start = c.t;
    } else {
      cur.high = Math.max(cur.high, c.high);
      cur.low = Math.min(cur.low, c.low);
      cur.close = c.close;
    }
    const end = c.t + candleSeconds(candles, i);
    if (end - start >= minSeconds || i === candles.length - 1) {
      out.push(cur);
      cur = undefined;
    }
  }
  return out;
}

/** How a tape is laid on the block clock. */
export interface TapeClock {
  blocks: number;
  /** Seconds of tape each block advances (> 0); equal to the chain's block time for real-time replay. */
  tapeSecondsPerBlock: number;
  /** Unix seconds of tape at block 0; absent = the first candle's open. */
  start?: number;
}

/**
 * One price per block from OHLC candles: block i reads tape time start + i × tapeSecondsPerBlock. Blocks before
 * the first candle take its open; blocks after the last candle's end hold its close.
 */
export function ohlcPath(candles: readonly Candle[], clock: TapeClock, rng: Rng): number[] {
  const { blocks, tapeSecondsPerBlock: dt } = clock;
  const t0 = clock.start ?? candles[0].t;
  const merged = mergeCandles(candles, MIN_SAMPLES_PER_CANDLE * dt);
  const out = new Array<number>(blocks);
  let i = 0;
  while (i < blocks && t0 + i * dt < merged[0].t) out[i++] = merged[0].open;
  for (let c = 0; c < merged.length && i < blocks; c++) {
    const end = c + 1 < merged.length ? merged[c + 1].t : merged[c].t + candleSeconds(merged, c);
    let k = 0;
    while (i + k < blocks && t0 + (i + k) * dt < end) k++;
    if (k === 0) continue;
    const samples = bridgeCandle(merged[c], k, rng);
    for (let j = 0; j < k; j++) out[i + j] = samples[j];
    i += k;
  }
  const last = merged[merged.length - 1].close;
  while (i < blocks) out[i++] = last;
  return out;
}

/**
 * k samples of one candle (see the module comment): open first, each extreme exactly once at a seeded sample,
 * Brownian-bridge noise in log price between anchors, clamped to [low, high]. Draws from `rng` in a fixed order.
 */
export function bridgeCandle(c: Candle, k: number, rng: Rng): number[] {
  const highFirst = rng.uniform() < 0.5;
  const [e1, e2] = highFirst ? [c.high, c.low] : [c.low, c.high];
  if (k === 1) return [c.close];
  if (k === 2) return [e1, e2];
  // two distinct sample indices in 1 … k−1, sorted
  const a = 1 + rng.int(k - 1);
  let b = 1 + rng.int(k - 2);
  if (b >= a) b++;
  const [ia, ib] = a < b ? [a, b] : [b, a];
  const anchors: [number, number][] = [
    [0, c.open],
    [ia, e1],
    [ib, e2],
    [k, c.close], // the close sits at the candle's end, the next candle's first sample
  ];
  const sigma = Math.log(c.high / c.low) / PARKINSON / Math.sqrt(k);
  const out = new Array<number>(k);
  for (let s = 0; s + 1 < anchors.length; s++) {
    const [from, pFrom] = anchors[s];
    const [to, pTo] = anchors[s + 1];
    out[from] = pFrom;
    let y = Math.log(pFrom);
    const target = Math.log(pTo);
    for (let j = from + 1; j < to && j < k; j++) {
      const left = to - j + 1; // steps from j−1 to the anchor
      const mean = y + (target - y) / left;
      const sd = sigma * Math.sqrt((left - 1) / left);
      y = mean + sd * rng.normal();
      out[j] = Math.min(c.high, Math.max(c.low, Math.exp(y)));
      y = Math.log(out[j]);
    }
  }
  return out;
}

/** The bridging check of a replayed path: how many (merged) candles it covered whole, and how many it honoured. */
export interface CandleCheck {
  /** Candles (after merging) whose whole span lies inside the replayed blocks. */
  candles: number;
  /** …of which the path reached both the high and the low on some block. */
  extremesReached: number;
  /** Blocks whose price left their candle's [low, high] (0 for a correct bridge). */
  blocksOutside: number;
}

/** Checks `prices` (one per block, as `ohlcPath` laid them) against the candles they replay. */
export function checkCandles(candles: readonly Candle[], prices: readonly number[], clock: TapeClock): CandleCheck {
  const { tapeSecondsPerBlock: dt } = clock;
  const t0 = clock.start ?? candles[0].t;
  const merged = mergeCandles(candles, MIN_SAMPLES_PER_CANDLE * dt);
  const tEnd = t0 + prices.length * dt;
  let covered = 0;
  let extremesReached = 0;
  let blocksOutside = 0;
  for (let c = 0; c < merged.length; c++) {
    const start = merged[c].t;
    const end = c + 1 < merged.length ? merged[c + 1].t : start + candleSeconds(merged, c);
    const inside = prices.filter((_, i) => t0 + i * dt >= start && t0 + i * dt < end);
    if (inside.length === 0) continue;
    blocksOutside += inside.filter((p) => p > merged[c].high || p < merged[c].low).length;
    if (start < t0 || end > tEnd) continue;
    covered += 1;
    if (inside.includes(merged[c].high) && inside.includes(merged[c].low)) extremesReached += 1;
  }
  return { candles: covered, extremesReached, blocksOutside };
}
