/**
 * A two-chain contagion scenario's parameters, with units and defaults (docs/cross-chain.md lists them), and the
 * presets.
 */
import type { BridgeParams } from "../bridge-params";
import type { ChainSpec } from "../lab-chain";
import { DEFAULT_CHAIN_MARKET, type ChainMarketSpec } from "./market";

export interface ContagionSpec {
  /** Seed of the borrower population. Default "1". */
  readonly seed: string;
  /** The two chains: home A (the asset's own chain) and remote B (where it is bridged). */
  readonly chains: readonly [ChainSpec, ChainSpec];
  /** Borrowers per chain (the whale comes on top). Default 40. */
  readonly borrowersPerChain: number;
  /** Collateral per borrower, whole tokens. Default 10. */
  readonly collateralPerBorrower: number;
  /** Borrowers' health factors at the start, uniform in [min, max]. Default 1.08 .. 1.6. */
  readonly healthMin: number;
  readonly healthMax: number;
  /** The home asset's price at the start, stablecoins per token. Default 2,000. */
  readonly price: number;
  /** Stablecoin side of the home AMM on A, whole stablecoins. Default 4,000,000. */
  readonly homeAmmDepth: number;
  /** Stablecoin side of the wrapped asset's AMM on B, whole stablecoins. Default 1,000,000. */
  readonly remoteAmmDepth: number;
  /** Latency of the wrapped asset's feed on B (how long B's market takes to see a price), seconds. Default 0. */
  readonly remoteFeedLatencySec: number;
  /** One entity borrowing on both chains; null = none. Default 300 tokens on each, at health 1.2 on A and 1.6 on B,
   * rescuing its A position with collateral pulled from B and bridged home when its A health falls under 1.1. */
  readonly whale: {
    /** Collateral on each chain, whole tokens; health factor at the start on each. */
    readonly collateralA: number;
    readonly collateralB: number;
    readonly healthA: number;
    readonly healthB: number;
    /** Health factor on A under which the whale pulls collateral from B and bridges it home (0 = never). */
    readonly rescueBelow: number;
    /** Share of its B collateral it pulls (fraction). */
    readonly rescueShare: number;
  } | null;
  /** The crash on A: a seller takes the home AMM down by `drop` (fraction) at `atSec` after the start. */
  readonly crash: { readonly atSec: number; readonly drop: number };
  /** Seconds the run lasts on the shared clock. Default 600. */
  readonly durationSec: number;
  /** Liquidations a keeper sends per block, per chain. Default 5. */
  readonly keeperMaxPerBlock: number;
  readonly bridge: Partial<BridgeParams>;
  readonly market: ChainMarketSpec;
  /** The systemic-risk oracle and a controller on B's market; null = off. */
  readonly systemRisk: {
    /** Seconds between readings; seconds a reading takes to reach each chain. */
    readonly everySec: number;
    readonly relayDelaySec: number;
    /** Health factor under which a position's collateral counts as at risk. */
    readonly atRiskHealth: number;
    /** Share at risk (fraction) that counts as stressed; cut of LTV and threshold (basis points). */
    readonly atRiskShareTrigger: number;
    readonly cutBps: number;
    /** Seconds over which the controller phases a threshold cut in; the feed's maxAge, seconds. */
    readonly rampDuration: number;
    readonly maxAge: number;
  } | null;
}

export const DEFAULT_CONTAGION: ContagionSpec = {
  seed: "1",
  chains: [
    { name: "A", chainId: 31_401, blockTimeSec: 12, baseFeeGwei: 20, blockGasLimit: 60_000_000 },
    { name: "B", chainId: 31_402, blockTimeSec: 2, baseFeeGwei: 0.1, blockGasLimit: 60_000_000 },
  ],
  borrowersPerChain: 40,
  collateralPerBorrower: 10,
  healthMin: 1.08,
  healthMax: 1.6,
  price: 2_000,
  homeAmmDepth: 4_000_000,
  remoteAmmDepth: 1_000_000,
  remoteFeedLatencySec: 0,
  whale: { collateralA: 300, collateralB: 300, healthA: 1.2, healthB: 1.6, rescueBelow: 1.1, rescueShare: 0.5 },
  crash: { atSec: 60, drop: 0.15 },
  durationSec: 600,
  keeperMaxPerBlock: 5,
  bridge: {},
  market: DEFAULT_CHAIN_MARKET,
  systemRisk: null,
};

export const SYSTEM_RISK_DEFAULT: NonNullable<ContagionSpec["systemRisk"]> = {
  everySec: 12,
  relayDelaySec: 12,
  atRiskHealth: 1.1,
  atRiskShareTrigger: 0.2,
  cutBps: 1_000,
  rampDuration: 120,
  maxAge: 120,
};

/** The presets: name -> what differs from DEFAULT_CONTAGION. */
export const CONTAGION_PRESETS: Record<string, Partial<ContagionSpec>> = {
  /** The Multichain case: the bridge halts before the crash, the wrapped asset depegs 22% on B, B's market prices
   * it at par (the home asset's price). */
  "bridge-halt-par": {
    bridge: {
      halt: { fromSec: 0, untilSec: 100_000 },
      depegDiscount: 0.22,
      depegMaxTradePerBlock: 40,
      wrappedFeed: "par",
    },
  },
  /** The same with B's market pricing the wrapped asset at its own AMM. */
  "bridge-halt-market": {
    bridge: {
      halt: { fromSec: 0, untilSec: 100_000 },
      depegDiscount: 0.22,
      depegMaxTradePerBlock: 40,
      wrappedFeed: "market",
    },
  },
  /** A crash on A reaching B through the shared whale: it pulls collateral from B to save its A position. */
  "shared-whale": {},
  /** The shared whale with the systemic-risk oracle tightening B's market. */
  "shared-whale-system-risk": { systemRisk: SYSTEM_RISK_DEFAULT },
};

export function contagionSpec(preset: string, overrides: Partial<ContagionSpec> = {}): ContagionSpec {
  const p = CONTAGION_PRESETS[preset];
  if (!p) throw new Error(`unknown two-chain preset ${preset} (one of ${Object.keys(CONTAGION_PRESETS).join(", ")})`);
  return { ...DEFAULT_CONTAGION, ...p, ...overrides, bridge: { ...(p.bridge ?? {}), ...(overrides.bridge ?? {}) } };
}
