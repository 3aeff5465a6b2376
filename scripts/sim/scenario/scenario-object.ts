/**
 * The scenario's fields (every section) as one object schema, and the types it infers. `schema.ts` adds the checks
 * across fields; types live here so those checks can read them without an import cycle.
 */
import { z } from "zod";
import { field, UNIT } from "./field";
import { int, nonNeg, pos, ratio } from "./primitives";
import { arbitrageSchema, ammSchema, externalMarketSchema, oracleSchema, tokensSchema } from "./asset-schema";
import { pathSchema } from "./path-schema";
import { borrowersSchema, liquidationSchema, marketSchema, riskControlsSchema } from "./market-schema";
import { keeperGroupSchema } from "./keeper-schema";
import { systemShape } from "./system-schema";
import { optionsVenueSchema, perpVenueSchema } from "./derivatives-schema";

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

export const scenarioObject = z.strictObject({
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
  attack: attackSchema,
  exploiter: exploiterSchema,
  perp: field(
    perpVenueSchema.optional(),
    "object",
    "A perpetual futures venue on the collateral asset, hedged on its AMM and marked by its feed, with leveraged " +
      "traders, a liquidation keeper and the backstop vault's unwinder (docs/derivatives-perp.md). Absent = none.",
  ),
  options: field(
    optionsVenueSchema.optional(),
    "object",
    "An options venue on the collateral asset marked by its feed, with put writers, a dealer short gamma that " +
      "delta-hedges on the AMM each block and an auction keeper (docs/derivatives-options.md). Absent = none.",
  ),
  ...systemShape,
});

/** A fully resolved scenario: every default applied. */
export type Scenario = z.output<typeof scenarioObject>;
export type PathSpec = Scenario["path"];
export type KeeperGroup = Scenario["keepers"][number];
