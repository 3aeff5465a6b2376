/** The readable summary `npx hardhat cascade` prints. */
import type { RunResult } from "../sim/engine";
import { fromFixedUnits } from "../sim/wad";

export function formatSummary(r: RunResult, dir: string): string {
  const s = r.summary;
  const d = r.scenario.tokens.debt;
  const money = (v: bigint) =>
    `${fromFixedUnits(v, d.decimals).toLocaleString("en-US", { maximumFractionDigits: 2 })} ${d.symbol}`;
  const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
  const rows: [string, string][] = [
    [
      "scenario",
      `${r.scenario.name} (seed ${r.scenario.seed}, ${s.blocks} blocks, ${r.scenario.borrowers.count} borrowers)`,
    ],
    ["exogenous shock", pct(s.exogenousShock)],
    ["AMM peak drawdown", pct(s.ammPeakDrawdown)],
    ["amplification", s.amplification === null ? "n/a (no shock)" : `${s.amplification.toFixed(3)}x`],
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
    ["keeper gross / net profit", `${money(s.keepers.grossProfit)} / ${money(s.keepers.netProfit)}`],
    ["keeper gas used / wasted", `${s.keepers.gasUsed} / ${s.keepers.gasWasted} (dropped txs: ${r.droppedKeeperTxs})`],
    ["priority fees (share of profit)", `${money(s.keepers.priorityFees)} (${pct(s.keepers.feeShareOfProfit)})`],
    ["oracle error mean / max", `${s.oracleError.meanAbsPct.toFixed(2)}% / ${s.oracleError.maxAbsPct.toFixed(2)}%`],
    [
      "time to liquidation mean / max",
      `${s.timeToLiquidation.meanBlocks?.toFixed(1) ?? "n/a"} / ${s.timeToLiquidation.maxBlocks ?? "n/a"} blocks (never: ${s.timeToLiquidation.neverLiquidated})`,
    ],
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
