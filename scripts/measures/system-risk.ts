/**
 * System-wide risk read from the markets' books at their oracle prices (pure; see `system-book.ts` for the units):
 * - aggregate leverage = Σ debt ÷ Σ collateral value, per market and across markets (one debt token, so the sums
 *   add like with like);
 * - collateral at risk per % drop of one asset (the liquidation-at-price curve for baskets): for each drop of one
 *   asset's price, the others held, the positions below health 1, their debt and their collateral value at the
 *   dropped prices. A single-collateral book gives `scripts/sim/liquidatable-curve.ts`'s curve exactly.
 */
import {
  type AssetId,
  type MarketBook,
  type MarketId,
  type PriceWads,
  basketHoldings,
  basketState,
  healthOf,
  holdingTerm,
} from "./system-book";
import { WAD, fromFixedUnits, toWad } from "../sim/wad";

export interface Leverage {
  /** Σ debt, debt base units. */
  debt: bigint;
  /** Σ collateral value at the market's oracle prices, rounded down per holding, debt base units. */
  collateralValue: bigint;
  /** debt ÷ collateral value (0 without debt, Infinity with debt and no collateral value). */
  leverage: number;
}

const ratio = (debt: bigint, value: bigint): number =>
  debt === 0n ? 0 : value === 0n ? Infinity : fromFixedUnits((debt * WAD) / value, 18);

function uniqueIds(books: readonly { book: MarketBook }[]): void {
  const seen = new Set<MarketId>();
  for (const { book } of books) {
    if (seen.has(book.id)) throw new RangeError(`market ${book.id} is listed twice`);
    seen.add(book.id);
  }
}

/** A market and the oracle prices it values its book at. */
export interface PricedBook {
  book: MarketBook;
  prices: PriceWads;
}

/** Aggregate leverage per market (by id) and across every market. */
export function aggregateLeverage(books: readonly PricedBook[]): {
  markets: Record<MarketId, Leverage>;
  system: Leverage;
} {
  uniqueIds(books);
  const markets: Record<MarketId, Leverage> = {};
  let debt = 0n;
  let collateralValue = 0n;
  for (const { book, prices } of books) {
    let d = 0n;
    let v = 0n;
    for (const p of book.positions) {
      d += p.debt;
      v += basketState(book, p, prices).value;
    }
    markets[book.id] = { debt: d, collateralValue: v, leverage: ratio(d, v) };
    debt += d;
    collateralValue += v;
  }
  return { markets, system: { debt, collateralValue, leverage: ratio(debt, collateralValue) } };
}

/**
 * Oracle prices as a caller holds them: WAD bigints (read from the chain), or numbers (debt tokens per token, as a
 * path gives them; converted with `toWad`, as `liquidatable-curve.ts` does).
 */
export type PriceInput = Readonly<Partial<Record<AssetId, bigint | number>>>;

/**
 * The prices with `asset` down `dropPct` percent, the others unchanged, as WAD. A number price p becomes
 * `toWad(p × (1 − dropPct/100))` (the single-asset curve's rule); a WAD price p becomes
 * `p × (100 × WAD − toWad(dropPct)) ÷ (100 × WAD)`, rounded down (the dropped price is never above the drop).
 */
export function droppedPrices(prices: PriceInput, asset: AssetId, dropPct: number): PriceWads {
  if (!(dropPct >= 0 && dropPct <= 100)) throw new RangeError(`drop must be a percent in [0, 100], got ${dropPct}`);
  const out: Record<AssetId, bigint> = {};
  for (const [id, p] of Object.entries(prices)) {
    if (p === undefined) continue;
    const dropped = id === asset;
    if (typeof p === "number") out[id] = toWad(dropped ? p * (1 - dropPct / 100) : p);
    else out[id] = dropped ? (p * (100n * WAD - toWad(dropPct))) / (100n * WAD) : p;
  }
  return out;
}

