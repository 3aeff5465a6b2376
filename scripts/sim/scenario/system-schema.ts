/**
 * A scenario as a system (docs/topology.md): several collateral assets whose prices move together, several lending
 * markets borrowing the one debt asset, populations holding baskets, and large named accounts across markets.
 * Every field here is optional: a scenario without them describes one asset and one market from its top-level
 * fields, which are also the defaults each listed asset and market starts from.
 */
import { z } from "zod";
import { field, UNIT } from "./field";
import { bps, idString, int, pos } from "./primitives";
import { ammSchema, externalMarketSchema, oracleSchema } from "./asset-schema";
import { pathUnion } from "./path-schema";
import {
  borrowersSchema,
  collateralRiskSchema,
  liquidationSchema,
  marketSchema,
  riskControlsSchema,
} from "./market-schema";
import { inherits, overridable, overridableShape } from "./inherit";

/* ASSETS */

export const assetSchema = z.strictObject({
  id: field(
    idString(),
    UNIT.id,
    'How markets, baskets and entities name this asset (e.g. "eth", "steth"); "debt" is reserved for the debt asset.',
  ),
  symbol: field(z.string().min(1).optional(), UNIT.text, "Ticker of the token; absent = the id in upper case."),
  decimals: field(
    int().min(0).max(36).optional(),
    UNIT.decimals,
    "ERC-20 decimals of the token; absent = `tokens.collateral.decimals`.",
  ),
  path: inherits(
    field(
      pathUnion.optional(),
      "price path",
      "Exogenous price of this asset in debt tokens, as `path`; when named it replaces the top-level path whole " +
        "(its kind's defaults fill the rest). A path without its own `seed` draws from `<scenario seed>/path/<id>` " +
        "(the first asset: `<scenario seed>/path`, as a single-asset scenario).",
    ),
    "path",
  ),
  amm: inherits(
    field(
      overridable(ammSchema, "amm").nullable().optional(),
      "object or null",
      "Constant-product pool of this asset against the debt asset, fields as `amm` (each absent one from there); " +
        "null = no pool: the asset is priced by its path only and seized lots of it cannot be sold.",
    ),
    "amm",
  ),
  externalMarket: inherits(
    field(
      overridable(externalMarketSchema, "externalMarket").optional(),
      "object",
      "Where forced sales of this asset move its price, fields as `externalMarket` (each absent one from there).",
    ),
    "externalMarket",
  ),
  oracle: inherits(
    field(
      overridable(oracleSchema, "oracle").optional(),
      "object",
      "Feed of this asset's price, fields as `oracle` (each absent one from there).",
    ),
    "oracle",
  ),
});

/* MARKETS */

const assetRef = (what: string) => field(idString(), UNIT.id, `Id of ${what} (an \`assets[].id\`).`);

export const marketCollateralSchema = z.strictObject({
  asset: assetRef("the collateral asset"),
  ...overridableShape(collateralRiskSchema, "market.collateral"),
});

export const basketShareSchema = z.strictObject({
  asset: assetRef("an asset of the basket (a collateral of this market)"),
  share: field(
    pos().max(1),
    UNIT.ratio,
    "Share of the position's collateral value (at block-0 prices) held in this asset; a basket's shares sum to 1.",
  ),
});

export const populationSchema = z.strictObject({
  id: field(
    idString().optional(),
    UNIT.id,
    'Name of the population within its market; absent = "borrowers" for the first, "borrowers-<index>" after.',
  ),
  ...overridableShape(borrowersSchema, "borrowers"),
  seed: field(
    z.string().optional(),
    UNIT.text,
    "Seed of this population; absent = `<scenario seed>/borrowers/<market id>/<population id>`, except the first " +
      "population of the first market, which draws as a single-market scenario does (`borrowers.seed`, else " +
      "`<scenario seed>/borrowers`).",
  ),
  basket: field(
    z.array(basketShareSchema).min(1).optional(),
    "list of {asset, share}",
    "What each position holds: shares of its collateral value per asset. `size` is counted in tokens of the " +
      "basket's first asset, its value (at block-0 prices) split by share; `health` is at the basket's " +
      "value-weighted liquidation threshold. Absent = the market's first collateral only.",
  ),
});

export const lenderGroupSchema = z.strictObject({
  id: field(idString(), UNIT.id, "Name of the lender group (its losses and withdrawals are measured apart)."),
  supply: field(pos(), UNIT.debtTokens, "Debt asset this group supplies at start."),
  exitOnLossBps: field(
    bps().optional(),
    UNIT.bps,
    "The group withdraws all it can (a lender-exit agent, scripts/agents/lender-exit.ts) from the first block its " +
      "claim plus what it took out is more than this below what it supplied, and every block after while cash and " +
      "claim remain; absent = the group never withdraws.",
  ),
});

