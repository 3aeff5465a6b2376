/**
 * The one source of truth for a scenario's shape: validation, defaults, units and descriptions.
 * Amounts are human units in JSON (2000000 debt tokens, 0.83 as a ratio); the engine converts them to base
 * units and WAD with the tokens' decimals at the chain boundary. `docs/scenario-reference.md` is generated from
 * this file (`npx ts-node scripts/tasks/gen-scenario-docs.ts`).
 */
import { z } from "zod";
import { field, UNIT } from "./field";

const nonNeg = () => z.number().nonnegative();
const pos = () => z.number().positive();
const ratio = () => z.number().min(0).max(1);
const int = () => z.number().int();
const bps = () => z.number().int().min(0).max(10_000);

/** Flags `min > max` on the field `min`, for range-shaped distributions. */
function minNotAboveMax(ctx: { value: object; issues: z.core.$ZodRawIssue[] }) {
  const v = ctx.value as { min?: number; max?: number };
  if (v.min !== undefined && v.max !== undefined && v.min > v.max) {
    ctx.issues.push({ code: "custom", input: v.min, path: ["min"], message: `must be <= max (${v.max})` });
  }
}

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

export const pathSchema = z
  .discriminatedUnion("kind", [
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
      kind: z.literal("csv"),
      file: field(
        z.string().min(1),
        "path",
        "CSV with a header `block,price` or `timestamp,price`; relative to the scenario file.",
      ),
    }),
  ])
  .prefault({ kind: "step" });

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

/* LENDING MARKET */

export const rateModelSchema = z
  .strictObject({
    baseRatePerYear: field(nonNeg().default(0), UNIT.perYear, "Borrow rate at zero utilization."),
    slope1PerYear: field(nonNeg().default(0.04), UNIT.perYear, "Rate added from 0 to the kink."),
    slope2PerYear: field(nonNeg().default(0.75), UNIT.perYear, "Rate added from the kink to full utilization."),
    kinkUtilization: field(ratio().default(0.8), UNIT.ratio, "Utilization at the kink."),
  })
  .prefault({});

export const collateralRiskSchema = z
  .strictObject({
    ltv: field(ratio().default(0.83), UNIT.ratio, "Max borrow per unit of collateral value."),
    liquidationThreshold: field(
      ratio().default(0.85),
      UNIT.ratio,
      "Maintenance margin: liquidatable when debt > collateral value × threshold.",
    ),
    liquidationBonusBps: field(bps().default(500), UNIT.bps, "Liquidator's discount on seized collateral."),
    maxPriceAgeSeconds: field(
      int().min(1).default(7200),
      UNIT.seconds,
      "An oracle answer older than this is stale and blocks actions.",
    ),
    supplyCap: field(nonNeg().default(10_000_000), UNIT.collateralTokens, "Max total collateral deposited."),
  })
  .prefault({})
  .check((ctx) => {
    if (ctx.value.ltv > ctx.value.liquidationThreshold) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value.ltv,
        path: ["ltv"],
        message: `must be <= liquidationThreshold (${ctx.value.liquidationThreshold})`,
      });
    }
  });

export const marketSchema = z
  .strictObject({
    collateral: collateralRiskSchema,
    lenderSupply: field(pos().default(50_000_000), UNIT.debtTokens, "Debt asset supplied by lenders at start."),
    closeFactor: field(
      ratio().default(0.5),
      UNIT.ratio,
      "Share of debt one liquidation may repay while health >= fullCloseHealthFactor.",
    ),
    fullCloseHealthFactor: field(
      pos().default(0.95),
      "health factor",
      "Below this a liquidation may repay the whole debt.",
    ),
    dust: field(
      nonNeg().default(10),
      UNIT.debtTokens,
      "A liquidation leaving less debt or collateral value takes all.",
    ),
    reserveFactorBps: field(bps().default(1000), UNIT.bps, "Share of interest kept as protocol reserves."),
    rateModel: rateModelSchema,
  })
  .prefault({});

/* LIQUIDATION MECHANISM */

export const auctionCurveSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("linear"),
      durationSeconds: field(int().min(1).default(600), UNIT.seconds, "Time for the price to fall to zero."),
    }),
    z.strictObject({
      kind: z.literal("stairstep"),
      stepSeconds: field(int().min(1).default(60), UNIT.seconds, "Length of one step."),
      cutPerStep: field(ratio().default(0.97), UNIT.ratio, "Price multiplier applied at each step."),
    }),
    z.strictObject({
      kind: z.literal("exponential"),
      stepSeconds: field(int().min(1).default(12), UNIT.seconds, "Compounding period."),
      cutPerStep: field(ratio().default(0.99), UNIT.ratio, "Price multiplier per period."),
    }),
  ])
  .prefault({ kind: "exponential" });

