/**
 * A market's book as the system measures read it, and a basket position's value and health factor computed exactly
 * as `LendingPool._position` / `_health` do: each holding valued at the market's oracle price rounded down
 * (`population.ts`'s `collateralValue`), its liquidation limit `value × threshold ÷ WAD` rounded down, the limits
 * summed over the basket, health = Σ limit × WAD ÷ debt rounded down (`population.ts`'s `healthFactorWad` with a
 * threshold of one), type(uint256).max without debt.
 *
 * Units: amounts are bigint base units (collateral in its token's, debt and values in the debt token's); prices and
 * thresholds are WAD (10^18 = 1); ids are strings (`^[a-z][a-z0-9-]*$`).
 */
import { collateralValue, healthFactorWad } from "../sim/population";
import { WAD } from "../sim/wad";

export type AssetId = string;
export type MarketId = string;

/** One listed collateral of a market, as the contract holds it. */
export interface CollateralRule {
  asset: AssetId;
  /** The collateral token's decimals. */
  decimals: number;
  /** The liquidation threshold in force (a ramp already applied), WAD. */
  liquidationThreshold: bigint;
}

/** A position: its debt (debt base units, shares converted up as `debtOf`) and its basket (base units per asset). */
export interface BasketPosition {
  account: string;
  debt: bigint;
  collateral: Readonly<Partial<Record<AssetId, bigint>>>;
}

export interface MarketBook {
  id: MarketId;
  debtDecimals: number;
  /** In the market's listing order (the order `_position` sums in; sums do not depend on it). */
  collaterals: readonly CollateralRule[];
  positions: readonly BasketPosition[];
}

/** WAD prices (debt tokens per collateral token × 10^18), per asset, as the market's oracle reports them. */
export type PriceWads = Readonly<Partial<Record<AssetId, bigint>>>;

/** A position refers to an asset its market does not list, or to an asset with no price. */
export class BookError extends RangeError {
  constructor(
    readonly market: MarketId,
    readonly account: string,
    problem: string,
  ) {
    super(`market ${market}, ${account}: ${problem}`);
    this.name = "BookError";
  }
}

export const MAX_HEALTH = 2n ** 256n - 1n;

export interface BasketState {
  /** Σ holdings at the prices, each rounded down, debt base units. */
  value: bigint;
  /** Σ value × threshold ÷ WAD, each rounded down, debt base units. */
  liquidationLimit: bigint;
  /** WAD; `MAX_HEALTH` without debt. */
  health: bigint;
}

/** One holding's value (rounded down, as `_valueOf`) and liquidation limit (`value × threshold ÷ WAD`, down). */
export function holdingTerm(
  rule: CollateralRule,
  amount: bigint,
  priceWad: bigint,
  debtDecimals: number,
): { value: bigint; limit: bigint } {
  const value = collateralValue(amount, priceWad, rule.decimals, debtDecimals);
  return { value, limit: (value * rule.liquidationThreshold) / WAD }; // wMulDown, as `_position`
}

export interface Holding {
  rule: CollateralRule;
  amount: bigint;
  value: bigint;
  limit: bigint;
}

/** The position's non-zero holdings in listing order, each valued at `prices`; refuses unlisted or unpriced assets. */
export function basketHoldings(book: MarketBook, p: BasketPosition, prices: PriceWads): Holding[] {
  for (const asset of Object.keys(p.collateral)) {
    if (!book.collaterals.some((c) => c.asset === asset)) {
      throw new BookError(book.id, p.account, `holds ${asset}, which the market does not list`);
    }
  }
  const out: Holding[] = [];
  for (const rule of book.collaterals) {
    const amount = p.collateral[rule.asset] ?? 0n;
    if (amount === 0n) continue;
    const price = prices[rule.asset];
    if (price === undefined) throw new BookError(book.id, p.account, `no price for ${rule.asset}`);
    out.push({ rule, amount, ...holdingTerm(rule, amount, price, book.debtDecimals) });
  }
  return out;
}

/** Health (WAD) of a liquidation limit against a debt: `limit × WAD ÷ debt` rounded down, `_health`'s wDivDown. */
export const healthOf = (liquidationLimit: bigint, debt: bigint): bigint =>
  healthFactorWad(liquidationLimit, WAD, debt);

/** A basket position's value, liquidation limit and health factor at `prices`, rounded as the market does. */
export function basketState(book: MarketBook, p: BasketPosition, prices: PriceWads): BasketState {
  let value = 0n;
  let liquidationLimit = 0n;
  for (const h of basketHoldings(book, p, prices)) {
    value += h.value;
    liquidationLimit += h.limit;
  }
  return { value, liquidationLimit, health: healthOf(liquidationLimit, p.debt) };
}

/** Whether the market would let the position be liquidated at `prices`: debt and health below 1. */
export const isBelowOne = (book: MarketBook, p: BasketPosition, prices: PriceWads): boolean =>
  p.debt > 0n && basketState(book, p, prices).health < WAD;
