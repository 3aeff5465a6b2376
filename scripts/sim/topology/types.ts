/**
 * A scenario as a system: the typed input a world builder reads (docs/topology.md). Every default is applied,
 * every reference checked, every seed resolved; amounts are in human units as in the scenario (whole tokens, ratios),
 * converted at the chain boundary.
 */
import type { PathSpec, Scenario, KeeperGroup } from "../scenario";
import type {
  AmmParams,
  BorrowersParams,
  CollateralRisk,
  ExternalMarketParams,
  LiquidationParams,
  MarketConfig,
  OracleParams,
  RiskControlsParams,
} from "../scenario/system-resolve";

/** `^[a-z][a-z0-9-]*$`, e.g. "eth", "steth". */
export type AssetId = string;
/** `^[a-z][a-z0-9-]*$`, e.g. "main", "lido". */
export type MarketId = string;

/** The one debt asset every market lends (id "debt"). */
export interface DebtSpec {
  id: "debt";
  symbol: string;
  decimals: number;
}

/** A collateral asset: its token, exogenous price path, AMM, external market and feed. */
export interface AssetSpec {
  id: AssetId;
  symbol: string;
  decimals: number;
  /** The exogenous price path; random kinds carry their resolved `seed`. */
  path: PathSpec;
  /** Constant-product pool against the debt asset; null = none (priced by its path only, lots cannot be sold). */
  amm: AmmParams | null;
  externalMarket: ExternalMarketParams;
  oracle: OracleParams;
}

/** An asset listed as collateral of a market, with the market's risk parameters for it. */
export interface CollateralSpec extends CollateralRisk {
  asset: AssetId;
}

/** One asset of a basket and its share of the position's collateral value at block-0 prices (shares sum to 1). */
export interface BasketShare {
  asset: AssetId;
  share: number;
}

/** A borrower population of one market; `size` in tokens of the basket's first asset. */
export interface PopulationSpec extends Omit<BorrowersParams, "seed"> {
  id: string;
  /** Resolved seed of the population's draws. */
  seed: string;
  basket: BasketShare[];
}

/** Lenders whose losses and withdrawals are measured apart. */
export interface LenderGroupSpec {
  id: string;
  /** Debt tokens supplied at start. */
  supply: number;
  /** Withdraws all it can once its loss exceeds this (bps of `supply`); absent = never withdraws. */
  exitOnLossBps?: number;
}

/** A LendingPool: its config, collaterals, lenders, liquidation mechanism, risk controls and borrowers. */
export interface MarketSpec extends MarketConfig {
  id: MarketId;
  collaterals: CollateralSpec[];
  lenders: LenderGroupSpec[];
  /** Σ lenders' supply, debt tokens. */
  lenderSupply: number;
  liquidation: LiquidationParams;
  riskControls: RiskControlsParams;
  /** Borrower populations (the scenario's `markets[].borrowers`, or the top-level `borrowers`). */
  borrowers: PopulationSpec[];
}

export interface EntityPositionSpec {
  market: MarketId;
  /** Whole tokens of each asset. */
  collateral: { asset: AssetId; amount: number }[];
  /** Starting health factor at block-0 prices. */
  health: number;
}

/** A large named account (one address) with a position in each of several markets. */
export interface EntitySpec {
  id: string;
  positions: EntityPositionSpec[];
}

/** A keeper group with the markets it watches resolved (absent in the scenario = every market). */
export interface KeeperSpec extends Omit<KeeperGroup, "markets"> {
  markets: MarketId[];
}

export interface Topology {
  /** Master seed and run length, as the scenario gives them. */
  seed: string;
  blocks: number;
  chain: Scenario["chain"];
  debt: DebtSpec;
  /** In `correlation` order. */
  assets: AssetSpec[];
  /** Correlation of the assets' Gaussian shocks (identity when the scenario gives none). */
  correlation: number[][];
  correlateJumps: boolean;
  markets: MarketSpec[];
  entities: EntitySpec[];
  keepers: KeeperSpec[];
  keeperModel: Scenario["keeperModel"];
  /** Arbitrageurs, per AMM (every asset with an AMM gets this group). */
  arbitrage: Scenario["arbitrage"];
  /** Attacker and exploiter act on the first asset and the first market, as in a single-asset scenario. */
  attack: Scenario["attack"];
  exploiter: Scenario["exploiter"];
}
