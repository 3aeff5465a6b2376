/**
 * What the block loop acts on, whatever the world: its slices (`SystemSlice`: one market and one of its collaterals),
 * each asset's exogenous path and external market, and its markets. A system world (docs/topology.md) has its own;
 * a single-asset world is a system of one slice: market "main", its one collateral.
 */
import type { ExternalMarketParams } from "../external-market";
import type { SystemSlice, World } from "../world/types";
import { MAIN_MARKET, assetIdFromSymbol } from "../scenario/system-resolve";

export interface RunSlices {
  slices: SystemSlice[];
  /** Per asset: the slice its oracle updater and arbitrageurs act in (its view gives the asset's prices). */
  assetSlice: number[];
  /** Per asset: the exogenous price per block, and its external market's parameters. */
  paths: number[][];
  externalMarkets: ExternalMarketParams[];
  /** The markets' ids, in the order of `world.markets`. */
  markets: string[];
  /** Whether block records carry each market's figures (`record.markets`): a system world's do. */
  perMarket: boolean;
}

/** The slices of `world`; `path` is the exogenous path of a single-asset world (a system world holds its own). */
export function runSlices(world: World, path: readonly number[] = []): RunSlices {
  const sys = world.system;
  if (sys) {
    return {
      slices: sys.slices,
      assetSlice: sys.assetSlice,
      paths: sys.paths,
      externalMarkets: sys.topology.assets.map((a) => a.externalMarket),
      markets: sys.topology.markets.map((m) => m.id),
      perMarket: true,
    };
  }
  const s = world.scenario;
  const slice: SystemSlice = {
    market: MAIN_MARKET,
    asset: assetIdFromSymbol(s.tokens.collateral.symbol),
    marketIndex: 0,
    assetIndex: 0,
    listed: true,
    world,
  };
  return {
    slices: [slice],
    assetSlice: [0],
    paths: [[...path]],
    externalMarkets: [s.externalMarket],
    markets: [MAIN_MARKET],
    perMarket: false,
  };
}
