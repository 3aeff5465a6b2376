/**
 * Per-block and per-liquidation records the engine collects, and the run summary computed from them (pure).
 * On-chain amounts are bigint base units; prices are numbers (debt tokens per collateral token).
 * Costs (gas, priority fees) are in debt base units too, converted by the engine at its native-token price,
 * so profit, cost and fee share compare like with like.
 */
import { peakDrawdown } from "./paths";
import { ratio } from "./wad";
import type { IsolationSummary, LendersRecord } from "./isolation-metrics";
import { SETTLED_GAP_BPS, settledMeasures } from "../measures/settled";
import type { BaselineSummary } from "../measures/baseline-summary";

export { ratio };

/** Health-factor buckets for "positions at risk" (upper bounds; a position falls in the first it is below). */
export const HEALTH_BUCKETS = [1.0, 1.05, 1.1, 1.25] as const;
export const HEALTH_BUCKET_LABELS = ["hf<1.00", "hf<1.05", "hf<1.10", "hf<1.25"] as const;

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
  /** Both lender groups at the end of the block (absent unless `isolation.mode` is shared or isolated). */
  lenders?: LendersRecord;
  /** Per market at the end of the block, by market id (only in a world of more than one market). */
  markets?: Record<string, MarketBlockRecord>;
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
  /** Contagion between the calm and the crash lenders (absent unless `isolation.mode` is shared or isolated). */
  isolation?: IsolationSummary;
  /** The frictionless baseline next to this run (the engine adds it; absent in summaries of bare records). */
  baseline?: BaselineSummary;
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

/** Liquidations grouped by actor, in order of first appearance. */
export function actorResults(liquidations: readonly LiquidationRecord[]): ActorResult[] {
  const by = new Map<string, ActorResult>();
  for (const l of liquidations) {
    let a = by.get(l.keeper);
    if (!a) {
      a = {
        actor: l.keeper,
        liquidations: 0,
        debtRepaid: 0n,
        collateralSeized: 0n,
        collateralSold: 0n,
        saleProceeds: 0n,
        grossProfit: 0n,
        gasCost: 0n,
        unsoldCollateral: 0n,
      };
      by.set(l.keeper, a);
    }
    a.liquidations += 1;
    a.debtRepaid += l.debtRepaid;
    a.collateralSeized += l.collateralSeized;
    a.collateralSold += l.collateralSold;
    a.saleProceeds += l.saleProceeds;
    a.grossProfit += l.saleProceeds - l.debtRepaid;
    a.gasCost += l.gasCost;
    a.unsoldCollateral += l.collateralSeized - l.collateralSold;
  }
  return [...by.values()];
}

/** Whether a record's actor is a keeper (not the attacker or the exploiter). */
export const byKeeper = (l: LiquidationRecord) => l.keeper.startsWith("keeper/");

/**
 * Keepers' unsold collateral and its value (debt base units, rounded down) at the last block's external and AMM
 * prices; `collateralDecimals`/`debtDecimals` convert units.
 */
