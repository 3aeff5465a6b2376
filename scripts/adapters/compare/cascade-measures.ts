/**
 * The side-by-side measures of a full cascade run (issue 17), read from a `RunResult` alone, the same way for every
 * protocol: liquidations, over-liquidation (collateral value seized beyond what restores health 1, Qin et al.),
 * bad debt (written off, plus debt no collateral covers at the end), borrower loss, keeper profit, gas.
 * Amounts are in whole debt tokens (numbers: a docs table, not accounting).
 */
import type { RunResult } from "../../sim/engine/types";
import { fromFixedUnits, toWad } from "../../sim/wad";
import { protocolEntry } from "../registry";
import { minimalSeizeValue, overLiquidation } from "./measures";

export interface CascadeMeasures {
  protocol: string;
  liquidations: number;
  positionsLiquidated: number;
  debtRepaid: number;
  /** Collateral value seized (at the oracle price each liquidation used). */
  seizedValue: number;
  overLiquidation: number;
  /** Written off by the protocol during the run. */
  badDebtRealised: number;
  /** Debt not covered by collateral at the last oracle price, still on the books. */
  badDebtOnBooks: number;
  /** Seized value minus debt repaid: what liquidations cost the borrowers. */
  borrowerLoss: number;
  keeperNetProfit: number;
  gasPerLiquidation: number;
}

/** The protocol's liquidation incentive as bonus basis points (its registry entry's rule, else the scenario's bonus). */
export function incentiveBps(r: RunResult): bigint {
  const c = r.scenario.market.collateral;
  const rule = protocolEntry(r.scenario.market.protocol ?? "lab").incentiveBps;
  return rule ? rule(toWad(c.liquidationThreshold), c.liquidationBonusBps) : BigInt(c.liquidationBonusBps);
}

export function cascadeMeasures(r: RunResult): CascadeMeasures {
  const s = r.scenario;
  const dd = s.tokens.debt.decimals;
  const cd = s.tokens.collateral.decimals;
  const debtScale = 10n ** BigInt(dd);
  const threshold = toWad(s.market.collateral.liquidationThreshold);
  const bonus = incentiveBps(r);
  // Each position as it stood before each of its liquidations: its start, less what earlier liquidations took.
  const book = new Map(
    r.positions.map((p) => [p.borrower.toLowerCase(), { debt: p.startDebt, collateral: p.startCollateral }]),
  );
  let seizedValue = 0;
  let over = 0;
  let repaid = 0;
  let gas = 0n;
  for (const l of r.liquidations) {
    const p = book.get(l.borrower.toLowerCase());
    const priceUnits = BigInt(Math.round(l.oraclePrice * 1e8)); // debt tokens per collateral token, 8 decimals
    const valueOf = (c: bigint) => (c * priceUnits * debtScale) / 10n ** BigInt(cd + 8);
    const seized = valueOf(l.collateralSeized);
    if (p) {
      const minimal = minimalSeizeValue({ debt: p.debt, collateralValue: valueOf(p.collateral) }, threshold, bonus);
      over += fromFixedUnits(overLiquidation(seized, minimal), dd);
      p.debt = p.debt > l.debtRepaid ? p.debt - l.debtRepaid : 0n;
      p.collateral = p.collateral > l.collateralSeized ? p.collateral - l.collateralSeized : 0n;
    }
    seizedValue += fromFixedUnits(seized, dd);
    repaid += fromFixedUnits(l.debtRepaid, dd);
    gas += l.gasUsed;
  }
  const lastOracle = r.blocks.length ? r.blocks[r.blocks.length - 1].oraclePrice : 0;
  let onBooks = 0;
  for (const p of r.positions) {
    const uncovered = fromFixedUnits(p.endDebt, dd) - fromFixedUnits(p.endCollateral, cd) * lastOracle;
    if (uncovered > 0) onBooks += uncovered;
  }
  const realised = r.badDebts.reduce((a, b) => a + fromFixedUnits(b.amount, dd), 0);
  const txs = new Set(r.liquidations.map((l) => l.txHash)).size;
  return {
    protocol: s.market.protocol ?? "lab",
    liquidations: r.liquidations.length,
    positionsLiquidated: new Set(r.liquidations.map((l) => l.borrower.toLowerCase())).size,
    debtRepaid: repaid,
    seizedValue,
    overLiquidation: over,
    badDebtRealised: realised,
    badDebtOnBooks: onBooks,
    borrowerLoss: seizedValue - repaid,
    keeperNetProfit: fromFixedUnits(r.summary.keepers.netProfit, dd),
    gasPerLiquidation: txs === 0 ? 0 : Number(gas) / txs,
  };
}
