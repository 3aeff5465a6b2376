/**
 * Per-block and per-liquidation records the engine collects, and the run summary computed from them (pure): every
 * measure is defined once in the measure registry (scripts/measures/registry, docs/measures.md).
 * On-chain amounts are bigint base units; prices are numbers (debt tokens per collateral token).
 * Costs (gas, priority fees) are in debt base units too, converted by the engine at its native-token price,
 * so profit, cost and fee share compare like with like.
 */
import type { DerivativesSummary } from "../derivatives/engine/summary";
import { ratio } from "./wad";
import { MEASURES, type Measure } from "../measures/registry";
import { summaryOf, withCache } from "../measures/registry/assemble";
import { HEALTH_BUCKETS, HEALTH_BUCKET_LABELS } from "../measures/registry/health-buckets";
import { sum } from "../measures/registry/run-stats";
import type { BaselineSummary } from "../measures/baseline-summary";
import type { SystemInput, SystemSummary } from "../measures/system-run";

export { ratio };
export {
  actorResults,
  byKeeper,
  cascadeShape,
  oracleErrorStats,
  soldBelowExternalShare,
  timeToLiquidation,
  unsoldInventory,
} from "../measures/registry/run-stats";

export { HEALTH_BUCKETS, HEALTH_BUCKET_LABELS };

export interface BlockRecord {
  block: number;
  /** Block timestamp, unix seconds. */
  timestamp: number;
  exogenousPrice: number;
  externalPrice: number;
  ammPrice: number;
  /** Price the oracle reports (visible answer) at the end of the block. */
  oraclePrice: number;
  liquidations: number;
  auctionsKicked: number;
  auctionsTaken: number;
  /** Collateral base units seized from borrowers in this block. */
  collateralSeized: bigint;
  /** Collateral base units liquidators sold (AMM or external) in this block. */
  collateralSold: bigint;
  /** Debt base units repaid by liquidations in this block. */
  debtRepaid: bigint;
  /** Cumulative bad debt of the market at the end of the block, debt base units. */
  totalBadDebt: bigint;
  /** Gas used by keepers' successful transactions. */
  keeperGasUsed: bigint;
  /** Gas used by keepers' failed (reverted) transactions. */
  keeperGasFailed: bigint;
  /** Keepers' total gas cost (successful and failed) in debt base units. */
  keeperGasCost: bigint;
  /** Part of `keeperGasCost` paid as priority fees, debt base units. */
  priorityFeesPaid: bigint;
  /**
   * Keepers' realized cash flow this block, debt base units: sale proceeds + auction incentives − debt repaid (by
   * liquidations and auction takes landed this block). Negative in a block where an inventory keeper liquidates and
   * sells later; summed over the run it is `summary.keepers.grossProfit`.
   */
  keeperGrossProfit: bigint;
  /** Open positions per health bucket at the end of the block (same order as `HEALTH_BUCKETS`). */
  positionsAtRisk: number[];
  /** Whether the circuit breaker is tripped at the end of the block (absent without a breaker). */
  breakerTripped?: boolean;
  /** Whether the answer the market read at the start of this block was older than `maxPriceAge` (actions refused). */
  oracleStale?: boolean;
  /** The market's liquidation threshold at the end of the block (moves with the dynamic risk controller). */
  liquidationThreshold?: number;
  /** Loan-to-value in force for the collateral at the end of the block (new borrowing), ratio. */
  ltv?: number;
  /**
   * Each lender group at the end of the block, keyed as `engine/lender-groups.ts` keys groups (recorded by the
   * lender-exit agents, when a group of the topology has `exitOnLossBps`).
   */
  lenderGroups?: Record<string, LenderGroupBlockRecord>;
  /** Per market at the end of the block, by market id (only in a world of more than one market). */
  markets?: Record<string, MarketBlockRecord>;
}

