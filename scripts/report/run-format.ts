/** Amount formatting bound to a run's tokens (report.html, the measure registry's report rows). */
import { amount } from "./doc-format";
import { units, type RunData } from "./run-data";

export function runFormat(run: RunData) {
  const d = run.scenario.tokens.debt;
  const c = run.scenario.tokens.collateral;
  return {
    debt: (v: string | number | null | undefined) => amount(units(v ?? 0, d.decimals), d.symbol),
    coll: (v: string | number | null | undefined) => amount(units(v ?? 0, c.decimals), c.symbol),
    tokens: (x: number | null | undefined) => amount(x, d.symbol),
    debtSymbol: d.symbol,
    collSymbol: c.symbol,
  };
}

export type RunFormat = ReturnType<typeof runFormat>;
