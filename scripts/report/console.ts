/**
 * The readable summary `npx hardhat cascade` prints. Numbers are formatted one way in every task (doc-format.ts):
 * amounts in whole tokens with 2 decimals and thousands separators, gas and counts with separators and their unit,
 * ratios as percentages with 2 decimals, multiples with 3; "–" where there is no value.
 */
import type { RunResult } from "../sim/engine";
import { receivedShare } from "../sim/isolation-metrics";
import { count, fixed, pct as percent, times, tokens } from "./doc-format";

/** `dir`: the run's folder, or null when it could not be written (the summary is then all that is left). */
export function formatSummary(r: RunResult, dir: string | null): string {
  const s = r.summary;
  const d = r.scenario.tokens.debt;
  const money = (v: bigint) => tokens(v, d.decimals, d.symbol);
  const pct = (x: number | null) => percent(x);
  const rows: [string, string][] = [
    [
      "scenario",
      `${r.scenario.name} (seed ${r.scenario.seed}, ${s.blocks} blocks, ${r.scenario.borrowers.count} borrowers)`,
    ],
    ["exogenous shock", pct(s.exogenousShock)],
    ["AMM peak drawdown", pct(s.ammPeakDrawdown)],
    [
      "amplification peak / settled",
      s.amplification === null
        ? "n/a (no shock)"
        : `${times(s.amplification)} / ${times(s.amplificationSettled)} (AMM settled drawdown ${pct(s.ammSettledDrawdown)} at block ${s.settledBlock})`,
    ],
    ...baselineRows(s, money),
    [
      "cascade",
      s.cascade.firstBlock === null
        ? "none"
        : `blocks ${s.cascade.firstBlock}-${s.cascade.lastBlock} (${s.cascade.lengthBlocks} blocks, ${s.cascade.rounds} rounds)`,
    ],
    [
      "liquidations",
      `${count(s.liquidations.count)} (fixed bonus ${count(s.liquidations.fixedBonus)}, auction takes ` +
        `${count(s.liquidations.auctionTakes)}, kicks ${count(s.liquidations.auctionsKicked)})`,
    ],
    ["debt repaid", money(s.liquidations.debtRepaid)],
    ["sold below external price", pct(s.liquidations.soldBelowExternalShare)],
    ["bad debt", money(s.badDebt)],
    [
      "underwater at the end (unrealized)",
      `${count(s.underwaterAtEnd.positions, "positions")}, shortfall ${money(s.underwaterAtEnd.shortfall)} at the external price`,
    ],
    ["keeper gross / net profit (realized)", `${money(s.keepers.grossProfit)} / ${money(s.keepers.netProfit)}`],
    [
      "keeper unsold collateral",
      `${tokens(s.keepers.unsold.collateral, r.scenario.tokens.collateral.decimals, r.scenario.tokens.collateral.symbol, 4)}, worth ${money(s.keepers.unsold.atExternal)} external / ` +
        `${money(s.keepers.unsold.atAmm)} AMM`,
    ],
    [
      "keeper gas in successful / failed txs",
      `${count(s.keepers.gasUsed, "gas")} / ${count(s.keepers.gasWasted, "gas")} ` +
        `(${count(r.droppedKeeperTxs, "txs")} dropped unmined)`,
    ],
    ["priority fees (share of profit)", `${money(s.keepers.priorityFees)} (${pct(s.keepers.feeShareOfProfit)})`],
    ["oracle error mean / max", `${fixed(s.oracleError.meanAbsPct)}% / ${fixed(s.oracleError.maxAbsPct)}%`],
    [
      "time to liquidation mean / max",
      `${fixed(s.timeToLiquidation.meanBlocks, 1)} / ${count(s.timeToLiquidation.maxBlocks)} blocks from liquidatable ` +
        `to liquidated; ${count(s.timeToLiquidation.neverLiquidated)} of ` +
        `${count(s.timeToLiquidation.liquidated + s.timeToLiquidation.neverLiquidated)} positions that became ` +
        `liquidatable were never liquidated`,
    ],
    ...breakerRows(r),
    ...isolationRows(r, money, pct),
    ...(r.attack
      ? ([
          [
            "attacker (oracle manipulation)",
            `${r.attack.mode} on ${r.attack.oracle}: net ${fixed(r.attack.netProfit)} ${d.symbol}, ` +
              `${count(r.attack.positionsLiquidated, "positions")} liquidated` +
              (r.attack.reverted ? `, reverted ${r.attack.revertReason ?? ""}` : ""),
          ],
        ] as [string, string][])
      : []),
    ["wall time", `setup ${fixed(r.setupSeconds, 1)} s, run ${fixed(r.runSeconds, 1)} s`],
    ["report", dir === null ? "NOT WRITTEN (see the error below)" : `${dir}/report.html`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}

export function printSummary(r: RunResult, dir: string | null) {
  process.stdout.write(formatSummary(r, dir));
}

/** The frictionless baseline and the decomposition of the amplification (physics + frictions). */
function baselineRows(s: RunResult["summary"], money: (v: bigint) => string): [string, string][] {
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
}

/** Contagion rows (only with `isolation.mode` shared or isolated). */
function isolationRows(
  r: RunResult,
  money: (v: bigint) => string,
  pct: (x: number | null) => string,
): [string, string][] {
  const iso = r.summary.isolation;
  if (!iso) return [];
  const group = (g: typeof iso.calm) =>
    `loss ${money(g.loss)} (${fixed(g.lossPct, 3)}%), worst withdrawable ${pct(g.worstWithdrawableFraction)}` +
    ` (pro rata ${pct(g.worstProRataFraction)})`;
  const w = iso.endWithdrawals;
  return [
    ["lenders", `${iso.mode} market${iso.mode === "isolated" ? "s" : ""}`],
    ["crash bad debt still in the book", money(iso.crashUnrealizedBadDebt)],
    ["calm lenders", group(iso.calm)],
    ["crash lenders", group(iso.crash)],
    [
      "calm exit received / asked",
      `alone ${pct(receivedShare(w.calmFirst))}, after the crash lenders run ${pct(receivedShare(w.crashRun))}`,
    ],
  ];
}

/** With a circuit breaker: how long it was tripped and what a trip does; with dynamic risk: the lowest parameters. */
function breakerRows(r: RunResult): [string, string][] {
  const b = r.scenario.riskControls.circuitBreaker;
  const rc = r.summary.riskControls;
  const dynamic: [string, string][] = r.scenario.riskControls.dynamicRisk.enabled
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
