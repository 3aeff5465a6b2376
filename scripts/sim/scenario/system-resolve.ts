/**
 * Lays each listed asset and market (`assets[]`, `markets[]`) over the scenario's top-level fields, so every asset
 * and market is complete. Without `assets[]`/`markets[]` the top-level fields are the one asset and the one market
 * "main". Pure: the checks (system-checks.ts) and the topology (scripts/sim/topology) both read this.
 */
import type { PathSpec, Scenario } from "./scenario-object";
import { ammSchema, externalMarketSchema, oracleSchema } from "./asset-schema";
import {
  borrowersSchema,
  collateralRiskSchema,
  liquidationSchema,
  marketSchema,
  riskControlsSchema,
} from "./market-schema";
import { mergeOver } from "./inherit";

/** Id of the market a scenario without `markets[]` describes. */
export const MAIN_MARKET = "main";
/** Id of the debt asset, shared by every market. */
export const DEBT_ASSET = "debt";

type Market = Scenario["market"];
export type AmmParams = Scenario["amm"];
export type ExternalMarketParams = Scenario["externalMarket"];
export type OracleParams = Scenario["oracle"];
export type CollateralRisk = Market["collateral"];
export type MarketConfig = Omit<Market, "collateral" | "lenderSupply">;
export type LiquidationParams = Scenario["liquidation"];
export type RiskControlsParams = Scenario["riskControls"];
export type BorrowersParams = Scenario["borrowers"];

export interface ResolvedAsset {
  id: string;
  symbol: string;
  decimals: number;
  path: PathSpec;
  amm: AmmParams | null;
  externalMarket: ExternalMarketParams;
  oracle: OracleParams;
  /** Where the asset is written, for messages: `assets[1]`, or "tokens.collateral" for the top-level asset. */
  at: (string | number)[];
}

export interface ResolvedCollateral extends CollateralRisk {
  asset: string;
  at: (string | number)[];
}

export interface ResolvedPopulation extends BorrowersParams {
  id: string;
  basket: { asset: string; share: number }[];
  at: (string | number)[];
}

export interface ResolvedMarket {
  id: string;
  config: MarketConfig;
  collaterals: ResolvedCollateral[];
  lenders: { id: string; supply: number; exitOnLossBps?: number }[];
  liquidation: LiquidationParams;
  riskControls: RiskControlsParams;
  populations: ResolvedPopulation[];
  at: (string | number)[];
}

/** `WETH` → "weth", `USDC.e` → "usdc-e": an asset id from a ticker (the top-level asset's id). */
export function assetIdFromSymbol(symbol: string): string {
  let id = symbol.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  if (!/^[a-z]/.test(id)) id = `a${id}`;
  return id === DEBT_ASSET ? `${id}-collateral` : id;
}

/** The scenario's assets, each complete: listed ones over the top-level fields, or the one top-level asset. */
export function resolveAssets(s: Scenario): ResolvedAsset[] {
  const base: ResolvedAsset = {
    id: assetIdFromSymbol(s.tokens.collateral.symbol),
    symbol: s.tokens.collateral.symbol,
    decimals: s.tokens.collateral.decimals,
    path: s.path,
    amm: s.amm,
    externalMarket: s.externalMarket,
    oracle: s.oracle,
    at: ["tokens", "collateral"],
  };
  if (!s.assets) return [base];
  return s.assets.map((a, i) => ({
    id: a.id,
    symbol: a.symbol ?? a.id.toUpperCase(),
    decimals: a.decimals ?? s.tokens.collateral.decimals,
    path: a.path ?? s.path,
    amm: a.amm === null ? null : mergeOver(ammSchema, s.amm, a.amm),
    externalMarket: mergeOver(externalMarketSchema, s.externalMarket, a.externalMarket),
    oracle: mergeOver(oracleSchema, s.oracle, a.oracle),
    at: ["assets", i],
  }));
}

function configOf(m: Market): MarketConfig {
  const { collateral, lenderSupply, ...config } = m;
  void collateral;
  void lenderSupply;
  return config;
}

/** The scenario's markets, each complete: listed ones over the top-level fields, or the one market "main". */
export function resolveMarkets(s: Scenario, assets: readonly ResolvedAsset[] = resolveAssets(s)): ResolvedMarket[] {
  const first = assets[0].id;
  if (!s.markets) {
    return [
      {
        id: MAIN_MARKET,
        config: configOf(s.market),
        collaterals: [{ asset: first, ...s.market.collateral, at: ["market", "collateral"] }],
        lenders: [{ id: "lenders", supply: s.market.lenderSupply }],
        liquidation: s.liquidation,
        riskControls: s.riskControls,
        populations: [{ id: "borrowers", ...s.borrowers, basket: [{ asset: first, share: 1 }], at: ["borrowers"] }],
        at: ["market"],
      },
    ];
  }
  return s.markets.map((m, i) => {
    const merged = mergeOver(marketSchema, s.market, m) as Market;
    const collaterals: ResolvedCollateral[] = (m.collaterals ?? [{ asset: first }]).map((c, j) => {
      const { asset, ...risk } = c;
      return {
        asset,
        ...mergeOver<CollateralRisk>(collateralRiskSchema, s.market.collateral, risk),
        at: ["markets", i, "collaterals", j],
      };
    });
    const home = collaterals[0].asset;
    const populations: ResolvedPopulation[] = (m.borrowers ?? [{}]).map((b, j) => {
      const { id, basket, seed, ...params } = b;
      return {
        id: id ?? (j === 0 ? "borrowers" : `borrowers-${j}`),
        ...mergeOver<BorrowersParams>(borrowersSchema, { ...s.borrowers, seed: undefined }, params),
        seed,
        basket: basket ?? [{ asset: home, share: 1 }],
        at: ["markets", i, "borrowers", j],
      };
    });
    return {
      id: m.id,
      config: configOf(merged),
      collaterals,
      lenders: m.lenders ?? [{ id: "lenders", supply: merged.lenderSupply }],
      liquidation: mergeOver(liquidationSchema, s.liquidation, m.liquidation),
      riskControls: mergeOver(riskControlsSchema, s.riskControls, m.riskControls),
      populations,
      at: ["markets", i],
    };
  });
}