/** One lender group at the end of a block (`BlockRecord.lenderGroups`), debt base units. */
export interface LenderGroupBlockRecord {
  /** Its claim on its market: its supply shares valued as the market values them (`suppliedOf`, rounded down). */
  claim: bigint;
  /** What it has withdrawn since the start. */
  withdrawn: bigint;
}

/** One lender group over a run (`RunSummary.lenders`; engine/lender-groups.ts). Amounts in debt base units. */
export interface LenderGroupSummary {
  market: string;
  supplied: bigint;
  /** supplied − end claim − withdrawn (negative: interest earned). */
  loss: bigint;
  /** loss ÷ supplied, percent. */
  lossPct: number;
  endClaim: bigint;
  withdrawn: bigint;
  /** Lowest min(claim, cash) ÷ claim over the blocks (the group first in line for its market's cash). */
  worstWithdrawable: number;
  /** Lowest min(1, cash ÷ every lender's claim) over the blocks (every lender asks at once). */
  worstProRata: number;
  /** First block in which it withdrew something (null: never). */
  firstWithdrawalBlock: number | null;
}

/** One market at the end of a block (`BlockRecord.markets`). */
export interface MarketBlockRecord {
  /** Cumulative net bad debt of the market (write-offs less auction recoveries), debt base units. */
  badDebt: bigint;
  /** Liquidations (fixed-bonus and auction takes) landed in the market in this block. */
  liquidations: number;
  /** The market's total debt, debt base units. */
  debt: bigint;
  /** Σ collateral held in the market valued at its oracle prices, debt base units. */
  collateralValue: bigint;
  /** Every lender's claim together (the pool's supplied assets), debt base units; set by system runs. */
  supplied?: bigint;
  /** What the pool can pay out now: supplied − borrowed − debt in auction, floored at 0 (what `withdraw` checks). */
  cash?: bigint;
}

export type LiquidationKind = "fixed-bonus" | "auction-take";

/** One liquidation (fixed-bonus liquidation or auction take) by any actor; units in docs/engine.md#outputs. */
export interface LiquidationRecord {
  /** Simulated block (0-based) and chain block number in which it landed. */
  block: number;
  chainBlock: number;
  /** Hash of the transaction that landed it. */
  txHash: string;
  kind: LiquidationKind;
  /** The market it landed in (`main` in a single-market world) and the asset seized (its id: the lower-cased symbol). */
  market: string;
  asset: string;
  /** The actor: a keeper's name (`keeper/<strategy>/<group>.<index>`), `attacker` or `exploiter`. */
  keeper: string;
  /** Address that sent the transaction (the actor's account). */
  liquidator: string;
  borrower: string;
  debtRepaid: bigint;
  collateralSeized: bigint;
  /** Collateral base units the actor sold so far, and what it got for them (debt base units). */
  collateralSold: bigint;
  saleProceeds: bigint;
  /** Average realized sale price (debt tokens per collateral token; 0 before any sale). */
  salePrice: number;
  /** External price and the oracle price the market used, when the liquidation landed (debt per collateral). */
  externalPrice: number;
  oraclePrice: number;
  /** Realized: sale proceeds − debt repaid, debt base units (the unsold part is not valued here). */
  grossProfit: bigint;
  gasUsed: bigint;
  /** Gas cost incl. priority fee, and the priority fee alone, debt base units. */
  gasCost: bigint;
  priorityFee: bigint;
}

/** When a position first became liquidatable and when it was first liquidated (null: never). */
export interface PositionTiming {
  borrower: string;
  firstLiquidatableBlock: number;
  firstLiquidatedBlock: number | null;
}

