/** An asset's token, its AMM against the debt asset, its external market and its feed; the arbitrageurs. */
import { z } from "zod";
import { field, UNIT } from "./field";
import { bps, int, nonNeg, pos, ratio } from "./primitives";

/* TOKENS */

const token = (symbol: string, decimals: number, what: string) =>
  z
    .strictObject({
      symbol: field(z.string().min(1).default(symbol), UNIT.text, `Ticker of the ${what}.`),
      decimals: field(int().min(0).max(36).default(decimals), UNIT.decimals, `ERC-20 decimals of the ${what}.`),
    })
    .prefault({});

export const tokensSchema = z.strictObject({
  debt: token("USDC", 6, "debt asset (what borrowers borrow and liquidators repay)"),
  collateral: token("WETH", 18, "collateral asset (what liquidators seize and sell)"),
});

/* MARKETS */

export const ammSchema = z.strictObject({
  depth: field(
    pos().default(2_000_000),
    UNIT.debtTokens,
    "Debt-token reserve of the constant-product pool at start; the collateral reserve is depth / initialPrice.",
  ),
  feeBps: field(bps().default(30), UNIT.bps, "Swap fee."),
});

export const externalMarketSchema = z.strictObject({
  depth: field(
    pos().default(20_000_000),
    UNIT.debtTokens,
    "Net selling (valued in debt tokens) that moves the external price by a factor e^-1 (exponential model) or " +
      "to zero (linear model); selling 1% of depth moves it about 1%.",
  ),
  impactModel: field(
    z.enum(["exponential", "linear"]).default("exponential"),
    UNIT.enum,
    "price = path × exp(-impact) or path × max(0, 1 - impact), impact = accumulated net selling / depth.",
  ),
  recoveryPerBlock: field(
    ratio().default(0.05),
    UNIT.ratio,
    "Share of the accumulated impact that fades each block (market resilience).",
  ),
});

export const arbitrageSchema = z.strictObject({
  count: field(int().min(0).default(2), UNIT.count, "Arbitrageurs trading the AMM toward the external price."),
  capital: field(nonNeg().default(1_000_000), UNIT.debtTokens, "Capital of each arbitrageur."),
  maxTradePerBlock: field(
    nonNeg().default(100_000),
    UNIT.debtTokens,
    "Largest trade one arbitrageur makes per block (throughput).",
  ),
  minEdgeBps: field(bps().default(10), UNIT.bps, "Price gap between AMM and external market below which it waits."),
});

/* ORACLE */

const oracleSource = z.enum(["external", "amm-spot", "amm-twap"]);

export const oracleFailureSchema = z
  .strictObject({
    mode: field(
      z.enum(["none", "freeze", "floor"]).default("none"),
      UNIT.enum,
      "How the feed fails from `atBlock` on: freeze = the updater stops submitting (the answer ages, " +
        "so the market's staleness guard sees it); floor = answers are clamped at `floorPrice` and keep coming " +
        "(Chainlink's `minAnswer`, as LUNA/USD in May 2022: fresh but wrong).",
    ),
    atBlock: field(int().min(0).default(0), UNIT.blocks, "Block at which the failure starts."),
    floorPrice: field(
      pos().default(0.1),
      UNIT.price,
      'With mode "floor": the aggregator reports max(observed price, this).',
    ),
  })
  .prefault({});

export const floorGuardSchema = z
  .strictObject({
    enabled: field(
      z.boolean().default(false),
      "boolean",
      "Put a BoundedFeed between the oracle and the market: while the oracle's answer is at or below `floorPrice` " +
        "(or too far from the AMM TWAP) the market sees the last good answer with its old timestamp, so its " +
        "staleness guard (`market.collateral.maxPriceAgeSeconds`) refuses actions once that answer is too old.",
    ),
    floorPrice: field(
      nonNeg().default(0.1),
      UNIT.price,
      "Answers at or below this are refused (0 = only non-positive answers).",
    ),
    maxDeviationFromTwapBps: field(
      bps().default(0),
      UNIT.bps,
      "Answers further than this from the AMM TWAP (over `twapWindowSeconds`) are refused (0 = no comparison).",
    ),
  })
  .prefault({});

export const oracleSchema = z
  .strictObject({
    source: field(
      z.enum(["external", "amm-spot", "amm-twap", "median", "amm-spot-live"]).default("external"),
      UNIT.enum,
      "What the oracle observes. The first four go through the updater and the lagged feed; " +
        '"amm-spot-live" lists the market on an AmmSpotFeed that reads the AMM reserves at call time (no latency, ' +
        "manipulable inside one transaction).",
    ),
    medianOf: field(
      z.array(oracleSource).min(2).default(["external", "amm-spot", "amm-twap"]),
      "list of sources",
      'Sources of the median when source = "median".',
    ),
    twapWindowSeconds: field(int().min(1).default(600), UNIT.seconds, "Window of the AMM TWAP source."),
    latencySeconds: field(
      int().min(0).default(12),
      UNIT.seconds,
      "A submitted answer becomes visible this long after submission.",
    ),
    latencyBlocks: field(int().min(0).default(1), UNIT.blocks, "…and only this many blocks after submission."),
    heartbeatSeconds: field(
      int().min(1).default(3600),
      UNIT.seconds,
      "The updater submits at least this often, even without a deviation.",
    ),
    deviationThresholdBps: field(
      bps().default(50),
      UNIT.bps,
      "The updater submits when the source moves this far from the last answer.",
    ),
    failure: oracleFailureSchema,
    floorGuard: floorGuardSchema,
  })
  .prefault({});
