/**
 * Contagion attribution: which liquidations in a market were forced by other markets' forced sales.
 *
 * For a liquidation in market B, recorded with the oracle prices B valued the position at and, for each, the block
 * whose external price that oracle answer observed (the feed's lag), the position's health is recomputed with each
 * oracle price scaled by `priceWithout(S, observed) ÷ price(observed)` (`contagion-impact.ts`), for S = one source,
 * and S = every forced-sale source; an asset without an external-market split keeps its price. Then the liquidation
 * is
 * - attributed to source A when, without A's forced sales alone, the position would have been healthy (health ≥ 1);
 *   when several single sources each flip it, they share it equally (count and debt repaid);
 * - jointly forced when no single source flips it but removing every forced-sale source does;
 * - exogenous otherwise (the exogenous path, other flows or the position itself put it below 1);
 * - `not-below-one` when its own recorded prices give health ≥ 1 (inconsistent input; counted apart, never
 *   attributed).
 * Cross-market contagion from A into B is what B's liquidations attributed to A ≠ B add up to; A = B (a market's
 * own forced sales liquidating its own positions) is its within-market cascade.
 *
 * Health is `system-book.ts`'s `basketState` (the market's exact WAD arithmetic); a scaled price is
 * `priceWad × toWad(ratio) ÷ WAD`, rounded down (so rounding never makes a position healthy). Limits: see
 * docs/measures-system.md (the AMM and the arbitrage between it and the external market are approximated by the
 * external price ratio; the run itself is not replayed, so liquidations that would not have happened do not remove
 * their own forced sales).
 */
import {
  type AssetId,
  type BasketPosition,
  type MarketBook,
  type MarketId,
  type PriceWads,
  basketState,
} from "./system-book";
import { type ImpactSplit, type SourceId, priceWithout } from "./contagion-impact";
import { WAD, toWad } from "../sim/wad";

/** A market's valuation rules (a `MarketBook` without its positions). */
export type MarketRules = Omit<MarketBook, "positions">;

export interface OracleReading {
  /** The price the market valued the position at, WAD. */
  priceWad: bigint;
  /** The run block whose external price this answer reflects (the liquidation block minus the feed's lag). */
  observedBlock: number;
}

export interface LiquidationEvent {
  block: number;
  market: MarketId;
  /** Debt repaid, or moved into an auction, debt base units. */
  repaid: bigint;
  /** The position just before the liquidation. */
  position: BasketPosition;
  /** The oracle reading for each asset the position holds. */
  oracle: Readonly<Partial<Record<AssetId, OracleReading>>>;
}

export type Cause =
  | { kind: "attributed"; sources: SourceId[] }
  | { kind: "joint" }
  | { kind: "exogenous" }
  | { kind: "not-below-one" };

export interface Classified {
  event: LiquidationEvent;
  cause: Cause;
  /** WAD health at the recorded prices, without each single source, and without every source. */
  health: { recorded: bigint; without: Record<SourceId, bigint>; withoutAll: bigint };
}

export interface ContagionWorld {
  markets: readonly MarketRules[];
  /** The external-market split of each asset that has one (by asset id). */
  splits: Readonly<Partial<Record<AssetId, ImpactSplit>>>;
}

/** Every forced-sale source with flows in any split, sorted. */
export function forcedSaleSources(world: ContagionWorld): SourceId[] {
  const all = new Set<SourceId>();
  for (const split of Object.values(world.splits)) for (const s of Object.keys(split?.bySource ?? {})) all.add(s);
  return [...all].sort();
}

/** The recorded oracle prices, each scaled by the external price ratio without the sources in `without`. */
export function pricesWithoutSources(
  world: ContagionWorld,
  oracle: LiquidationEvent["oracle"],
  without: readonly SourceId[],
): PriceWads {
  const out: Record<AssetId, bigint> = {};
  for (const [asset, reading] of Object.entries(oracle)) {
    if (!reading) continue;
    const split = world.splits[asset];
    if (!split || without.length === 0) {
      out[asset] = reading.priceWad;
      continue;
    }
    const counterfactual = priceWithout(split, without, reading.observedBlock); // checks the block
    const actual = split.price[reading.observedBlock];
    if (counterfactual === actual) out[asset] = reading.priceWad;
    else if (actual > 0) out[asset] = (reading.priceWad * toWad(counterfactual / actual)) / WAD;
    // A zero external price (linear impact at its floor): the oracle would have read the counterfactual itself.
    else out[asset] = toWad(counterfactual);
  }
  return out;
}

