/**
 * The system measures of a run, from its records (pure): per market and system-wide liquidations, debt repaid,
 * collateral seized per asset, bad debt and aggregate leverage (Σ debt ÷ Σ collateral value); collateral at risk per
 * % drop per asset at the book snapshots the engine gives; contagion attribution between markets. Only a world of
 * more than one market or asset has them (`hasSystem`), so a single-market run's outputs do not change.
 *
 * Inputs (docs/measures-system.md#in-the-run-outputs):
 * - the records: `BlockRecord.markets` (per market per block) and `LiquidationRecord.market` / `.asset`;
 * - `SystemInput`, what records do not hold: the markets' valuation rules, book snapshots with their oracle prices,
 *   the forced sales into each asset's external market and the liquidation events with the position just before.
 */
import type { BlockRecord, LiquidationRecord, MarketBlockRecord } from "../sim/metrics";
import type { ExternalMarketParams } from "../sim/external-market";
import type { AssetId, MarketId } from "./system-book";
import { perBlockTotals } from "./system-records";
import { type PricedBook, type SystemAtRisk, dropsUpTo, systemCollateralAtRisk } from "./system-risk";
import { type ImpactSplit, splitImpact } from "./contagion-impact";
import { type ContagionSummary, type LiquidationEvent, type MarketRules, contagion } from "./contagion";

/** One forced sale (a keeper's or an auction's sale of collateral seized in `market`) into `asset`'s external market. */
export interface ForcedSale {
  block: number;
  market: MarketId;
  asset: AssetId;
  /** Its debt value, debt tokens (a float, as the external market's flows are). */
  value: number;
}

/** An asset's external market over the run: its parameters, exogenous path and the flows that were not forced sales. */
export interface ExternalMarketRun {
  asset: AssetId;
  params: ExternalMarketParams;
  /** Exogenous price per block, debt tokens per token. */
  path: readonly number[];
  /** Every other net selling per block (arbitrage, background; buying negative), debt tokens; default none. */
  otherFlow?: readonly number[];
}

export interface SystemInput {
  /** Every market's valuation rules (id, debt decimals, listed collaterals), in the world's market order. */
  markets: readonly MarketRules[];
  /** Every asset id, in the world's asset order. */
  assets: readonly AssetId[];
  /** The books and their oracle prices at some blocks (e.g. the first and the last): collateral at risk. */
  books?: readonly { block: number; markets: readonly PricedBook[] }[];
  /** Largest drop of the collateral-at-risk curves, percent (drops 1 … this); default `AT_RISK_MAX_DROP_PCT`. */
  maxDropPct?: number;
  /** Contagion attribution's inputs; absent = no attribution. */
  contagion?: {
    sales: readonly ForcedSale[];
    external: readonly ExternalMarketRun[];
    /** Each liquidation (or seizure for auction) with the position just before it and its oracle readings. */
    events: readonly LiquidationEvent[];
  };
}

/** Default largest drop of the collateral-at-risk curves, percent. */
export const AT_RISK_MAX_DROP_PCT = 20;

export interface Leverage {
  /** Σ debt ÷ Σ collateral value at the first and the last block, and the highest in between (null: no value). */
  start: number | null;
  end: number | null;
  peak: number | null;
  peakBlock: number | null;
}

export interface ScopeTotals {
  liquidations: number;
  /** Debt base units repaid by the scope's liquidations (liquidation records). */
  debtRepaid: bigint;
  /** Collateral seized per asset, base units. */
  seized: Record<AssetId, bigint>;
  /** Bad debt written off over the run, debt base units. */
  badDebt: bigint;
  leverage: Leverage;
}

/** Contagion totals (the per-liquidation classification stays out of summary.json). */
export type ContagionTotals = Omit<ContagionSummary, "classified">;

export interface SystemSummary {
  markets: Record<MarketId, ScopeTotals>;
  system: ScopeTotals;
  /** Collateral at risk at each book snapshot: per asset, per market and summed. */
  atRisk: { block: number; curves: SystemAtRisk[] }[];
  contagion: ContagionTotals | null;
}

/** Whether a run has system measures: per-market block records (a world of more than one market) or an input. */
export const hasSystem = (blocks: readonly BlockRecord[], input?: SystemInput): boolean =>
  input !== undefined || blocks.some((b) => b.markets !== undefined);

/** Market ids: the input's order, else the first per-market block record's. */
export function marketIds(blocks: readonly BlockRecord[], input?: SystemInput): MarketId[] {
  if (input) return input.markets.map((m) => m.id);
  return Object.keys(blocks.find((b) => b.markets)?.markets ?? {});
}

/** debt ÷ value (null without value: a ratio with nothing to divide by). */
export const leverageOf = (debt: bigint, value: bigint): number | null =>
  value === 0n ? null : Number((debt * 1_000_000_000n) / value) / 1e9;

