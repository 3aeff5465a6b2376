/**
 * The legacy `isolation` block as a topology: the calm asset is a second asset (its driftless GBM path from
 * `isolation.calmAsset.price` with seed `<seed>/calm-path`, no AMM, a feed reading its path with the main feed's
 * latency and update rules and no failure), and
 * - shared: one market "main" with two collaterals and two lender groups ("crash", "calm");
 * - isolated: market "main" (the crash lenders) and market "calm" with the same config (the calm lenders), whose
 *   risk controls are off (the legacy run deploys them on the first market only).
 * The calm borrowers are a population "calm" (seed `isolation.calmBorrowers.seed`, else `<seed>/calm`).
 */
import type { Scenario } from "../scenario";
import { CALM_MARKET, assetIdFromSymbol } from "../scenario/system-resolve";
import type { AssetSpec, MarketSpec, PopulationSpec } from "./types";

/** The calm asset as scripts/sim/isolation.ts builds it. */
export function calmAssetSpec(s: Scenario, crash: AssetSpec): AssetSpec {
  const a = s.isolation.calmAsset;
  const own = assetIdFromSymbol(a.symbol);
  return {
    id: own === crash.id ? `${own}-calm` : own,
    symbol: a.symbol,
    decimals: a.decimals,
    path: {
      kind: "gbm",
      initialPrice: a.price,
      driftPerYear: 0,
      volatilityPerYear: a.volatilityPerYear,
      seed: `${s.seed}/calm-path`,
    },
    amm: null,
    externalMarket: s.externalMarket,
    oracle: {
      ...s.oracle,
      source: "external",
      failure: { ...s.oracle.failure, mode: "none" },
      floorGuard: { ...s.oracle.floorGuard, enabled: false },
    },
  };
}

export function isolationTopology(
  s: Scenario,
  crash: AssetSpec,
  main: MarketSpec,
): { assets: AssetSpec[]; markets: MarketSpec[] } {
  const iso = s.isolation;
  const calm = calmAssetSpec(s, crash);
  const b = iso.calmBorrowers;
  const population: PopulationSpec = {
    id: "calm",
    count: b.count,
    size: b.size,
    health: b.health,
    seed: b.seed ?? `${s.seed}/calm`,
    basket: [{ asset: calm.id, share: 1 }],
  };
  const collateral = { asset: calm.id, ...iso.calmAsset.risk };
  const crashLenders = { id: "crash", supply: s.market.lenderSupply };
  const calmLenders = { id: "calm", supply: iso.calmLenderSupply };
  if (iso.mode === "shared") {
    const lenders = [crashLenders, calmLenders];
    return {
      assets: [crash, calm],
      markets: [
        {
          ...main,
          collaterals: [...main.collaterals, collateral],
          lenders,
          lenderSupply: crashLenders.supply + calmLenders.supply,
          borrowers: [...main.borrowers, population],
        },
      ],
    };
  }
  const rc = main.riskControls;
  return {
    assets: [crash, calm],
    markets: [
      { ...main, lenders: [crashLenders], lenderSupply: crashLenders.supply },
      {
        ...main,
        id: CALM_MARKET,
        collaterals: [collateral],
        lenders: [calmLenders],
        lenderSupply: calmLenders.supply,
        riskControls: {
          circuitBreaker: { ...rc.circuitBreaker, enabled: false },
          dynamicRisk: { ...rc.dynamicRisk, enabled: false },
        },
        borrowers: [population],
      },
    ],
  };
}
