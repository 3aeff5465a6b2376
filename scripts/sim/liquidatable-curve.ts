/**
 * Debt that becomes liquidatable when the collateral price falls by x%, computed from the generated population
 * alone (no chain, no keepers): a single-collateral position's health factor scales with the price, so a position
 * at health h falls below 1 once the price is down by more than 1 − 1/h. Pure; amounts as the market values them.
 */
import type { Scenario } from "./scenario";
import { borrowersFromScenario, collateralValue, healthFactorWad } from "./population";
import { WAD, fromFixedUnits, toWad } from "./wad";

export interface CurvePoint {
  shockPct: number;
  /** Positions and debt (debt tokens) below health 1 at the shocked price. */
  positions: number;
  debt: number;
  /** Share of all debt that is liquidatable. */
  debtShare: number;
}

/** Liquidatable positions and debt at each shock (percent), at the scenario's starting price. */
export function liquidatableCurve(s: Scenario, startPrice: number, shocksPct: readonly number[]): CurvePoint[] {
  const borrowers = borrowersFromScenario(s, startPrice);
  const threshold = toWad(s.market.collateral.liquidationThreshold);
  const cd = s.tokens.collateral.decimals;
  const dd = s.tokens.debt.decimals;
  const total = borrowers.reduce((a, b) => a + b.debt, 0n);
  return shocksPct.map((shockPct) => {
    const priceWad = toWad(startPrice * (1 - shockPct / 100));
    let positions = 0;
    let debt = 0n;
    for (const b of borrowers) {
      if (b.debt === 0n) continue;
      if (healthFactorWad(collateralValue(b.collateral, priceWad, cd, dd), threshold, b.debt) < WAD) {
        positions++;
        debt += b.debt;
      }
    }
    return {
      shockPct,
      positions,
      debt: fromFixedUnits(debt, dd),
      debtShare: total === 0n ? 0 : Number((debt * 1_000_000n) / total) / 1_000_000,
    };
  });
}

/** The largest jump in liquidatable debt between consecutive shocks, and where it happens. */
export function steepestStep(curve: readonly CurvePoint[]): { fromPct: number; toPct: number; debt: number } {
  let best = { fromPct: 0, toPct: curve[0]?.shockPct ?? 0, debt: curve[0]?.debt ?? 0 };
  for (let i = 1; i < curve.length; i++) {
    const d = curve[i].debt - curve[i - 1].debt;
    if (d > best.debt) best = { fromPct: curve[i - 1].shockPct, toPct: curve[i].shockPct, debt: d };
  }
  return best;
}