export interface AtRiskPoint {
  asset: AssetId;
  /** Percent drop of `asset`'s price (the other assets held). */
  dropPct: number;
  /** Positions with debt below health 1 at the dropped prices. */
  positions: number;
  /** Their debt, debt base units. */
  debt: bigint;
  /** Their collateral value at the dropped prices, debt base units. */
  collateralValue: bigint;
  /** `debt` ÷ the book's whole debt (to 6 decimals, rounded down; 0 for a book without debt). */
  debtShare: number;
}

const share = (part: bigint, total: bigint): number =>
  total === 0n ? 0 : Number((part * 1_000_000n) / total) / 1_000_000;

/**
 * One market's curve: for each drop of `asset`, what falls below health 1. Each position's holdings are valued once
 * at the undropped prices; a drop revalues only the dropped asset's holding (the terms are independent, so the sums
 * and their rounding are exactly `basketState`'s at the dropped prices).
 */
export function collateralAtRisk(
  book: MarketBook,
  prices: PriceInput,
  asset: AssetId,
  dropsPct: readonly number[],
): AtRiskPoint[] {
  const base = droppedPrices(prices, asset, 0);
  const positions = book.positions
    .filter((p) => p.debt > 0n)
    .map((p) => {
      const holdings = basketHoldings(book, p, base);
      const dropped = holdings.find((h) => h.rule.asset === asset);
      const others = holdings.filter((h) => h !== dropped);
      return {
        debt: p.debt,
        dropped,
        otherValue: others.reduce((a, h) => a + h.value, 0n),
        otherLimit: others.reduce((a, h) => a + h.limit, 0n),
      };
    });
  const total = book.positions.reduce((a, p) => a + p.debt, 0n);
  return dropsPct.map((dropPct) => {
    const price = droppedPrices(prices, asset, dropPct)[asset];
    let count = 0;
    let debt = 0n;
    let collateralValue = 0n;
    for (const p of positions) {
      let value = p.otherValue;
      let limit = p.otherLimit;
      if (p.dropped && price !== undefined) {
        const term = holdingTerm(p.dropped.rule, p.dropped.amount, price, book.debtDecimals);
        value += term.value;
        limit += term.limit;
      }
      if (healthOf(limit, p.debt) >= WAD) continue;
      count++;
      debt += p.debt;
      collateralValue += value;
    }
    return { asset, dropPct, positions: count, debt, collateralValue, debtShare: share(debt, total) };
  });
}

/** 1, 2, …, `maxPct` (the drops the issue asks for). */
export const dropsUpTo = (maxPct: number): number[] => Array.from({ length: maxPct }, (_, i) => i + 1);

export interface SystemAtRisk {
  asset: AssetId;
  /** Per market (by id), the market's curve for this asset. */
  markets: Record<MarketId, AtRiskPoint[]>;
  /** Summed over markets, point by point; `debtShare` over the whole system's debt. */
  system: AtRiskPoint[];
}

/** Every listed asset's curve (`assets` in the order given), per market and summed across markets. */
export function systemCollateralAtRisk(
  books: readonly { book: MarketBook; prices: PriceInput }[],
  assets: readonly AssetId[],
  dropsPct: readonly number[],
): SystemAtRisk[] {
  uniqueIds(books);
  const totalDebt = books.reduce((a, { book }) => a + book.positions.reduce((s, p) => s + p.debt, 0n), 0n);
  return assets.map((asset) => {
    const markets: Record<MarketId, AtRiskPoint[]> = {};
    for (const { book, prices } of books) markets[book.id] = collateralAtRisk(book, prices, asset, dropsPct);
    const system = dropsPct.map((dropPct, i) => {
      const points = Object.values(markets).map((curve) => curve[i]);
      const debt = points.reduce((a, p) => a + p.debt, 0n);
      return {
        asset,
        dropPct,
        positions: points.reduce((a, p) => a + p.positions, 0),
        debt,
        collateralValue: points.reduce((a, p) => a + p.collateralValue, 0n),
        debtShare: share(debt, totalDebt),
      };
    });
    return { asset, markets, system };
  });
}