export const auctionSchema = z
  .strictObject({
    startPriceMultiplier: field(
      z.number().min(1).default(1.1),
      UNIT.ratio,
      "Starting price = oracle price × this (Maker `buf`).",
    ),
    curve: auctionCurveSchema,
    maxDurationSeconds: field(
      int().min(1).default(1800),
      UNIT.seconds,
      "Age after which an auction needs a redo (Maker `tail`).",
    ),
    resetThreshold: field(
      ratio().default(0.5),
      UNIT.ratio,
      "Price ÷ start price below which an auction needs a redo (Maker `cusp`).",
    ),
    tip: field(nonNeg().default(10), UNIT.debtTokens, "Flat reward to the kicker (Maker `tip`)."),
    chipBps: field(bps().default(10), UNIT.bps, "Reward to the kicker as a share of the debt (Maker `chip`)."),
    penaltyBps: field(bps().default(1300), UNIT.bps, "Liquidation penalty added to the debt to raise (Maker `chop`)."),
    maxDebtInAuction: field(
      nonNeg().default(10_000_000),
      UNIT.debtTokens,
      "Global limit on debt in auction (Maker `Hole`).",
    ),
    maxDebtInAuctionPerAsset: field(
      nonNeg().default(5_000_000),
      UNIT.debtTokens,
      "Per-collateral limit on debt in auction (Maker `hole`).",
    ),
  })
  .prefault({});

export const liquidationSchema = z
  .strictObject({
    mechanism: field(
      z.enum(["fixed-bonus", "dutch-auction", "both"]).default("fixed-bonus"),
      UNIT.enum,
      "Which liquidation paths the market allows.",
    ),
    auction: auctionSchema,
  })
  .prefault({});

/* BORROWERS */

export const sizeDistributionSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("lognormal"),
      median: field(pos().default(20), UNIT.collateralTokens, "Median collateral of a borrower."),
      sigma: field(nonNeg().default(0.8), UNIT.logReturn, "Standard deviation of the log of the size."),
    }),
    z.strictObject({
      kind: z.literal("uniform"),
      min: field(pos().default(5), UNIT.collateralTokens, "Smallest collateral."),
      max: field(pos().default(50), UNIT.collateralTokens, "Largest collateral."),
    }),
  ])
  .check(minNotAboveMax)
  .prefault({ kind: "lognormal" });

export const healthDistributionSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("uniform"),
      min: field(pos().default(1.03), "health factor", "Lowest starting health factor."),
      max: field(pos().default(1.25), "health factor", "Highest starting health factor."),
    }),
    z.strictObject({
      kind: z.literal("normal"),
      mean: field(pos().default(1.12), "health factor", "Mean starting health factor."),
      stdDev: field(nonNeg().default(0.06), "health factor", "Spread of the starting health factor."),
      min: field(pos().default(1.01), "health factor", "Draws are clamped to at least this."),
      max: field(pos().default(2), "health factor", "Draws are clamped to at most this."),
    }),
    z.strictObject({
      kind: z.literal("leverage"),
      min: field(z.number().min(1).default(3), "leverage (value ÷ equity)", "Lowest leverage."),
      max: field(z.number().min(1).default(5), "leverage (value ÷ equity)", "Highest leverage."),
    }),
  ])
  .check(minNotAboveMax)
  .prefault({ kind: "uniform" });

export const borrowersSchema = z
  .strictObject({
    count: field(int().min(0).default(60), UNIT.count, "Number of borrowers."),
    size: sizeDistributionSchema,
    health: healthDistributionSchema,
    seed: field(z.string().optional(), UNIT.text, "Seed of the population; absent = derived from the scenario seed."),
  })
  .prefault({});

/* KEEPERS */

