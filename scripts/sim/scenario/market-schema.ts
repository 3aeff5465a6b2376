/** A lending market: its config, collateral parameters, liquidation mechanism, borrowers and risk controls. */
import { z } from "zod";
import { field, UNIT } from "./field";
import { protocolEntries, protocolKinds } from "../../adapters/registry";
import { bps, int, minNotAboveMax, nonNeg, pos, ratio } from "./primitives";

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

/** Protocols a market can run on (`market.protocol`): every protocol an adapter registers (scripts/adapters/registry.ts). */
export const MARKET_PROTOCOLS = protocolKinds() as [string, ...string[]];

/** `"lab" (its source; the default, also when absent), "a" (…) or "b" (…)`: the registered protocols in words. */
function protocolsInWords(): string {
  const words = protocolEntries().map(
    (e) => `"${e.kind}" (${e.source}${e.kind === "lab" ? "; the default, also when absent" : ""})`,
  );
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

export const marketSchema = z
  .strictObject({
    protocol: field(
      z.enum(MARKET_PROTOCOLS).optional(),
      UNIT.enum,
      `Whose bytecode runs the market: ${protocolsInWords()}, through its adapter (docs/adapters.md). ` +
        "Other than lab: fixed-bonus keepers (atomic or inventory) only; no auctions, risk controls, isolation, attack.",
    ),
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
