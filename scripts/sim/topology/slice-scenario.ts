/**
 * A slice of a system: one market and one of its collaterals (or one asset alone), seen as a single-asset scenario.
 * The agents read their parameters from `world.scenario`'s top-level fields (`oracle`, `amm`, `market.collateral`,
 * `liquidation`, …); in a system world each agent is given the scenario of its slice, so every agent kind written for
 * one asset and one market acts unchanged on any asset of any market.
 */
import type { Scenario } from "../scenario";
import type { AssetSpec, CollateralSpec, MarketSpec, Topology } from "./types";

/** The scenario of `asset` listed as `collateral` in `market` (the fields an agent or builder reads of one slice). */
export function sliceScenario(
  s: Scenario,
  topology: Topology,
  market: MarketSpec,
  asset: AssetSpec,
  collateral: CollateralSpec | undefined,
): Scenario {
  const {
    id: _id,
    collaterals,
    lenders: _l,
    lenderSupply,
    liquidation,
    riskControls,
    borrowers: _b,
    ...config
  } = market;
  void _id;
  void _l;
  void _b;
  const listed = collateral ?? collaterals[0];
  const { asset: _a, ...risk } = listed;
  void _a;
  return {
    ...s,
    tokens: { ...s.tokens, collateral: { symbol: asset.symbol, decimals: asset.decimals } },
    path: asset.path,
    amm: asset.amm ?? s.amm,
    externalMarket: asset.externalMarket,
    oracle: asset.oracle,
    market: { ...config, collateral: risk, lenderSupply },
    liquidation,
    riskControls,
    // Every group, in the scenario's order (so keeper names keep their group index); count 0 where it does not watch.
    keepers: topology.keepers.map(({ markets: watched, ...k }) =>
      watched.includes(market.id) ? k : { ...k, count: 0 },
    ),
    assets: undefined,
    markets: undefined,
    correlation: undefined,
    correlateJumps: false,
    entities: [],
  } as Scenario;
}
