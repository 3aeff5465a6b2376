/** The preset's headline numbers, from a run and its counterfactual without the perp book (pure). */
import type { PerpRunResult } from "./run";
import type { PerpPreset } from "./scenario";

export interface PerpHeadline {
  preset: string;
  steps: number;
  positionsOpened: { longs: number; shorts: number; skipped: number };
  openNotional: { long: number; short: number };
  liquidations: { marketSales: number; backstopTakeovers: number; notional: number };
  externalLow: { withBook: number; withoutBook: number; extraFallPct: number };
  badDebt: { total: number; coveredByInsurance: number; coveredByAdl: number; uncovered: number };
  /** The backstop vault's result at the end, at the pool price (its takeover and unwind losses). */
  vaultPnl: number;
  insuranceDrainedAtStep: number | null;
  adlEvents: number;
  firstAdlStep: number | null;
  conserved: boolean;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function headline(preset: PerpPreset, run: PerpRunResult, counterfactual: PerpRunResult): PerpHeadline {
  const rows = run.rows;
  const last = rows[rows.length - 1];
  const low = Math.min(...rows.map((r) => r.externalPrice));
  const lowWithout = Math.min(...counterfactual.rows.map((r) => r.externalPrice));
  const drained = rows.find((r) => r.insuranceFund === 0 && r.badDebtTotal > 0);
  const firstAdl = rows.find((r) => r.adlEvents > 0);
  return {
    preset: preset.name,
    steps: rows.length,
    positionsOpened: { longs: run.opened.longs, shorts: run.opened.shorts, skipped: run.opened.skipped },
    openNotional: { long: r2(run.opened.longNotional), short: r2(run.opened.shortNotional) },
    liquidations: {
      marketSales: rows.reduce((s, r) => s + r.marketLiquidations, 0),
      backstopTakeovers: rows.reduce((s, r) => s + r.backstopTakeovers, 0),
      notional: r2(rows.reduce((s, r) => s + r.liquidatedNotional, 0)),
    },
    externalLow: {
      withBook: low,
      withoutBook: lowWithout,
      extraFallPct: r2(((lowWithout - low) / lowWithout) * 100),
    },
    badDebt: {
      total: last.badDebtTotal,
      coveredByInsurance: last.coveredByInsurance,
      coveredByAdl: last.coveredByAdl,
      uncovered: last.uncovered,
    },
    vaultPnl: last.vaultPnl,
    insuranceDrainedAtStep: drained ? drained.step : null,
    adlEvents: rows.reduce((s, r) => s + r.adlEvents, 0),
    firstAdlStep: firstAdl ? firstAdl.step : null,
    conserved: run.conserved && counterfactual.conserved,
  };
}
