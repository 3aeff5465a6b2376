/**
 * The run's statistics computed from its records (pure), each used by one or more measures of the registry
 * (`./index.ts`): actors' results, keepers' unsold inventory, the cascade's shape, oracle error, time to liquidation
 * and the share of collateral sold below the external price. Units as in `scripts/sim/metrics.ts`.
 */
import { ratio } from "../../sim/wad";
import type { ActorResult, BlockRecord, LiquidationRecord, PositionTiming, RunSummary } from "../../sim/metrics";

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

export const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

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
