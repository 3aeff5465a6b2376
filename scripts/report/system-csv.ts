/**
 * The system files of a run of more than one market (docs/measures-system.md#in-the-run-outputs):
 * - systemic.csv: one row per block and market, then the system-wide row (`market` = `*`);
 * - collateral-at-risk.csv: one row per book snapshot, asset, drop and market (`*` = summed over markets).
 */
import type { BlockRecord, LiquidationRecord, MarketBlockRecord } from "../sim/metrics";
import { leverageOf, marketIds, systemBlock, type SystemSummary } from "../measures/system-run";
import { perBlockTotals } from "../measures/system-records";
import { toCsv, type Column } from "./csv";

/** The market column's value for a system-wide row (a MarketId never holds it). */
export const SYSTEM_ROW = "*";

export interface SystemicRow {
  block: number;
  market: string;
  liquidations: number;
  debtRepaid: bigint;
  badDebt: bigint;
  totalBadDebt: bigint;
  debt: bigint;
  collateralValue: bigint;
}

export const SYSTEMIC_COLUMNS: readonly Column<SystemicRow>[] = [
  ["block", (r) => r.block],
  ["market", (r) => r.market],
  ["liquidations", (r) => r.liquidations],
  ["debt_repaid", (r) => r.debtRepaid],
  ["bad_debt", (r) => r.badDebt],
  ["total_bad_debt", (r) => r.totalBadDebt],
  ["debt", (r) => r.debt],
  ["collateral_value", (r) => r.collateralValue],
  ["leverage", (r) => leverageOf(r.debt, r.collateralValue)],
];

/** Rows of systemic.csv: every market of `BlockRecord.markets` in every block, then the system. */
export function systemicRows(
  blocks: readonly BlockRecord[],
  liquidations: readonly LiquidationRecord[],
): SystemicRow[] {
  const ids = marketIds(blocks);
  const repaid = perBlockTotals(
    ids,
    blocks.length,
    liquidations.map((l) => ({ ...l, market: l.market ?? "", asset: l.asset ?? "", repaid: l.debtRepaid, seized: 0n })),
    [],
  );
  const running = new Map<string, bigint>();
  const rows: SystemicRow[] = [];
  blocks.forEach((b, i) => {
    if (!b.markets) return;
    const scopes: [string, MarketBlockRecord, bigint][] = [
      ...ids.map((id): [string, MarketBlockRecord, bigint] => [id, b.markets![id], repaid[i].markets[id].debtRepaid]),
      [SYSTEM_ROW, systemBlock(b.markets), repaid[i].system.debtRepaid],
    ];
    // BlockRecord.markets[id].badDebt is the market's net bad debt so far: this block's is the change.
    for (const [market, m, debtRepaid] of scopes) {
      const before = running.get(market) ?? 0n;
      running.set(market, m.badDebt);
      rows.push({ block: b.block, market, debtRepaid, ...m, badDebt: m.badDebt - before, totalBadDebt: m.badDebt });
    }
  });
  return rows;
}

export const systemicCsv = (blocks: readonly BlockRecord[], liquidations: readonly LiquidationRecord[]) =>
  toCsv(SYSTEMIC_COLUMNS, systemicRows(blocks, liquidations));

type AtRiskRow = {
  block: number;
  market: string;
} & SystemSummary["atRisk"][number]["curves"][number]["system"][number];

export const AT_RISK_COLUMNS: readonly Column<AtRiskRow>[] = [
  ["block", (r) => r.block],
  ["asset", (r) => r.asset],
  ["drop_pct", (r) => r.dropPct],
  ["market", (r) => r.market],
  ["positions", (r) => r.positions],
  ["debt", (r) => r.debt],
  ["collateral_value", (r) => r.collateralValue],
  ["debt_share", (r) => r.debtShare],
];

/** collateral-at-risk.csv: each snapshot's curves, per asset, drop by drop, each market then the system. */
export function atRiskCsv(system: Pick<SystemSummary, "atRisk">): string {
  const rows: AtRiskRow[] = [];
  for (const { block, curves } of system.atRisk) {
    for (const curve of curves) {
      curve.system.forEach((point, i) => {
        for (const [market, points] of Object.entries(curve.markets)) rows.push({ block, market, ...points[i] });
        rows.push({ block, market: SYSTEM_ROW, ...point });
      });
    }
  }
  return toCsv(AT_RISK_COLUMNS, rows);
}
