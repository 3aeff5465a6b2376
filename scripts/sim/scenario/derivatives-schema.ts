/**
 * Derivatives venues beside the lending market (issue 20): a perpetual futures market and an options venue, each
 * deployed against the world's collateral AMM and its lagged feed when its section is present (absent = no venue,
 * and the scenario runs exactly as before). The venues' rules and parameters: docs/derivatives-perp.md and
 * docs/derivatives-options.md; how the engine runs them: scripts/derivatives/engine/.
 */
import { z } from "zod";
import { field, UNIT } from "./field";
import { int, nonNeg, pos, ratio } from "./primitives";
import { PARAM_DOCS } from "../../derivatives/perp/params";

const PERP_PARAM_NAMES: readonly string[] = PARAM_DOCS.map((p) => p.name);

/** Leveraged perp traders of one side: notionals lognormal, leverages uniform (like the borrowers' sizes). */
function perpPopulation(count: number, median: number, sigma: number, minLev: number, maxLev: number) {
  return z
    .strictObject({
      count: field(int().min(0).max(200).default(count), UNIT.count, "Traders of this side (one position each)."),
      medianNotional: field(
        pos().default(median),
        UNIT.debtTokens,
        "Median notional of a position at the start price (lognormal).",
      ),
      notionalSigma: field(nonNeg().default(sigma), "lognormal σ", "Spread of the notionals."),
      minLeverage: field(z.number().min(1).default(minLev), "×", "Lowest leverage drawn (uniform)."),
      maxLeverage: field(
        z.number().min(1).default(maxLev),
        "×",
        "Highest leverage drawn (uniform); at most the market's `maxLeverage`.",
      ),
    })
    .check((ctx) => {
      if (ctx.value.minLeverage > ctx.value.maxLeverage) {
        ctx.issues.push({
          code: "custom",
          input: ctx.value.minLeverage,
          path: ["minLeverage"],
          message: `must be <= maxLeverage (${ctx.value.maxLeverage})`,
        });
      }
    })
    .prefault({});
}

export const perpVenueSchema = z
  .strictObject({
    insuranceFund: field(nonNeg().default(20_000), UNIT.debtTokens, "Insurance fund at the start."),
    vault: z
      .strictObject({
        cash: field(pos().default(60_000_000), UNIT.debtTokens, "Debt tokens funding the backstop vault."),
        base: field(nonNeg().default(2_000), UNIT.collateralTokens, "Collateral funding the vault (shorts' hedges)."),
        unwindPerBlock: field(
          nonNeg().default(20),
          UNIT.collateralTokens,
          "Backstop inventory the vault's unwinder sells (or buys back) into the AMM per block.",
        ),
      })
      .prefault({}),
    longs: perpPopulation(40, 150_000, 0.8, 5, 19),
    shorts: perpPopulation(12, 80_000, 0.5, 2, 10),
    openBlocks: field(
      int().min(1).default(5),
      UNIT.blocks,
      "The traders open their positions in the first this many blocks of the run (trader i in block i mod openBlocks); " +
        "their hedges' buying and selling go through the AMM and the arbitrageurs, like any flow.",
    ),
    seed: field(z.string().optional(), UNIT.text, "Seed of the traders' draws; absent = `<scenario seed>/perp`."),
    market: field(
      z
        .record(z.string(), int().min(0))
        .default({})
        .check((ctx) => {
          for (const name of Object.keys(ctx.value)) {
            if (!PERP_PARAM_NAMES.includes(name)) {
              ctx.issues.push({
                code: "custom",
                input: name,
                path: [name],
                message: `not a perp market parameter (one of ${PERP_PARAM_NAMES.join(", ")})`,
              });
            }
          }
        }),
      "integers in the contract's units",
      "Overrides of the PerpMarket's parameters by name (docs/derivatives-perp.md lists each with unit and default); " +
        "the contract checks their bounds at deployment.",
    ),
  })
  .check((ctx) => {
    const max = ctx.value.market.maxLeverage ?? 20;
    for (const side of ["longs", "shorts"] as const) {
      const lev = ctx.value[side].maxLeverage;
      if (lev > max) {
        ctx.issues.push({
          code: "custom",
          input: lev,
          path: [side, "maxLeverage"],
          message: `must be <= the market's maxLeverage (${max})`,
        });
      }
    }
  });