export const priorityFeeSchema = z
  .discriminatedUnion("policy", [
    z.strictObject({
      policy: z.literal("fixed"),
      gwei: field(nonNeg().default(2), UNIT.gwei, "Priority fee per gas."),
    }),
    z.strictObject({
      policy: z.literal("profit-share"),
      share: field(ratio().default(0.5), UNIT.ratio, "Share of the expected profit bid as priority fee."),
    }),
    z.strictObject({
      policy: z.literal("outbid"),
      incrementGwei: field(pos().default(1), UNIT.gwei, "Bid this much above the best pending competitor."),
      maxGwei: field(pos().default(500), UNIT.gwei, "Never bid more than this per gas."),
    }),
    z.strictObject({
      policy: z.literal("pga"),
      startGwei: field(nonNeg().default(1), UNIT.gwei, "First bid of a priority gas auction."),
      raisePct: field(
        z.number().min(10).max(1000).default(12.5),
        UNIT.pct,
        "Each re-bid raises the best competing bid by this much (the node requires >= 10% to replace).",
      ),
      maxProfitShare: field(
        ratio().default(0.9),
        UNIT.ratio,
        "Never bid more than this share of the expected profit (then the keeper stops raising).",
      ),
    }),
  ])
  .prefault({ policy: "fixed" });

export const keeperGroupSchema = z.strictObject({
  strategy: field(
    z
      .enum(["fixed-bonus", "auction-kicker", "auction-taker", "flash", "gas-bidder", "oracle-backrunner"])
      .default("fixed-bonus"),
    UNIT.enum,
    "How the keepers of this group act.",
  ),
  count: field(int().min(0).default(1), UNIT.count, "Keepers in this group."),
  capital: field(
    nonNeg().default(500_000),
    UNIT.debtTokens,
    "Debt tokens each keeper holds (flash keepers need none).",
  ),
  gasBudget: field(nonNeg().default(1), "native tokens (ETH)", "Gas money each keeper may spend over the run."),
  reactionDelayBlocks: field(int().min(0).default(0), UNIT.blocks, "Blocks a keeper waits after it sees a chance."),
  sizing: field(
    z.enum(["close-factor", "amm-depth"]).default("amm-depth"),
    UNIT.enum,
    "close-factor: repay the most the market allows (capped by capital; flash: by a tenth of the AMM's debt " +
      "reserve), or skip the position if that does not pay; amm-depth: repay up to the amount that maximizes profit " +
      "when the seized collateral is sold into the AMM at the reserves the keeper expects after its own pending and " +
      "unsold sales (partial liquidations in thin markets).",
  ),
  execution: field(
    z.enum(["atomic", "inventory"]).default("atomic"),
    UNIT.enum,
    "Fixed-bonus liquidations (strategies fixed-bonus, gas-bidder, oracle-backrunner). atomic: liquidate and sell " +
      "the seized collateral into the AMM in one transaction through AtomicLiquidator, paid from the keeper's " +
      "capital, reverting unless the sale brings back the repayment plus the gas cost and `minMarginBps`; " +
      "inventory: liquidate now, keep the collateral and sell it by `sale`.",
  ),
  sale: field(
    z
      .strictObject({
        policy: field(
          z.enum(["next-block", "spread", "hold"]).default("next-block"),
          UNIT.enum,
          "next-block: sell the whole inventory in the keeper's next block; spread: sell each liquidation's " +
            "collateral in `blocks` equal parts, one per block; hold: never sell (reported as unsold inventory).",
        ),
        blocks: field(int().min(1).default(5), UNIT.blocks, "With spread: blocks over which each lot is sold."),
      })
      .prefault({}),
    "object",
    "How an inventory keeper (execution inventory, and auction takers) sells its seized collateral.",
  ),
  actionsPerBlock: field(
    int().min(1).default(3),
    UNIT.count,
    "Transactions one keeper sends per block (liquidations, takes or kicks; the inventory sale is extra). " +
      "Aggregate throughput is this times the keepers that find distinct targets; 3 keeps one keeper's throughput " +
      "as it was before keepers were independent, so that a change in results comes from the keepers' choices.",
  ),
  targeting: field(
    z.enum(["avoid-pending", "race"]).default("avoid-pending"),
    UNIT.enum,
    "race: go for the most profitable targets even when a competitor already has a pending transaction on them " +
      "(the gas war); avoid-pending: skip positions (and auctions) named by a competitor's pending transaction in " +
      "the public mempool and go for the next most profitable.",
  ),
  priorityFee: priorityFeeSchema,
  minMarginBps: field(
    bps().default(0),
    UNIT.bps,
    "Profit required on top of gas, as a share of the amount repaid or paid: a patient auction taker waits for " +
      "a deeper discount (e.g. 500), an eager one takes at any profit (0).",
  ),
});

