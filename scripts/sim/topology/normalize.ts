/**
 * Scenario → Topology. Listed assets and markets are laid over the top-level fields (scenario/system-resolve.ts); a
 * scenario without them is one asset and one market "main". Seeds are resolved here so the world builder draws
 * exactly what a single-asset run draws today.
 */
import type { PathSpec, Scenario } from "../scenario";
import { ScenarioError, problemLine } from "../scenario/errors";
import { systemProblems } from "../scenario/system-checks";
import {
  DEBT_ASSET,
  resolveAssets,
  resolveMarkets,
  type ResolvedAsset,
  type ResolvedMarket,
} from "../scenario/system-resolve";
import type { AssetSpec, MarketSpec, Topology } from "./types";

/** The path with its seed resolved (random kinds only): the first asset's as a single-asset run, others by id. */
export function seededPath(path: PathSpec, scenarioSeed: string, assetId: string, first: boolean): PathSpec {
  if (path.kind === "step" || path.kind === "linear" || path.kind === "csv") return path;
  return { ...path, seed: path.seed ?? (first ? `${scenarioSeed}/path` : `${scenarioSeed}/path/${assetId}`) };
}

/** The population seed rule of `markets[].borrowers[].seed` (see its description). */
export function populationSeed(
  s: Scenario,
  market: string,
  population: string,
  own: string | undefined,
  first: boolean,
) {
  if (own !== undefined) return own;
  return first ? (s.borrowers.seed ?? `${s.seed}/borrowers`) : `${s.seed}/borrowers/${market}/${population}`;
}

function assetSpec(s: Scenario, a: ResolvedAsset, i: number): AssetSpec {
  return {
    id: a.id,
    symbol: a.symbol,
    decimals: a.decimals,
    path: seededPath(a.path, s.seed, a.id, i === 0),
    amm: a.amm,
    externalMarket: a.externalMarket,
    oracle: a.oracle,
  };
}

function marketSpec(s: Scenario, m: ResolvedMarket, i: number): MarketSpec {
  return {
    id: m.id,
    ...m.config,
    collaterals: m.collaterals.map(({ at, ...c }) => (void at, c)),
    lenders: m.lenders.map((l) => ({ ...l })),
    lenderSupply: m.lenders.reduce((sum, l) => sum + l.supply, 0),
    liquidation: m.liquidation,
    riskControls: m.riskControls,
    borrowers: m.populations.map(({ at, seed, ...p }, j) => {
      void at;
      return { ...p, seed: populationSeed(s, m.id, p.id, seed, i === 0 && j === 0) };
    }),
  };
}

const identity = (n: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

/**
 * The system a parsed scenario describes. Throws a `ScenarioError` (one line per problem) if the scenario's
 * cross-field checks fail, which `parseScenario` has already run for a scenario it returned.
 */
export function normalizeTopology(s: Scenario): Topology {
  const problems = systemProblems(s);
  if (problems.length > 0) {
    throw new ScenarioError(
      "scenario",
      problems.map((p) => problemLine(p.path, p.message, "input" in p ? { value: p.input } : undefined)),
    );
  }
  const resolvedAssets = resolveAssets(s);
  const assets = resolvedAssets.map((a, i) => assetSpec(s, a, i));
  const markets = resolveMarkets(s, resolvedAssets).map((m, i) => marketSpec(s, m, i));
  const marketIds = markets.map((m) => m.id);
  return {
    seed: s.seed,
    blocks: s.blocks,
    chain: s.chain,
    debt: { id: DEBT_ASSET, symbol: s.tokens.debt.symbol, decimals: s.tokens.debt.decimals },
    assets,
    correlation: s.correlation?.map((row) => [...row]) ?? identity(assets.length),
    correlateJumps: s.correlateJumps,
    markets,
    entities: s.entities.map((e) => ({
      id: e.id,
      positions: e.positions.map((p) => ({
        market: p.market,
        collateral: p.collateral.map((c) => ({ ...c })),
        health: p.health,
      })),
    })),
    keepers: s.keepers.map((k) => ({
      ...k,
      markets: k.markets ? [...k.markets] : [...marketIds],
    })),
    keeperModel: s.keeperModel,
    arbitrage: s.arbitrage,
    attack: s.attack,
    exploiter: s.exploiter,
  };
}
