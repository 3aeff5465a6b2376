/** The readable summary `npx hardhat cascade` prints. */
import type { RunResult } from "../sim/engine";
import { fromFixedUnits } from "../sim/wad";
import { receivedShare } from "../sim/isolation-metrics";

export function formatSummary(r: RunResult, dir: string): string {
  const s = r.summary;
  const d = r.scenario.tokens.debt;
  const money = (v: bigint) =>
    `${fromFixedUnits(v, d.decimals).toLocaleString("en-US", { maximumFractionDigits: 2 })} ${d.symbol}`;
  const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
  const times = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(3)}x`);
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
    ...baselineRows(s, money, times),
    [
      "cascade",
      s.cascade.firstBlock === null
        ? "none"
        : `blocks ${s.cascade.firstBlock}-${s.cascade.lastBlock} (${s.cascade.lengthBlocks} blocks, ${s.cascade.rounds} rounds)`,
    ],
    [
      "liquidations",
      `${s.liquidations.count} (fixed bonus ${s.liquidations.fixedBonus}, auction takes ${s.liquidations.auctionTakes}, kicks ${s.liquidations.auctionsKicked})`,
    ],
    ["debt repaid", money(s.liquidations.debtRepaid)],
    ["sold below external price", pct(s.liquidations.soldBelowExternalShare)],
    ["bad debt", money(s.badDebt)],
    [
      "underwater at the end (unrealized)",
      `${s.underwaterAtEnd.positions} positions, shortfall ${money(s.underwaterAtEnd.shortfall)} at the external price`,
    ],
    ["keeper gross / net profit (realized)", `${money(s.keepers.grossProfit)} / ${money(s.keepers.netProfit)}`],
    [
      "keeper unsold collateral",
      `${s.keepers.unsold.collateral} base units, worth ${money(s.keepers.unsold.atExternal)} external / ` +
        `${money(s.keepers.unsold.atAmm)} AMM`,
    ],
    ["keeper gas used / wasted", `${s.keepers.gasUsed} / ${s.keepers.gasWasted} (dropped txs: ${r.droppedKeeperTxs})`],
    ["priority fees (share of profit)", `${money(s.keepers.priorityFees)} (${pct(s.keepers.feeShareOfProfit)})`],
    ["oracle error mean / max", `${s.oracleError.meanAbsPct.toFixed(2)}% / ${s.oracleError.maxAbsPct.toFixed(2)}%`],
    [
      "time to liquidation mean / max",
      `${s.timeToLiquidation.meanBlocks?.toFixed(1) ?? "n/a"} / ${s.timeToLiquidation.maxBlocks ?? "n/a"} blocks (never: ${s.timeToLiquidation.neverLiquidated})`,
    ],
    ...isolationRows(r, money, pct),
    ...(r.attack
      ? ([
          [
            "attacker (oracle manipulation)",
            `${r.attack.mode} on ${r.attack.oracle}: net ${r.attack.netProfit.toFixed(0)} ${d.symbol}, ` +
              `${r.attack.positionsLiquidated} positions liquidated` +
              (r.attack.reverted ? `, reverted ${r.attack.revertReason ?? ""}` : ""),
          ],
        ] as [string, string][])
      : []),
    ["wall time", `setup ${r.setupSeconds.toFixed(1)} s, run ${r.runSeconds.toFixed(1)} s`],
    ["report", `${dir}/report.html`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}

export function printSummary(r: RunResult, dir: string) {
  process.stdout.write(formatSummary(r, dir));
}

/** The frictionless baseline and the decomposition of the amplification (physics + frictions). */
function baselineRows(
  s: RunResult["summary"],
  money: (v: bigint) => string,
  times: (x: number | null) => string,
): [string, string][] {
  const b = s.baseline;
  if (!b) return [];
  const d = b.decomposition;
  const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "−"} ${times(Math.abs(x))}`);
  return [
    [
      "frictionless baseline",
      `${b.liquidations} liquidations, repaid ${money(b.debtRepaid)}, bad debt ${money(b.badDebt)}, ` +
        `AMM ${b.finalAmmPrice.toFixed(2)} at the end (shock to ${b.shockedPrice})` +
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
    `loss ${money(g.loss)} (${g.lossPct.toFixed(3)}%), worst withdrawable ${pct(g.worstWithdrawableFraction)}` +
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