/* CHAIN */

export const chainSchema = z
  .strictObject({
    blockTimeSeconds: field(int().min(1).default(12), UNIT.seconds, "Time between blocks."),
    blockGasLimit: field(int().min(1_000_000).default(30_000_000), UNIT.gas, "Gas limit of a block."),
    biddingRounds: field(
      int().min(1).max(100).default(1),
      UNIT.count,
      "Rounds of re-bidding within one block interval: keepers see pending competitors and may replace their " +
        "transactions (same nonce, higher fee) before the block is mined.",
    ),
    nativeTokenPrice: field(
      pos().default(2000),
      "debt tokens per native token (ETH)",
      "Converts gas costs (paid in ETH) to debt tokens, so profits and costs compare like with like.",
    ),
    baseFee: z
      .strictObject({
        initialGwei: field(nonNeg().default(10), UNIT.gwei, "Base fee of block 0."),
        mode: field(
          z.enum(["eip1559", "fixed"]).default("eip1559"),
          UNIT.enum,
          "eip1559: ±12.5% per block toward 50% gas use; fixed: constant.",
        ),
      })
      .prefault({}),
    congestion: z
      .strictObject({
        backgroundGasShare: field(ratio().default(0.4), UNIT.ratio, "Share of each block filled by other traffic."),
        burstProbability: field(ratio().default(0.05), UNIT.probability, "Chance of a congestion burst."),
        burstGasShare: field(
          ratio().default(0.9),
          UNIT.ratio,
          "Share of the block background traffic fills in a burst.",
        ),
        backgroundPriorityGwei: field(nonNeg().default(1), UNIT.gwei, "Priority fee the background traffic pays."),
      })
      .prefault({}),
  })
  .prefault({});

/* RISK CONTROLS */

export const circuitBreakerSchema = z
  .strictObject({
    enabled: field(z.boolean().default(false), "boolean", "Deploy a CircuitBreaker on the market."),
    maxPriceMoveBps: field(
      bps().default(1000),
      UNIT.bps,
      "Trips when the oracle moves more than this within the price window (0 = price trigger off).",
    ),
    priceWindowSeconds: field(int().min(1).default(3600), UNIT.seconds, "Window of the price trigger."),
    cooldownSeconds: field(int().min(0).default(600), UNIT.seconds, "How long a trip lasts at least."),
    maxLiquidationVolume: field(
      nonNeg().default(0),
      UNIT.debtTokens,
      "Trips when liquidation volume within the volume window exceeds this (0 = volume trigger off).",
    ),
    volumeWindowSeconds: field(int().min(1).default(3600), UNIT.seconds, "Window of the volume trigger."),
    liquidationCapPerBlock: field(
      nonNeg().default(100_000),
      UNIT.debtTokens,
      "With the throttle effect: debt all liquidations of one block may repay together.",
    ),
    effects: field(
      z.array(z.enum(["pause-borrow", "throttle-liquidations", "halt-kicks", "full-halt"])).default(["full-halt"]),
      "list of effects",
      "What a trip does; an empty list monitors only (trips are recorded, nothing is paused).",
    ),
  })
  .prefault({});

export const dynamicRiskSchema = z
  .strictObject({
    enabled: field(
      z.boolean().default(false),
      "boolean",
      "Deploy a DynamicRiskController: ltv and threshold follow volatility and AMM depth (base = market.collateral).",
    ),
    minLtv: field(ratio().default(0.5), UNIT.ratio, "Lowest ltv the controller may set."),
    minThreshold: field(ratio().default(0.6), UNIT.ratio, "Lowest liquidation threshold it may set."),
    ewmaLambda: field(ratio().default(0.9), UNIT.ratio, "Weight kept per oracle round in the variance EWMA."),
    volSensitivity: field(nonNeg().default(5), "per unit of σ", "Targets × (1 − this × σ per round)."),
    targetDepthRatio: field(
      nonNeg().default(0.5),
      UNIT.ratio,
      "AMM debt reserve ÷ the market's total debt (time-weighted) at which depth stops lowering targets (0 = depth ignored).",
    ),
    maxThresholdStep: field(
      ratio().default(0.01),
      UNIT.ratio,
      "Most one update cuts the threshold (the market phases the cut in over minUpdateIntervalSeconds); most a raise gains per interval.",
    ),
    minUpdateIntervalSeconds: field(
      int().min(0).default(120),
      UNIT.seconds,
      "The market's ramp for each threshold cut (linear from the value in force; nothing changes in the update's block), and the time a raise needs for one full step (0 = a one-second ramp, one full raise per block).",
    ),
    depthWindowSeconds: field(
      int()
        .min(1)
        .max(30 * 86_400)
        .default(3600),
      UNIT.seconds,
      "Averaging period of the depth input: a depth sample counts for the time until the next update, at most this.",
    ),
  })
  .prefault({});