function leverageOver(
  blocks: readonly BlockRecord[],
  pick: (m: Record<string, MarketBlockRecord>) => MarketBlockRecord,
) {
  const series = blocks.map((b) => (b.markets ? pick(b.markets) : undefined));
  const values = series.map((m) => (m ? leverageOf(m.debt, m.collateralValue) : null));
  let peak: number | null = null;
  let peakBlock: number | null = null;
  values.forEach((v, i) => {
    if (v !== null && (peak === null || v > peak)) [peak, peakBlock] = [v, blocks[i].block];
  });
  return { start: values[0] ?? null, end: values[values.length - 1] ?? null, peak, peakBlock };
}

/** Every market's block record summed (Σ debt, Σ collateral value, liquidations, bad debt). */
export function systemBlock(markets: Record<string, MarketBlockRecord>): MarketBlockRecord {
  const all = Object.values(markets);
  const add = (f: (m: MarketBlockRecord) => bigint) => all.reduce((a, m) => a + f(m), 0n);
  return {
    badDebt: add((m) => m.badDebt),
    liquidations: all.reduce((a, m) => a + m.liquidations, 0),
    debt: add((m) => m.debt),
    collateralValue: add((m) => m.collateralValue),
  };
}

/** The records' liquidations as system-records.ts reads them (a record without a market is refused). */
function systemLiquidations(liquidations: readonly LiquidationRecord[]) {
  return liquidations.map((l) => {
    if (l.market === undefined || l.asset === undefined) {
      throw new RangeError(`liquidation of ${l.borrower} at block ${l.block}: no market or asset in a system run`);
    }
    return {
      block: l.block,
      market: l.market,
      borrower: l.borrower,
      asset: l.asset,
      repaid: l.debtRepaid,
      seized: l.collateralSeized,
    };
  });
}

/** Contagion attribution: each asset's external impact split by source market, then every liquidation classified. */
export function contagionTotals(input: SystemInput, blocks: number): ContagionTotals | null {
  const c = input.contagion;
  if (!c) return null;
  const splits: Partial<Record<AssetId, ImpactSplit>> = {};
  for (const e of c.external) {
    const forcedSales: Record<MarketId, number[]> = {};
    for (const s of c.sales.filter((x) => x.asset === e.asset)) {
      if (s.block < 0 || s.block >= blocks) throw new RangeError(`forced sale at block ${s.block}: outside the run`);
      const flows = (forcedSales[s.market] ??= new Array<number>(e.path.length).fill(0));
      flows[s.block] += s.value;
    }
    splits[e.asset] = splitImpact({ ...e, forcedSales });
  }
  const { classified: _classified, ...totals } = contagion({ markets: input.markets, splits }, c.events);
  return totals;
}

/** The run's system measures (see the module comment). */
export function systemSummary(
  blocks: readonly BlockRecord[],
  liquidations: readonly LiquidationRecord[],
  input?: SystemInput,
): SystemSummary {
  const ids = marketIds(blocks, input);
  const totals = perBlockTotals(ids, blocks.length, systemLiquidations(liquidations), []);
  const cumulative = totals[totals.length - 1]?.cumulative;
  // BlockRecord.markets[id].badDebt is cumulative (net of auction recoveries): the run's is the last block's.
  const last = blocks[blocks.length - 1]?.markets;
  const badDebt = (pick: (m: Record<string, MarketBlockRecord>) => MarketBlockRecord) =>
    last ? pick(last).badDebt : 0n;
  const zero = { liquidations: 0, debtRepaid: 0n, seized: {} };
  const scope = (pick: (m: Record<string, MarketBlockRecord>) => MarketBlockRecord, t = zero): ScopeTotals => ({
    liquidations: blocks.reduce((a, b) => a + (b.markets ? pick(b.markets).liquidations : 0), 0),
    debtRepaid: t.debtRepaid,
    seized: t.seized,
    badDebt: badDebt(pick),
    leverage: leverageOver(blocks, pick),
  });
  const empty: MarketBlockRecord = { badDebt: 0n, liquidations: 0, debt: 0n, collateralValue: 0n };
  const markets = Object.fromEntries(
    ids.map((id) => [id, scope((m) => m[id] ?? empty, cumulative?.markets[id])]),
  ) as Record<MarketId, ScopeTotals>;
  const drops = dropsUpTo(input?.maxDropPct ?? AT_RISK_MAX_DROP_PCT);
  return {
    markets,
    system: scope(systemBlock, cumulative?.system),
    atRisk: (input?.books ?? []).map((s) => ({
      block: s.block,
      curves: systemCollateralAtRisk(s.markets, input!.assets, drops),
    })),
    contagion: input ? contagionTotals(input, blocks.length) : null,
  };
}