/** Classifies one liquidation (see the module comment). */
export function classifyLiquidation(world: ContagionWorld, event: LiquidationEvent): Classified {
  const rules = world.markets.find((m) => m.id === event.market);
  if (!rules) throw new RangeError(`liquidation in unknown market "${event.market}"`);
  const book: MarketBook = { ...rules, positions: [] };
  const healthAt = (without: readonly SourceId[]) =>
    basketState(book, event.position, pricesWithoutSources(world, event.oracle, without)).health;
  const sources = forcedSaleSources(world);
  const recorded = healthAt([]);
  const without = Object.fromEntries(sources.map((s) => [s, healthAt([s])]));
  const withoutAll = healthAt(sources);
  const health = { recorded, without, withoutAll };
  if (recorded >= WAD) return { event, cause: { kind: "not-below-one" }, health };
  const flipping = sources.filter((s) => without[s] >= WAD);
  if (flipping.length > 0) return { event, cause: { kind: "attributed", sources: flipping }, health };
  return { event, cause: { kind: withoutAll >= WAD ? "joint" : "exogenous" }, health };
}

export interface Tally {
  /** Liquidations; a shared one counts 1 ÷ (number of sources sharing it) for each. */
  liquidations: number;
  /** Debt repaid, debt base units (a shared one split equally, the remainder's wei to the first sources by id). */
  debtRepaid: bigint;
}

export interface PairTally extends Tally {
  source: SourceId;
  market: MarketId;
}

export interface ContagionSummary {
  classified: Classified[];
  /** Attributed liquidations per (source → market), within-market pairs included, sorted by source then market. */
  pairs: PairTally[];
  /** The pairs with source ≠ market: cross-market contagion. */
  crossMarket: PairTally[];
  /** Per market (by id): jointly forced, exogenous and inconsistent liquidations. */
  joint: Record<MarketId, Tally>;
  exogenous: Record<MarketId, Tally>;
  notBelowOne: Record<MarketId, Tally>;
}

const zero = (): Tally => ({ liquidations: 0, debtRepaid: 0n });

/** Classifies every liquidation and tallies contagion per (source market → market). */
export function contagion(world: ContagionWorld, events: readonly LiquidationEvent[]): ContagionSummary {
  const classified = events.map((e) => classifyLiquidation(world, e));
  const pairs = new Map<string, PairTally>();
  const perMarket = () => Object.fromEntries(world.markets.map((m) => [m.id, zero()])) as Record<MarketId, Tally>;
  const joint = perMarket();
  const exogenous = perMarket();
  const notBelowOne = perMarket();
  for (const c of classified) {
    const { market, repaid } = c.event;
    if (c.cause.kind !== "attributed") {
      const t = { joint, exogenous, "not-below-one": notBelowOne }[c.cause.kind][market];
      t.liquidations++;
      t.debtRepaid += repaid;
      continue;
    }
    const sources = c.cause.sources;
    const n = BigInt(sources.length);
    sources.forEach((source, i) => {
      const key = `${source}\u0000${market}`;
      const t = pairs.get(key) ?? { source, market, ...zero() };
      t.liquidations += 1 / sources.length;
      t.debtRepaid += repaid / n + (BigInt(i) < repaid % n ? 1n : 0n);
      pairs.set(key, t);
    });
  }
  // Shares of 1 ÷ n summed in floating point: rounded to 1e-9 so that 0.5 + 12 reads 12.5, not 12.500000000000002.
  for (const t of pairs.values()) t.liquidations = Math.round(t.liquidations * 1e9) / 1e9;
  const sorted = [...pairs.values()].sort((a, b) =>
    a.source === b.source ? (a.market < b.market ? -1 : 1) : a.source < b.source ? -1 : 1,
  );
  return {
    classified,
    pairs: sorted,
    crossMarket: sorted.filter((p) => p.source !== p.market),
    joint,
    exogenous,
    notBelowOne,
  };
}
