/**
 * What the engine, the agents and the measures know of the world a scenario built: its accounts, its assets (token,
 * AMM, feeds), its market (behind the market adapter interface: the lab's pool through `LabAdapter`, or another
 * protocol's), the lab's auction and risk controls, and their addresses. Types only (and the feeds' decimals): every
 * module may import this file, and it imports nothing of the engine or the agents.
 *
 * The world holds lists of assets and markets so that a scenario may describe several; today every scenario builds
 * one collateral asset and one market, and the flat fields (`collateral`, `amm`, `lab`, …) are the first of each.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import type {
  AmmSpotFeed,
  AmmTwapFeed,
  OracleManipulator,
  BoundedFeed,
  ConstantProductPool,
  ConstantProductRouter,
  DutchAuctionLiquidator,
  FlashLiquidator,
  GasBurner,
  LaggedPriceFeed,
  MockERC20,
  RiskLens,
  CircuitBreaker,
  DynamicRiskController,
  OptionsVenue,
  PerpMarket,
} from "../../../typechain-types";
import type { Chain } from "../chain";
import type { Scenario } from "../scenario";
import type { AssetId, MarketId, Topology } from "../topology/types";
import type { MarketAdapter } from "../../adapters/market-adapter";
import type { LabAdapter } from "../../adapters/lab/adapter";

/** Decimals of every price feed the world deploys. */
export const FEED_DECIMALS = 8;

/** A checksummed EVM address (as ethers returns it). */
export type Address = string;

/** An impersonated account: no key, the engine signs for it. */
export interface Agent {
  label: string;
  address: Address;
  signer: Signer;
}

/** A collateral asset: its token, its AMM against the debt asset and the feeds that price it. */
export interface AssetWorld {
  /** The asset's id in a system world (absent in a single-asset world). */
  id?: AssetId;
  token: MockERC20;
  decimals: number;
  /** Its AMM against the debt asset; null for an asset with none (system worlds: priced by its feed only). */
  amm: ConstantProductPool | null;
  /** The lagged feed the oracle updater submits to. */
  feed: LaggedPriceFeed;
  /** The floor guard between `feed` and the market (`oracle.floorGuard`), or null. */
  boundedFeed: BoundedFeed | null;
  /** The feed the market reads: `spotFeed` (amm-spot-live), else `boundedFeed` when there is one, else `feed`. */
  marketFeed: AmmSpotFeed | BoundedFeed | LaggedPriceFeed;
  twap: AmmTwapFeed | null;
  /** The live spot feed the market reads when `oracle.source` is "amm-spot-live" (else the market reads `feed`). */
  spotFeed: AmmSpotFeed | null;
}

/** A lab lending market: its pool (through its adapter), auction liquidator and risk controls (null when absent). */
export interface MarketWorld {
  /** The market's id in a system world (absent in a single-market world). */
  id?: MarketId;
  /** The lab's LendingPool, reached only through its adapter (scripts/adapters/lab/adapter.ts). */
  lab: LabAdapter;
  auctions: DutchAuctionLiquidator | null;
  breaker: CircuitBreaker | null;
  riskController: DynamicRiskController | null;
}

/** The addresses every agent and decoder needs, by name; "" for a contract the scenario did not deploy. */
export interface WorldAddresses {
  debt: Address;
  collateral: Address;
  /** "" for an asset with no AMM. */
  amm: Address | "";
  router: Address;
  feed: Address;
  marketFeed: Address;
  pool: Address;
  auctions: Address | "";
  flash: Address;
  attackLender: Address | "";
  manipulator: Address | "";
}

/**
 * One market and one of its collaterals (or, for an asset no market lists, the asset alone): a World whose flat
 * fields and scenario are that market's and that asset's, so every agent written for one of each acts on it unchanged.
 */
export interface SystemSlice {
  market: MarketId;
  asset: AssetId;
  marketIndex: number;
  assetIndex: number;
  /** Whether the market lists this asset (false: an asset-only slice, for its oracle updater and arbitrageurs). */
  listed: boolean;
  world: World;
}

/** What a world built from a topology (several assets or markets) holds beyond the flat fields. */
export interface SystemWorld {
  topology: Topology;
  /** Every (market, collateral) pair in market order, then a slice for each asset no market lists. */
  slices: SystemSlice[];
  /** Per asset (topology order): the index of the slice its oracle updater and arbitrageurs act in. */
  assetSlice: number[];
  /** Per market (topology order): the accounts with a position there (populations, then entities). */
  accounts: Address[][];
  /** The lender groups: one account each, supplying to its market. */
  lenders: { market: MarketId; group: string; agent: Agent }[];
  /** The exogenous price of every asset per block (topology order). */
  paths: number[][];
}

/** Derivatives venues on the collateral asset (scenario sections `perp`, `options`; scripts/derivatives/engine). */
export interface DerivativesWorld {
  /** The perp market (hedged on `amm`, marked by `feed`) and the holder of its BACKSTOP_ROLE; null without `perp`. */
  perp: { market: PerpMarket; backstop: Agent } | null;
  /** The options venue (marked by `feed`); null without `options`. Its series are created by the writers' setup. */
  options: { venue: OptionsVenue } | null;
}

export interface World {
  hre: HardhatRuntimeEnvironment;
  chain: Chain;
  scenario: Scenario;
  deployer: Agent;
  oracleUpdater: Agent;
  debt: MockERC20;
  /** Every collateral asset (today one: the scenario's `tokens.collateral`). */
  assets: AssetWorld[];
  /** Every lending market (today one). */
  markets: MarketWorld[];
  /** The first asset's token, AMM and feeds. */
  collateral: MockERC20;
  /** Null when the asset has no AMM (a system slice of an `assets[].amm: null` asset). */
  amm: ConstantProductPool | null;
  router: ConstantProductRouter;
  feed: LaggedPriceFeed;
  boundedFeed: BoundedFeed | null;
  marketFeed: AmmSpotFeed | BoundedFeed | LaggedPriceFeed;
  twap: AmmTwapFeed | null;
  spotFeed: AmmSpotFeed | null;
  /** The first lab market's pool (through its adapter), auction liquidator and risk controls. */
  lab: LabAdapter;
  auctions: DutchAuctionLiquidator | null;
  breaker: CircuitBreaker | null;
  riskController: DynamicRiskController | null;
  flash: FlashLiquidator;
  burner: GasBurner;
  lens: RiskLens;
  /** With `attack.enabled`: the deep AMM the flash attack borrows from, and the attacker's contract. */
  attackLender: ConstantProductPool | null;
  manipulator: OracleManipulator | null;
  addresses: WorldAddresses;
  /** Every account whose position in the first market the view follows (borrowers, then the exploiter). */
  borrowers: Address[];
  debtDecimals: number;
  collateralDecimals: number;
  /** Timestamp of the last setup block; simulated block i is mined at startTime + (i + 1) x block time. */
  startTime: number;
  /** The PositionOpener that opens the borrowers' positions in batches. */
  opener: Address;
  /** Set when the world was built from a topology of several assets or markets (`world/system.ts`). */
  system?: SystemWorld;
  /**
   * The market the borrowers' positions are on: `lab` itself, or, when the scenario's `market.protocol` is another
   * protocol (scripts/adapters/engine/world.ts), that protocol's market, which keepers, the observer and the decoder
   * then reach only through this adapter (the lab's pool stays deployed, empty). `market.protocol === "lab"` is the
   * lab's own path (auctions, risk controls, shares-exact views through `lab`).
   */
  market: MarketAdapter;
  /** Set when the scenario has a `perp` or `options` section (issue 20). */
  derivatives?: DerivativesWorld;
}