const { collateral: _collateral, ...marketConfigShape } = overridableShape(marketSchema, "market");
void _collateral;

export const marketEntrySchema = z.strictObject({
  id: field(idString(), UNIT.id, 'How keepers and entities name this market (e.g. "main", "lido").'),
  collaterals: field(
    z.array(marketCollateralSchema).min(1).optional(),
    "list of collaterals",
    "Assets the market accepts, each with its own risk parameters (absent ones from `market.collateral`); " +
      "absent = the first asset only.",
  ),
  ...marketConfigShape,
  lenders: field(
    z.array(lenderGroupSchema).min(1).optional(),
    "list of lender groups",
    'Lender groups measured apart; absent = one group "lenders" supplying `lenderSupply`. Give either this or ' +
      "`lenderSupply`.",
  ),
  liquidation: inherits(
    field(
      overridable(liquidationSchema, "liquidation").optional(),
      "object",
      "Liquidation mechanism and auction parameters, fields as `liquidation` (each absent one from there).",
    ),
    "liquidation",
  ),
  riskControls: inherits(
    field(
      overridable(riskControlsSchema, "riskControls").optional(),
      "object",
      "Circuit breaker and dynamic risk controller of this market, fields as `riskControls` (each absent one from there).",
    ),
    "riskControls",
  ),
  borrowers: field(
    z.array(populationSchema).min(1).optional(),
    "list of populations",
    "Borrower populations of this market, each starting from `borrowers`; absent = one population as `borrowers` " +
      "holding the market's first collateral. `count: 0` for none.",
  ),
});

/* ENTITIES */

export const entityCollateralSchema = z.strictObject({
  asset: assetRef("the asset deposited"),
  amount: field(pos(), UNIT.assetTokens, "Collateral deposited, in whole tokens of the asset."),
});

export const entityPositionSchema = z.strictObject({
  market: field(idString(), UNIT.id, "Id of the market (a `markets[].id`; `main` in a single-market scenario)."),
  collateral: field(
    z.array(entityCollateralSchema).min(1),
    "list of {asset, amount}",
    "Collateral of this position; each asset a collateral of the market.",
  ),
  health: field(
    pos().default(1.25),
    "health factor",
    "Starting health factor at block-0 prices: debt = Σ amount × price × liquidationThreshold ÷ health. Must " +
      "leave the debt within the ltv limit.",
  ),
});

export const entitySchema = z.strictObject({
  id: field(idString(), UNIT.id, 'Name of the account (e.g. "fund"); one address across every market.'),
  positions: field(
    z.array(entityPositionSchema).min(1),
    "list of positions",
    "One position per market the entity borrows in.",
  ),
});

/* THE SYSTEM'S TOP-LEVEL FIELDS */

export const systemShape = {
  assets: field(
    z.array(assetSchema).min(1).optional(),
    "list of assets",
    "Collateral assets, each starting from the top-level `tokens.collateral`, `path`, `amm`, `externalMarket` and " +
      "`oracle`; absent = one asset described by those fields (id: `tokens.collateral.symbol` in lower case).",
  ),
  correlation: field(
    z
      .array(z.array(z.number().min(-1).max(1)).min(1))
      .min(1)
      .optional(),
    "matrix (one row and column per asset)",
    "Correlation of the assets' Gaussian price shocks, in `assets[]` order: symmetric, 1 on the diagonal, " +
      "positive semi-definite. Entries of assets whose path has no shocks (step, linear, csv) have no effect. " +
      "Absent = independent.",
  ),
  correlateJumps: field(
    z.boolean().default(false),
    "boolean",
    "Jump arrivals of `jump` paths also follow `correlation` (a Gaussian copula on the arrival draws); false = " +
      "independent arrivals.",
  ),
  markets: field(
    z.array(marketEntrySchema).min(1).optional(),
    "list of markets",
    "Lending markets, all lending the one debt asset, each starting from the top-level `market`, `liquidation`, " +
      '`riskControls` and `borrowers`; absent = one market "main" described by those fields.',
  ),
  entities: field(
    z.array(entitySchema).default([]),
    "list of entities",
    "Large named accounts with positions in several markets (a fund); liquidated like any borrower.",
  ),
};

export type AssetEntry = z.output<typeof assetSchema>;
export type MarketEntry = z.output<typeof marketEntrySchema>;
export type EntityEntry = z.output<typeof entitySchema>;
