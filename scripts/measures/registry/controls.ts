/**
 * Measures the engine or an agent sets after the summary (the frictionless baseline, the lender groups) and the
 * risk controls in force: their console rows live here, with the measure.
 */
import { count, fixed, pct as percent, times } from "../../report/doc-format";
import type { ConsoleContext, ConsoleRow, Measure } from "./types";

export const RISK_CONTROLS: Measure = {
  name: "riskControls",
  unit: "mixed (object)",
  description:
    "Blocks the circuit breaker spent tripped, and the lowest liquidation threshold and loan-to-value in force (null when constant and unrecorded).",
  compute: (r) => ({
    breakerTrippedBlocks: r.blocks.filter((b) => b.breakerTripped).length,
    minLiquidationThreshold: r.blocks.some((b) => b.liquidationThreshold !== undefined)
      ? Math.min(...r.blocks.map((b) => b.liquidationThreshold ?? Infinity))
      : null,
    minLtv: r.blocks.some((b) => b.ltv !== undefined) ? Math.min(...r.blocks.map((b) => b.ltv ?? Infinity)) : null,
  }),
  console: { rank: 180, rows: (c) => breakerRows(c) },
};

/** With a circuit breaker: how long it was tripped and what a trip does; with dynamic risk: the lowest parameters. */
function breakerRows({ r }: ConsoleContext): ConsoleRow[] {
  const b = r.scenario.riskControls.circuitBreaker;
  const rc = r.summary.riskControls;
  const dynamic: ConsoleRow[] = r.scenario.riskControls.dynamicRisk.enabled
    ? [
        [
          "dynamic risk, lowest in force",
          `liquidation threshold ${percent(rc.minLiquidationThreshold)}, ltv ${percent(rc.minLtv)} ` +
            `(from ${percent(r.scenario.market.collateral.liquidationThreshold)} / ${percent(r.scenario.market.collateral.ltv)})`,
        ],
      ]
    : [];
  if (!b.enabled) return dynamic;
  const tripped = r.summary.riskControls.breakerTrippedBlocks;
  const effects = b.effects.length === 0 ? "monitor only" : b.effects.join(", ");
  return [
    [
      "circuit breaker",
      tripped === 0
        ? `never tripped (effects on a trip: ${effects})`
        : `tripped ${count(tripped, "blocks")} of ${count(r.summary.blocks)} (${percent(tripped / r.summary.blocks)}), ` +
          `effects: ${effects}`,
    ],
    ...dynamic,
  ];
}

/** The frictionless baseline (set by the engine: scripts/measures/baseline-summary.ts). */
export const BASELINE: Measure = {
  name: "baseline",
  unit: "mixed (object)",
  description:
    "The frictionless baseline next to this run and the amplification's decomposition (physics + frictions).",
  console: {
    rank: 50,
    rows: ({ s, money }) => {
      const b = s.baseline;
      if (!b) return [];
      const d = b.decomposition;
      const signed = (x: number | null) => (x === null ? "–" : `${x >= 0 ? "+" : "−"} ${times(Math.abs(x))}`);
      return [
        [
          "frictionless baseline",
          `${count(b.liquidations, "liquidations")}, repaid ${money(b.debtRepaid)}, bad debt ${money(b.badDebt)}, ` +
            `AMM ${fixed(b.finalAmmPrice)} at the end (shock to ${fixed(b.shockedPrice)})` +
            (b.settled ? "" : ", did not settle"),
        ],
        [
          "amplification = physics + frictions",
          `peak ${times(d.physics)} ${signed(d.frictions)}, settled ${times(d.physicsSettled)} ${signed(d.frictionsSettled)}`,
        ],
        ["frictions present", d.present.join("; ")],
      ];
    },
  },
};

/** Each lender group's loss and liquidity (set by the lender-exit agents: a group of the topology has `exitOnLossBps`). */
export const LENDERS: Measure = {
  name: "lenders",
  unit: "mixed (object)",
  description:
    "Per lender group: loss (supplied − claim − withdrawn), worst withdrawable share first in line and pro rata, " +
    "what it withdrew and from which block (only when a group of `markets[].lenders` has `exitOnLossBps`).",
  console: {
    rank: 190,
    rows: ({ s, money, pct }) =>
      Object.entries(s.lenders ?? {}).map(([key, g]) => [
        `lenders ${key} (${g.market})`,
        `loss ${money(g.loss)} (${fixed(g.lossPct, 3)}%), worst withdrawable ${pct(g.worstWithdrawable)}` +
          ` (pro rata ${pct(g.worstProRata)}), withdrew ${money(g.withdrawn)}` +
          (g.firstWithdrawalBlock === null ? "" : ` from block ${g.firstWithdrawalBlock}`),
      ]),
  },
};
