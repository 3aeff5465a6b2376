/** The system measures (per market and system-wide), only in a world of more than one market or asset. */
import { count, pct, times } from "../../report/doc-format";
import { hasSystem, systemSummary, type Leverage, type ScopeTotals, type SystemSummary } from "../system-run";
import type { ConsoleContext, ConsoleRow, Measure } from "./types";

/** Drops (percent) the console and the report quote from the collateral-at-risk curves, when the curve has them. */
export const QUOTED_DROPS_PCT = [5, 10, 20] as const;

const lev = (l: Leverage) =>
  l.start === null ? "–" : `${times(l.start)} → ${times(l.end)} (peak ${times(l.peak)} at block ${l.peakBlock})`;

function scopeRow(label: string, t: ScopeTotals, money: (v: bigint) => string): ConsoleRow {
  return [
    label,
    `${count(t.liquidations, "liquidations")}, repaid ${money(t.debtRepaid)}, bad debt ${money(t.badDebt)}, leverage ${lev(t.leverage)}`,
  ];
}

function systemRows({ s, money }: ConsoleContext): ConsoleRow[] {
  const sys = s.system as SystemSummary | undefined;
  if (!sys) return [];
  const rows: ConsoleRow[] = Object.entries(sys.markets).map(([id, t]) => scopeRow(`market ${id}`, t, money));
  rows.push(scopeRow("system (all markets)", sys.system, money));
  const last = sys.atRisk[sys.atRisk.length - 1];
  for (const curve of last?.curves ?? []) {
    const quoted = curve.system.filter((p) => (QUOTED_DROPS_PCT as readonly number[]).includes(p.dropPct));
    rows.push([
      `at risk if ${curve.asset} falls (block ${last.block})`,
      quoted
        .map((p) => `${p.dropPct}%: ${count(p.positions)} positions, ${money(p.debt)} debt (${pct(p.debtShare)})`)
        .join("; ") || "–",
    ]);
  }
  const c = sys.contagion;
  if (c) {
    rows.push([
      "contagion across markets",
      c.crossMarket.length === 0
        ? "none: no liquidation in one market was forced by another's sales"
        : c.crossMarket
            .map(
              (p) => `${p.source} → ${p.market}: ${count(p.liquidations)} liquidations, repaid ${money(p.debtRepaid)}`,
            )
            .join("; "),
    ]);
    const joint = Object.values(c.joint).reduce((a, t) => a + t.liquidations, 0);
    const exo = Object.values(c.exogenous).reduce((a, t) => a + t.liquidations, 0);
    const own = c.pairs.filter((p) => p.source === p.market).reduce((a, p) => a + p.liquidations, 0);
    rows.push([
      "liquidation causes",
      `within-market ${count(own)}, jointly forced ${count(joint)}, exogenous ${count(exo)}`,
    ]);
  }
  return rows;
}

export const SYSTEM: Measure = {
  name: "system",
  unit: "mixed (object)",
  description:
    "Per market and system-wide: liquidations, debt repaid, seized per asset, bad debt, aggregate leverage (Σ debt ÷ Σ collateral value); collateral at risk per % drop per asset; contagion attribution. Only with more than one market or asset.",
  compute: (r) => (hasSystem(r.blocks, r.system) ? systemSummary(r.blocks, r.liquidations, r.system) : undefined),
  console: { rank: 195, rows: systemRows },
};
