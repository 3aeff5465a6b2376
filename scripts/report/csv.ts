/**
 * blocks.csv (columns from the measure registry), liquidations.csv and positions.csv (every column with its unit: docs/engine.md#outputs): fixed column order, bigint as plain integers, numbers in JavaScript's
 * shortest round-trip form (`String(n)`, exactly specified by ECMAScript, so the same run gives the same bytes).
 */
import type { BlockRecord, LiquidationRecord, PositionRecord } from "../sim/metrics";
import { MEASURES, type Measure } from "../measures/registry";
import { blockColumnsOf } from "../measures/registry/assemble";

export type Cell = string | number | bigint | null | undefined;
export type Column<T> = readonly [header: string, get: (row: T) => Cell];

export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map(([h]) => h).join(",")];
  for (const row of rows) lines.push(columns.map(([, get]) => formatCell(get(row))).join(","));
  return lines.join("\n") + "\n";
}

/** blocks.csv's columns: generated from the measure registry (each measure's `column`, by rank). */
export const blockColumns = (measures: readonly Measure[] = MEASURES): readonly Column<BlockRecord>[] =>
  blockColumnsOf(measures);
export const BLOCK_COLUMNS: readonly Column<BlockRecord>[] = blockColumns();

export const LIQUIDATION_COLUMNS: readonly Column<LiquidationRecord>[] = [
  ["block", (r) => r.block],
  ["chain_block", (r) => r.chainBlock],
  ["tx_hash", (r) => r.txHash],
  ["kind", (r) => r.kind],
  ["keeper", (r) => r.keeper],
  ["liquidator", (r) => r.liquidator],
  ["borrower", (r) => r.borrower],
  ["debt_repaid", (r) => r.debtRepaid],
  ["collateral_seized", (r) => r.collateralSeized],
  ["collateral_sold", (r) => r.collateralSold],
  ["collateral_unsold", (r) => r.collateralSeized - r.collateralSold],
  ["sale_proceeds", (r) => r.saleProceeds],
  ["sale_price", (r) => r.salePrice],
  ["external_price", (r) => r.externalPrice],
  ["oracle_price", (r) => r.oraclePrice],
  ["gross_profit", (r) => r.grossProfit],
  ["gas_used", (r) => r.gasUsed],
  ["gas_cost", (r) => r.gasCost],
  ["priority_fee", (r) => r.priorityFee],
];

export const blocksCsv = (rows: readonly BlockRecord[], measures: readonly Measure[] = MEASURES) =>
  toCsv(measures === MEASURES ? BLOCK_COLUMNS : blockColumns(measures), rows);
export const liquidationsCsv = (rows: readonly LiquidationRecord[]) => toCsv(LIQUIDATION_COLUMNS, rows);

const health = (h: number) => (Number.isFinite(h) ? h : null);

export const POSITION_COLUMNS: readonly Column<PositionRecord>[] = [
  ["borrower", (r) => r.borrower],
  ["start_collateral", (r) => r.startCollateral],
  ["start_debt", (r) => r.startDebt],
  ["start_health", (r) => health(r.startHealth)],
  ["end_collateral", (r) => r.endCollateral],
  ["end_debt", (r) => r.endDebt],
  ["end_health", (r) => health(r.endHealth)],
  ["liquidated", (r) => (r.liquidations > 0 ? 1 : 0)],
  ["liquidations", (r) => r.liquidations],
  ["debt_repaid", (r) => r.debtRepaid],
  ["bad_debt", (r) => r.badDebt],
];

export const positionsCsv = (rows: readonly PositionRecord[]) => toCsv(POSITION_COLUMNS, rows);