export const riskControlsSchema = z
  .strictObject({ circuitBreaker: circuitBreakerSchema, dynamicRisk: dynamicRiskSchema })
  .prefault({});

/* ISOLATION: A SECOND, CALM COLLATERAL */

export const calmAssetSchema = z
  .strictObject({
    symbol: field(z.string().min(1).default("WBTC"), UNIT.text, "Ticker of the calm collateral asset."),
    decimals: field(int().min(0).max(36).default(8), UNIT.decimals, "ERC-20 decimals of the calm collateral asset."),
    price: field(pos().default(60_000), "debt tokens per calm token", "Price of the calm asset at block 0."),
    volatilityPerYear: field(
      nonNeg().default(0),
      UNIT.perYear,
      "Volatility σ of the calm asset's driftless GBM price path (0 = flat). Calm positions are not watched by " +
        "keepers: a run stops with an error if one becomes liquidatable.",
    ),
    risk: field(
      collateralRiskSchema,
      "object",
      "ltv, liquidation threshold, bonus, max price age and supply cap of the calm asset (in calm tokens).",
    ),
  })
  .prefault({});

export const calmBorrowersSchema = z
  .strictObject({
    count: field(int().min(0).default(10), UNIT.count, "Borrowers against the calm asset."),
    size: field(sizeDistributionSchema, "distribution", "Collateral per calm borrower, in calm tokens."),
    health: field(
      healthDistributionSchema,
      "distribution",
      "Starting health factor of calm borrowers (at the calm asset's liquidation threshold).",
    ),
    seed: field(z.string().optional(), UNIT.text, "Seed of the calm population; absent = `<scenario seed>/calm`."),
  })
  .prefault({});

export const isolationSchema = z
  .strictObject({
    mode: field(
      z.enum(["off", "shared", "isolated"]).default("off"),
      UNIT.enum,
      "off: one collateral (the crashing one, `tokens.collateral`). shared: a second, calm collateral is listed on " +
        "the same market and its lenders supply there (one lender base). isolated: a second market with the same " +
        "config lists only the calm asset and its lenders supply there; the first market keeps its own lenders.",
    ),
    calmLenderSupply: field(
      pos().default(20_000_000),
      UNIT.debtTokens,
      "Debt asset supplied by the calm lenders (who want exposure to the calm asset only), beside " +
        "`market.lenderSupply` (the crash lenders).",
    ),
    calmAsset: calmAssetSchema,
    calmBorrowers: calmBorrowersSchema,
  })
  .prefault({});

/* ATTACKERS */

export const attackSchema = z
  .strictObject({
    enabled: field(
      z.boolean().default(false),
      "boolean",
      "Run an oracle-manipulation attacker (scripts/agents/attacker.ts).",
    ),
    mode: field(
      z.enum(["flash", "multi-block"]).default("flash"),
      UNIT.enum,
      "flash: one transaction (flash swap from a deep second AMM, dump, liquidate, buy back, repay); multi-block: " +
        "sells its own collateral over blocks to hold the AMM spot down until the oracle crosses, liquidates, unwinds.",
    ),
    atBlock: field(int().min(0).default(5), UNIT.blocks, "Block in which the attack starts."),
    capital: field(
      nonNeg().default(1_000_000),
      UNIT.debtTokens,
      "Attacker's own capital: flash mode holds it in the debt asset (float for repayments beyond the dump's " +
        "proceeds); multi-block mode holds it in collateral at the initial price (what it sells).",
    ),
    targetHealth: field(
      pos().lt(1).default(0.98),
      "health factor",
      "Sizing: the manipulated oracle price puts the richest reachable victim at this health (below 1).",
    ),
    maxDropPct: field(
      z.number().min(0).max(95).default(40),
      UNIT.pct,
      "Victims needing a larger oracle drop than this are ignored (the richest among the rest is the target).",
    ),
    minProfit: field(
      nonNeg().default(1),
      UNIT.debtTokens,
      "Flash mode: the transaction reverts (UnprofitableAttack) when the profit is below this.",
    ),
    lenderDepth: field(
      pos().default(50_000_000),
      UNIT.debtTokens,
      "Debt-token reserve of the deep second AMM the flash mode borrows collateral from (same fee as amm.feeBps).",
    ),
    maxHoldBlocks: field(
      int().min(1).default(60),
      UNIT.blocks,
      "Multi-block mode: blocks it holds the spot down waiting for the oracle to cross before giving up.",
    ),
    priorityFeeGwei: field(nonNeg().default(50), UNIT.gwei, "Priority fee of the attack and liquidation transactions."),
  })
  .prefault({});

