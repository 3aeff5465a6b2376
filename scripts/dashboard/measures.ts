/**
 * What the dashboard computes from run folders (pure): the liquidation-at-price curve from positions.csv, aggregate
 * loan-to-value over the blocks, and a sweep's per-cell percentiles (cells.json). Amounts in tokens.
 */
import { num, units, type Row, type RunData } from "../report/run-data";

export interface CurvePoint {
  /** Price drop from the run's starting price, percent. */
  dropPct: number;
  /** Positions below health 1 at that drop, their debt (debt tokens) and collateral value there (debt tokens). */
  positions: number;
  debt: number;
  collateralValue: number;
}

/**
 * Debt and collateral that become liquidatable when the collateral price falls by each drop, from the positions
 * at the start of the run: a single-collateral position's health scales with the price, so a position at health h
 * is liquidatable once the price is down by more than 1 − 1/h. Same rule as scripts/sim/liquidatable-curve.ts,
 * read from positions.csv instead of regenerating the population.
 */
export function curveFromPositions(run: RunData, dropsPct: readonly number[]): CurvePoint[] {
  const dd = run.scenario.tokens.debt.decimals;
  const cd = run.scenario.tokens.collateral.decimals;
  const start = num(run.blocks[0]?.oracle_price);
  const open = (run.positions ?? []).filter((p) => units(p.start_debt, dd) > 0 && p.start_health !== null);
  return dropsPct.map((dropPct) => {
    const f = 1 - dropPct / 100;
    let positions = 0;
    let debt = 0;
    let collateralValue = 0;
    for (const p of open) {
      if (num(p.start_health) * f < 1) {
        positions++;
        debt += units(p.start_debt, dd);
        collateralValue += units(p.start_collateral, cd) * start * f;
      }
    }
    return { dropPct, positions, debt, collateralValue };
  });
}

export interface LeveragePoint {
  block: number;
  /** Σ debt ÷ Σ collateral at the block's external price. */
  ltv: number | null;
  debt: number;
  collateralValue: number;
}

/**
 * Aggregate loan-to-value per block: debt = Σ start debt − repaid so far − bad debt written off so far; collateral
 * = Σ start collateral − seized so far, valued at the block's external price. Interest accrued during the run is
 * not in it (positions.csv records debt only at the start and the end). Empty without positions.csv.
 */
export function leverageOverTime(run: RunData): LeveragePoint[] {
  if (!run.positions) return [];
  const dd = run.scenario.tokens.debt.decimals;
  const cd = run.scenario.tokens.collateral.decimals;
  let debt = run.positions.reduce((a, p) => a + units(p.start_debt, dd), 0);
  let coll = run.positions.reduce((a, p) => a + units(p.start_collateral, cd), 0);
  return run.blocks.map((b: Row) => {
    debt -= units(b.debt_repaid, dd);
    coll -= units(b.collateral_seized, cd);
    const d = Math.max(0, debt - units(b.total_bad_debt, dd));
    const value = coll * num(b.external_price);
    return { block: num(b.block), ltv: value > 0 ? d / value : null, debt: d, collateralValue: value };
  });
}

/** One distribution of a measure over a cell's runs (null: no run had a value). */
export interface CellMetric {
  unit?: string;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
  mean?: number | null;
}

/** One cell of a sweep (cells.json): its label, how many runs, its risk figures and per-measure percentiles. */
export interface SweepCell {
  cell: string;
  runs: number;
  /** `npx hardhat sweep`'s figures (VaR95, VaR99, ES95, LaR95 in debt tokens; pBadDebt a share), when present. */
  risk: Record<string, number | null>;
  metrics: Record<string, CellMetric>;
}

/** Measures of `npx hardhat sweep` that are amounts of the debt token (docs/sweeps.md on the sweep branch). */
export const DEBT_TOKEN_MEASURES = ["badDebt", "underwaterShortfall", "debtLiquidated", "keeperGrossProfit"];

/**
 * `cells.json` as `npx hardhat sweep` writes it (an array of cells with `label`, `runs`, `risk` and `measures`),
 * or `{ cells: [...] }` with `cell` and `metrics`; anything else is not a sweep (null).
 */
export function parseCells(text: string): SweepCell[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const cells = Array.isArray(json) ? json : (json as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) return null;
  return cells
    .filter((c): c is Record<string, unknown> => c !== null && typeof c === "object")
    .map((c) => {
      const metrics = (c.metrics ?? c.measures ?? {}) as Record<string, CellMetric>;
      for (const [k, m] of Object.entries(metrics)) {
        if (m && m.unit === undefined && DEBT_TOKEN_MEASURES.includes(k)) metrics[k] = { ...m, unit: "debt tokens" };
      }
      return {
        cell: String(c.cell ?? c.label ?? c.name ?? "?"),
        runs: Number(c.runs ?? c.count ?? 0),
        risk: (c.risk ?? {}) as Record<string, number | null>,
        metrics,
      };
    });
}