export interface RunSummary {
  blocks: number;
  /** AMM peak drawdown ÷ exogenous shock; null when the exogenous path never falls. */
  amplification: number | null;
  /** AMM settled drawdown ÷ exogenous shock (a wick cannot dominate it); null when the path never falls. */
  amplificationSettled: number | null;
  exogenousShock: number;
  ammPeakDrawdown: number;
  /** AMM drawdown once arbitrage has closed the gap after the cascade, and its mean over the cascade window. */
  ammSettledDrawdown: number;
  ammTimeWeightedDrawdown: number;
  /** Block whose AMM price `ammSettledDrawdown` takes (null without blocks). */
  settledBlock: number | null;
  externalPeakDrawdown: number;
  oraclePeakDrawdown: number;
  cascade: { firstBlock: number | null; lastBlock: number | null; lengthBlocks: number; rounds: number };
  liquidations: {
    count: number;
    fixedBonus: number;
    auctionTakes: number;
    auctionsKicked: number;
    debtRepaid: bigint;
    collateralSeized: bigint;
    collateralSold: bigint;
    /** Share of collateral sold at a price below the external price in its block (by amount); null if none sold. */
    soldBelowExternalShare: number | null;
  };
  badDebt: bigint;
  keepers: {
    /** Realized: Σ sale proceeds + auction incentives − Σ debt repaid by keepers. */
    grossProfit: bigint;
    gasCost: bigint;
    /** grossProfit − gasCost (unsold inventory not included). */
    netProfit: bigint;
    /** Collateral keepers seized and had not sold at the end, and its value at the last external and AMM prices. */
    unsold: { collateral: bigint; atExternal: bigint; atAmm: bigint };
    priorityFees: bigint;
    gasUsed: bigint;
    gasWasted: bigint;
    /** Priority fees ÷ gross profit; null when gross profit ≤ 0. */
    feeShareOfProfit: number | null;
  };
  /** |oracle − external| ÷ external per block, in percent. */
  oracleError: { meanAbsPct: number; maxAbsPct: number; rmsPct: number };
  /**
   * Open positions worth less than their debt at the last block's external price, and by how much (debt base
   * units): bad debt not realized by the end of the run. Zero when every such position was liquidated.
   */
  underwaterAtEnd: { positions: number; shortfall: bigint };
  /** Risk controls: blocks the breaker spent tripped, and the lowest liquidation threshold in force. */
  riskControls: { breakerTrippedBlocks: number; minLiquidationThreshold: number | null; minLtv: number | null };
  timeToLiquidation: {
    liquidated: number;
    neverLiquidated: number;
    meanBlocks: number | null;
    medianBlocks: number | null;
    maxBlocks: number | null;
  };
  /** Per actor that liquidated (keepers, the attacker): its liquidations in the records' units. */
  actors: ActorResult[];
  /**
   * Each lender group's loss, liquidity and withdrawals, keyed by group (engine/lender-groups.ts; set by the
   * lender-exit agents, so present when a group of the topology has `exitOnLossBps`).
   */
  lenders?: Record<string, LenderGroupSummary>;
  /** Per market and system-wide measures (only in a world of more than one market or asset). */
  system?: SystemSummary;
  /** The frictionless baseline next to this run (the engine adds it; absent in summaries of bare records). */
  baseline?: BaselineSummary;
  /** The perp and options venues' measures (absent unless the scenario has a `perp` or `options` section). */
  derivatives?: DerivativesSummary;
}

/** One position at the start and at the end of the run (base units; health at the oracle price, ∞ = no debt). */
export interface PositionRecord {
  borrower: string;
  startCollateral: bigint;
  startDebt: bigint;
  startHealth: number;
  endCollateral: bigint;
  endDebt: bigint;
  endHealth: number;
  /** Liquidations (fixed-bonus and auction takes) of this position, and the debt they repaid. */
  liquidations: number;
  debtRepaid: bigint;
  /** Debt written off as bad debt by the market for this position (`BadDebtRealized`), debt base units. */
  badDebt: bigint;
}

type PositionSnapshot = ReadonlyMap<string, { collateral: bigint; debt: bigint; health: number }>;