export const exploiterSchema = z
  .strictObject({
    enabled: field(
      z.boolean().default(false),
      "boolean",
      "An exploiter who, while the market values collateral above what it costs on the AMM, buys collateral there, " +
        "deposits it and borrows the most the market allows (the Venus/Blizz LUNA pattern), again every block.",
    ),
    capital: field(nonNeg().default(1_000_000), UNIT.debtTokens, "Debt tokens the exploiter starts with."),
    maxBuyPerBlock: field(
      nonNeg().default(250_000),
      UNIT.debtTokens,
      "Largest AMM purchase per block (its borrowed proceeds are spent again in later blocks).",
    ),
    minEdge: field(
      nonNeg().default(0.05),
      UNIT.ratio,
      "Acts only when ltv × oracle price ÷ AMM price − 1 exceeds this (each dollar spent borrows back more).",
    ),
  })
  .prefault({});

/* SCENARIO */

export const scenarioSchema = z
  .strictObject({
    name: field(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]+$/, "must use only letters, digits, '.', '_' and '-'")
        .default("default"),
      UNIT.text,
      "Name of the scenario; part of the run directory's name.",
    ),
    description: field(z.string().default(""), UNIT.text, "What the scenario is for."),
    seed: field(
      z
        .union([z.string().min(1), int().min(0)], { error: "must be a non-empty string or a non-negative integer" })
        .transform(String)
        .default("1"),
      UNIT.text,
      "Master seed; every random part derives its own seed from it unless given one.",
    ),
    blocks: field(int().min(1).default(120), UNIT.blocks, "Number of blocks to simulate."),
    tokens: tokensSchema.prefault({}),
    path: pathSchema,
    amm: ammSchema.prefault({}),
    externalMarket: externalMarketSchema.prefault({}),
    arbitrage: arbitrageSchema.prefault({}),
    oracle: oracleSchema,
    market: marketSchema,
    liquidation: liquidationSchema,
    borrowers: borrowersSchema,
    keeperModel: field(
      z.enum(["rational", "legacy"]).default("rational"),
      UNIT.enum,
      "rational: keepers as `keepers[]` describes them. legacy: every keeper group as before issue 14, whatever its " +
        "fields say: inventory execution sold the next block, close-factor sizing, at most 3 actions per block, the " +
        "same ranking for every keeper (largest debt first, racing for the same targets) and sales priced at the " +
        "AMM's reserves without the keeper's own pending and unsold sales. For before/after comparisons.",
    ),
    keepers: field(
      z.array(keeperGroupSchema).prefault([
        { strategy: "fixed-bonus", count: 3 },
        { strategy: "flash", count: 1, capital: 0, priorityFee: { policy: "profit-share" } },
      ]),
      "list of keeper groups",
      "Keeper groups; each has a strategy and a count.",
    ),
    chain: chainSchema,
    riskControls: riskControlsSchema,
    isolation: isolationSchema,
    attack: attackSchema,
    exploiter: exploiterSchema,
  })
  .check((ctx) => {
    // Auctions start only when someone kicks them: a market that sells by auction needs a kicker.
    const v = ctx.value;
    if (
      v.liquidation.mechanism !== "fixed-bonus" &&
      !v.keepers.some((k) => k.strategy === "auction-kicker" && k.count > 0)
    ) {
      ctx.issues.push({
        code: "custom",
        input: v.keepers,
        path: ["keepers"],
        message: `liquidation.mechanism "${v.liquidation.mechanism}" needs at least one "auction-kicker" keeper, or no auction ever starts`,
      });
    }
  });

/** A fully resolved scenario: every default applied. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** What a scenario file may hold: every field optional where it has a default. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type PathSpec = Scenario["path"];
export type KeeperGroup = Scenario["keepers"][number];
