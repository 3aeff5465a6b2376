/** The exogenous price path of an asset (scenario `path`, `assets[].path`): one price per block. */
import { z } from "zod";
import { field, UNIT } from "./field";
import { int, nonNeg, pos, ratio } from "./primitives";

/* PRICE PATH */

const initialPrice = field(
  pos().default(2000),
  UNIT.price,
  "Exogenous price at block 0; also the AMM's and the oracle's starting price.",
);
const pathSeed = field(
  z.string().optional(),
  UNIT.text,
  "Seed of this path's randomness; absent = derived from the scenario seed.",
);
const gbmShape = {
  initialPrice,
  driftPerYear: field(z.number().default(0), UNIT.perYear, "Drift μ of the log price (annualized)."),
  volatilityPerYear: field(nonNeg().default(0.8), UNIT.perYear, "Volatility σ of the log price (annualized)."),
  seed: pathSeed,
};

/** A price path without its default (a listed asset's `path`, which defaults to the top-level one). */
export const pathUnion = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("step"),
    initialPrice,
    atBlock: field(int().min(0).default(10), UNIT.blocks, "Block at which the price drops."),
    dropPct: field(z.number().min(0).max(100).default(25), UNIT.pct, "Size of the drop."),
  }),
  z.strictObject({
    kind: z.literal("linear"),
    initialPrice,
    startBlock: field(int().min(0).default(10), UNIT.blocks, "Block at which the crash starts."),
    durationBlocks: field(int().min(1).default(20), UNIT.blocks, "Blocks over which the price falls linearly."),
    dropPct: field(z.number().min(0).max(100).default(30), UNIT.pct, "Total drop at the end of the crash."),
  }),
  z.strictObject({ kind: z.literal("gbm"), ...gbmShape }),
  z.strictObject({
    kind: z.literal("jump"),
    ...gbmShape,
    jumpProbability: field(
      ratio().default(0.02),
      UNIT.probability,
      "Chance of a jump in each block (Poisson, small-rate limit).",
    ),
    jumpMean: field(z.number().default(-0.1), UNIT.logReturn, "Mean of a jump's log size (-0.1 ≈ -9.5%)."),
    jumpStdDev: field(nonNeg().default(0.05), UNIT.logReturn, "Standard deviation of a jump's log size."),
  }),
  z.strictObject({
    kind: z.literal("regime"),
    ...gbmShape,
    shiftBlock: field(int().min(0).default(20), UNIT.blocks, "Block from which the second regime applies."),
    driftAfterPerYear: field(z.number().default(0), UNIT.perYear, "Drift μ of the log price after the shift."),
    volatilityAfterPerYear: field(
      nonNeg().default(4),
      UNIT.perYear,
      "Volatility σ of the log price after the shift (before it: volatilityPerYear).",
    ),
  }),
  z.strictObject({
    kind: z.literal("depeg"),
    peg: field(
      pos().default(1),
      UNIT.price,
      "Price the asset trades at before the depeg and recovers toward (1 for a USDC-like asset).",
    ),
    lowPct: field(
      z.number().min(0).lt(100).default(7),
      UNIT.pct,
      "Depth of the trough, in percent below the peg (7 → 0.93 × peg).",
    ),
    startBlock: field(int().min(0).default(10), UNIT.blocks, "Last block at the peg; the fall starts after it."),
    durationBlocks: field(
      int().min(1).default(20),
      UNIT.blocks,
      "Blocks from `startBlock` to the trough; the price falls linearly in between.",
    ),
    recoveryHalfLifeBlocks: field(
      pos().default(50),
      UNIT.blocks,
      "After the trough the gap to the peg halves every this many blocks (exponential recovery).",
    ),
    noise: field(
      nonNeg().default(0),
      UNIT.logReturn,
      "Standard deviation of an independent, mean-preserving log-normal deviation from the path in each block " +
        "after block 0 (0 = none; 0.001 ≈ 0.1%).",
    ),
    seed: pathSeed,
  }),
  z.strictObject({
    kind: z.literal("csv"),
    file: field(
      z.string().min(1),
      "path",
      "CSV replay file, relative to the scenario file, with one of three headers. `block,price` and " +
        "`timestamp,price` (unix seconds): linear interpolation between rows, block i at the first row + i blocks " +
        "(or + i × chain.blockTimeSeconds). `timestamp,open,high,low,close` (unix seconds UTC at each candle's " +
        "open; real candles such as data/prices/*.csv): block i reads the tape at `start` + i × " +
        "`tapeSecondsPerBlock`, and inside each candle the price follows a seeded Brownian bridge in log price " +
        "through open → high and low (in a seeded order, each on one block) → close, with the candle's Parkinson " +
        "volatility, clamped to [low, high]; consecutive candles are merged (first open, max high, min low, last " +
        "close) until each spans at least 3 blocks, so every (merged) candle's high and low are reached and never " +
        "exceeded. See docs/historical-replays.md.",
    ),
    tapeSecondsPerBlock: field(
      pos().optional(),
      UNIT.seconds,
      "OHLC files only: seconds of tape each block advances (time scaling). Absent = chain.blockTimeSeconds " +
        "(real time); 600 with 120-second blocks plays the tape five times faster than the chain's clock.",
    ),
    start: field(
      nonNeg().optional(),
      "unix seconds",
      "OHLC files only: the tape time at block 0 (a window inside the file). Absent = the first candle's open.",
    ),
    seed: field(
      z.string().optional(),
      UNIT.text,
      "OHLC files only: seed of the bridging between candles; absent = derived from the scenario seed.",
    ),
  }),
]);

export const pathSchema = pathUnion.prefault({ kind: "step" });