export function unsoldInventory(
  liquidations: readonly LiquidationRecord[],
  last: { externalPrice: number; ammPrice: number } | undefined,
  collateralDecimals: number,
  debtDecimals: number,
): RunSummary["keepers"]["unsold"] {
  const collateral = sum(liquidations.filter(byKeeper).map((l) => l.collateralSeized - l.collateralSold));
  const at = (price: number) => {
    if (!last || collateral === 0n) return 0n;
    const priceUnits = BigInt(Math.round(price * 1e8));
    return (collateral * priceUnits * 10n ** BigInt(debtDecimals)) / (10n ** BigInt(collateralDecimals) * 10n ** 8n);
  };
  return { collateral, atExternal: at(last?.externalPrice ?? 0), atAmm: at(last?.ammPrice ?? 0) };
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

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

/** First and last block with a liquidation, their span, and the number of maximal runs of consecutive such blocks. */
export function cascadeShape(blocks: readonly BlockRecord[]): RunSummary["cascade"] {
  const hits = blocks.filter((b) => b.liquidations > 0).map((b) => b.block);
  if (hits.length === 0) return { firstBlock: null, lastBlock: null, lengthBlocks: 0, rounds: 0 };
  let rounds = 1;
  for (let i = 1; i < hits.length; i++) if (hits[i] !== hits[i - 1] + 1) rounds++;
  const first = hits[0];
  const last = hits[hits.length - 1];
  return { firstBlock: first, lastBlock: last, lengthBlocks: last - first + 1, rounds };
}

/** Oracle error statistics in percent of the external price. */
export function oracleErrorStats(blocks: readonly BlockRecord[]): RunSummary["oracleError"] {
  const errs = blocks
    .filter((b) => b.externalPrice > 0)
    .map((b) => (100 * Math.abs(b.oraclePrice - b.externalPrice)) / b.externalPrice);
  if (errs.length === 0) return { meanAbsPct: 0, maxAbsPct: 0, rmsPct: 0 };
  return {
    meanAbsPct: errs.reduce((a, b) => a + b, 0) / errs.length,
    maxAbsPct: Math.max(...errs),
    rmsPct: Math.sqrt(errs.reduce((a, b) => a + b * b, 0) / errs.length),
  };
}

export function timeToLiquidation(timings: readonly PositionTiming[]): RunSummary["timeToLiquidation"] {
  const delays = timings
    .filter((t) => t.firstLiquidatedBlock !== null)
    .map((t) => (t.firstLiquidatedBlock as number) - t.firstLiquidatableBlock)
    .sort((a, b) => a - b);
  const n = delays.length;
  const median = n === 0 ? null : n % 2 === 1 ? delays[(n - 1) / 2] : (delays[n / 2 - 1] + delays[n / 2]) / 2;
  return {
    liquidated: n,
    neverLiquidated: timings.length - n,
    meanBlocks: n === 0 ? null : delays.reduce((a, b) => a + b, 0) / n,
    medianBlocks: median,
    maxBlocks: n === 0 ? null : delays[n - 1],
  };
}

/** Share (by amount) of sold collateral sold below the external price of its block. */
export function soldBelowExternalShare(liquidations: readonly LiquidationRecord[]): number | null {
  const total = sum(liquidations.map((l) => l.collateralSold));
  if (total === 0n) return null;
  const below = sum(liquidations.filter((l) => l.salePrice < l.externalPrice).map((l) => l.collateralSold));
  return ratio(below, total);
}

export function summarize(
  blocks: readonly BlockRecord[],
  liquidations: readonly LiquidationRecord[],
  timings: readonly PositionTiming[],
  underwaterAtEnd: RunSummary["underwaterAtEnd"] = { positions: 0, shortfall: 0n },
  decimals: { collateral: number; debt: number } = { collateral: 18, debt: 6 },
): RunSummary {
  const exogenousShock = peakDrawdown(blocks.map((b) => b.exogenousPrice));
  const ammPeakDrawdown = peakDrawdown(blocks.map((b) => b.ammPrice));
  const settled = settledMeasures(blocks, SETTLED_GAP_BPS);
  const grossProfit = sum(blocks.map((b) => b.keeperGrossProfit));
  const gasCost = sum(blocks.map((b) => b.keeperGasCost));
  const priorityFees = sum(blocks.map((b) => b.priorityFeesPaid));
  return {
    blocks: blocks.length,
    amplification: exogenousShock > 0 ? ammPeakDrawdown / exogenousShock : null,
    amplificationSettled: exogenousShock > 0 ? settled.ammSettledDrawdown / exogenousShock : null,
    exogenousShock,
    ammPeakDrawdown,
    ammSettledDrawdown: settled.ammSettledDrawdown,
    ammTimeWeightedDrawdown: settled.ammTimeWeightedDrawdown,
    settledBlock: settled.settledBlock,
    externalPeakDrawdown: peakDrawdown(blocks.map((b) => b.externalPrice)),
    oraclePeakDrawdown: peakDrawdown(blocks.map((b) => b.oraclePrice)),
    cascade: cascadeShape(blocks),
    liquidations: {
      count: blocks.reduce((a, b) => a + b.liquidations, 0),
      fixedBonus: liquidations.filter((l) => l.kind === "fixed-bonus").length,
      auctionTakes: liquidations.filter((l) => l.kind === "auction-take").length,
      auctionsKicked: blocks.reduce((a, b) => a + b.auctionsKicked, 0),
      debtRepaid: sum(blocks.map((b) => b.debtRepaid)),
      collateralSeized: sum(blocks.map((b) => b.collateralSeized)),
      collateralSold: sum(blocks.map((b) => b.collateralSold)),
      soldBelowExternalShare: soldBelowExternalShare(liquidations),
    },
    badDebt: blocks.length === 0 ? 0n : blocks[blocks.length - 1].totalBadDebt,
    underwaterAtEnd,
    keepers: {
      grossProfit,
      gasCost,
      netProfit: grossProfit - gasCost,
      unsold: unsoldInventory(liquidations, blocks[blocks.length - 1], decimals.collateral, decimals.debt),
      priorityFees,
      gasUsed: sum(blocks.map((b) => b.keeperGasUsed)),
      gasWasted: sum(blocks.map((b) => b.keeperGasFailed)),
      feeShareOfProfit: grossProfit > 0n ? ratio(priorityFees, grossProfit) : null,
    },
    oracleError: oracleErrorStats(blocks),
    riskControls: {
      breakerTrippedBlocks: blocks.filter((b) => b.breakerTripped).length,
      minLiquidationThreshold: blocks.some((b) => b.liquidationThreshold !== undefined)
        ? Math.min(...blocks.map((b) => b.liquidationThreshold ?? Infinity))
        : null,
      minLtv: blocks.some((b) => b.ltv !== undefined) ? Math.min(...blocks.map((b) => b.ltv ?? Infinity)) : null,
    },
    timeToLiquidation: timeToLiquidation(timings),
    actors: actorResults(liquidations),
  };
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