/** Every position in `start` (then any only in `end`), with its liquidations and bad debt. */
export function positionRecords(
  start: PositionSnapshot,
  end: PositionSnapshot,
  liquidations: readonly LiquidationRecord[],
  badDebt: ReadonlyMap<string, bigint>,
): PositionRecord[] {
  const empty = { collateral: 0n, debt: 0n, health: Infinity };
  const borrowers = [...new Set([...start.keys(), ...end.keys()])];
  return borrowers.map((b) => {
    const s = start.get(b) ?? empty;
    const e = end.get(b) ?? empty;
    const mine = liquidations.filter((l) => l.borrower.toLowerCase() === b.toLowerCase());
    return {
      borrower: b,
      startCollateral: s.collateral,
      startDebt: s.debt,
      startHealth: s.health,
      endCollateral: e.collateral,
      endDebt: e.debt,
      endHealth: e.health,
      liquidations: mine.length,
      debtRepaid: sum(mine.map((l) => l.debtRepaid)),
      badDebt: badDebt.get(b.toLowerCase()) ?? 0n,
    };
  });
}

/** What one actor's liquidations came to (debt and collateral base units). */
export interface ActorResult {
  actor: string;
  liquidations: number;
  debtRepaid: bigint;
  collateralSeized: bigint;
  collateralSold: bigint;
  saleProceeds: bigint;
  /** Realized: saleProceeds − debtRepaid. */
  grossProfit: bigint;
  /** Gas of the transactions that landed its liquidations. */
  gasCost: bigint;
  /** collateralSeized − collateralSold. */
  unsoldCollateral: bigint;
}

/** A block in which nothing happened yet: the engine fills it in as receipts arrive. */
export function emptyBlockRecord(block: number, timestamp: number, exogenous: number, external: number): BlockRecord {
  return {
    block,
    timestamp,
    exogenousPrice: exogenous,
    externalPrice: external,
    ammPrice: 0,
    oraclePrice: 0,
    liquidations: 0,
    auctionsKicked: 0,
    auctionsTaken: 0,
    collateralSeized: 0n,
    collateralSold: 0n,
    debtRepaid: 0n,
    totalBadDebt: 0n,
    keeperGasUsed: 0n,
    keeperGasFailed: 0n,
    keeperGasCost: 0n,
    priorityFeesPaid: 0n,
    keeperGrossProfit: 0n,
    positionsAtRisk: HEALTH_BUCKETS.map(() => 0),
  };
}

/** What else a summary may be computed with. */
export interface SummaryOptions {
  /** The measures to compute (default: the registry, scripts/measures/registry). */
  measures?: readonly Measure[];
  /**
   * A world of more than one market or asset: what the system measures read beside the records (market rules, book
   * snapshots, forced sales, liquidation events; scripts/measures/system-run.ts). With it, or with per-market block
   * records, the summary has `system`.
   */
  system?: SystemInput;
}

/**
 * The run summary: every computed measure of the registry (scripts/measures/registry), from the records. The engine
 * then adds `baseline` (and the lender-exit agents `lenders`).
 */
export function summarize(
  blocks: readonly BlockRecord[],
  liquidations: readonly LiquidationRecord[],
  timings: readonly PositionTiming[],
  underwaterAtEnd: RunSummary["underwaterAtEnd"] = { positions: 0, shortfall: 0n },
  decimals: { collateral: number; debt: number } = { collateral: 18, debt: 6 },
  options: SummaryOptions = {},
): RunSummary {
  const records = withCache({ blocks, liquidations, timings, underwaterAtEnd, decimals, system: options.system });
  return summaryOf(options.measures ?? MEASURES, records) as unknown as RunSummary;
}

/** JSON with bigint as decimal strings and non-finite numbers as null; 2-space indent, trailing newline. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === "bigint") return v.toString();
        if (typeof v === "number" && !Number.isFinite(v)) return null;
        return v;
      },
      2,
    ) + "\n"
  );
}
