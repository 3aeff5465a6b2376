/** Keeper groups: strategy, capital, sizing, execution, bidding. */
import { z } from "zod";
import { field, UNIT } from "./field";
import { bps, idString, int, nonNeg, pos, ratio } from "./primitives";

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
  markets: field(
    z.array(idString()).min(1).optional(),
    "list of market ids",
    'Markets this group watches and acts in (`markets[].id`; "main" in a single-market scenario); absent = every market.',
  ),
});