export const optionsVenueSchema = z.strictObject({
  vol: field(pos().max(5).default(0.8), UNIT.ratio, "Implied volatility the venue prices and margins at (0.8 = 80%)."),
  expiryDays: field(
    z.number().min(0.01).max(365).default(1),
    "days",
    "Time from the start of the run to the options' common expiry (short-dated: high gamma).",
  ),
  strikes: field(
    z.array(z.number().min(0.1).max(3)).min(1).max(8).default([0.9, 0.95, 1.0]),
    "fractions of the initial price",
    "Strikes of the put series written, as fractions of the initial price.",
  ),
  insuranceFund: field(nonNeg().default(50_000), UNIT.debtTokens, "Insurance fund at the start."),
  grid: field(
    z.boolean().default(false),
    "boolean",
    "Add the scenario grid (spot ±10%, vol shock growing near expiry) to the standard maintenance margin.",
  ),
  dealer: z
    .strictObject({
      units: field(nonNeg().default(600), UNIT.collateralTokens, "Puts the dealer is short, spread over the strikes."),
      inventory: field(
        nonNeg().default(1_000),
        UNIT.collateralTokens,
        "The dealer's base inventory; it holds this plus Σ units·Δ (starts delta-hedged).",
      ),
      marginMultiple: field(pos().default(3), "× initial margin", "The dealer's margin cash."),
      hedges: field(
        z.boolean().default(true),
        "boolean",
        "Whether the dealer re-hedges its delta on the AMM each block (false: the counterfactual without the " +
          "gamma loop).",
      ),
      minHedgeTrade: field(nonNeg().default(0.5), UNIT.collateralTokens, "Smallest hedge trade (no dust)."),
    })
    .prefault({}),
  writers: z
    .strictObject({
      count: field(int().min(0).max(200).default(12), UNIT.count, "Option writers (short one put series each)."),
      minUnits: field(pos().default(5), UNIT.collateralTokens, "Fewest puts a writer writes (uniform)."),
      maxUnits: field(pos().default(40), UNIT.collateralTokens, "Most puts a writer writes (uniform)."),
      minMarginMultiple: field(z.number().min(1).default(1), "× initial margin", "Thinnest writer margin drawn."),
      maxMarginMultiple: field(z.number().min(1).default(1.3), "× initial margin", "Thickest writer margin drawn."),
      seed: field(z.string().optional(), UNIT.text, "Seed of the writers' draws; absent = `<scenario seed>/options`."),
    })
    .check((ctx) => {
      const v = ctx.value;
      if (v.minUnits > v.maxUnits)
        ctx.issues.push({
          code: "custom",
          input: v.minUnits,
          path: ["minUnits"],
          message: `must be <= maxUnits (${v.maxUnits})`,
        });
      if (v.minMarginMultiple > v.maxMarginMultiple)
        ctx.issues.push({
          code: "custom",
          input: v.minMarginMultiple,
          path: ["minMarginMultiple"],
          message: `must be <= maxMarginMultiple (${v.maxMarginMultiple})`,
        });
    })
    .prefault({}),
  keeper: z
    .strictObject({
      cash: field(nonNeg().default(2_000_000), UNIT.debtTokens, "The auction keeper's margin cash on the venue."),
      inventory: field(
        nonNeg().default(500),
        UNIT.collateralTokens,
        "Base inventory it holds beside the hedges of the portfolios it takes over.",
      ),
      bidAt: field(
        ratio().default(0.9),
        UNIT.ratio,
        "It bids for a solvent portfolio once the auction price is at most this fraction of its equity.",
      ),
    })
    .prefault({}),
});

export type PerpVenueSpec = z.output<typeof perpVenueSchema>;
export type OptionsVenueSpec = z.output<typeof optionsVenueSchema>;
