/**
 * The readable summary `npx hardhat cascade` prints. Numbers are formatted one way in every task (doc-format.ts):
 * amounts in whole tokens with 2 decimals and thousands separators, gas and counts with separators and their unit,
 * ratios as percentages with 2 decimals, multiples with 3; "–" where there is no value.
 */
import type { RunResult } from "../sim/engine";
import { MEASURES, type Measure } from "../measures/registry";
import { consoleRowsOf } from "../measures/registry/assemble";
import type { ConsoleRow } from "../measures/registry/types";
import { count, fixed, pct as percent, tokens } from "./doc-format";

/**
 * `dir`: the run's folder, or null when it could not be written (the summary is then all that is left). The rows are
 * the measures' (scripts/measures/registry, `measures` to use another list) and the run's own, ordered by rank.
 */
export function formatSummary(r: RunResult, dir: string | null, measures: readonly Measure[] = MEASURES): string {
  const s = r.summary;
  const d = r.scenario.tokens.debt;
  const money = (v: bigint) => tokens(v, d.decimals, d.symbol);
  const pct = (x: number | null) => percent(x);
  const rows = consoleRowsOf(measures, { r, s, money, pct }, [
    {
      rank: 10,
      rows: () => [
        [
          "scenario",
          `${r.scenario.name} (seed ${r.scenario.seed}, ${s.blocks} blocks, ${r.scenario.borrowers.count} borrowers)`,
        ],
      ],
    },
    { rank: 200, rows: () => attackRows(r) },
    { rank: 900, rows: () => [["wall time", `setup ${fixed(r.setupSeconds, 1)} s, run ${fixed(r.runSeconds, 1)} s`]] },
    { rank: 910, rows: () => [["report", dir === null ? "NOT WRITTEN (see the error below)" : `${dir}/report.html`]] },
  ]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}

/** The oracle-manipulation attacker's outcome (not a measure of the records: the attacker reports it). */
function attackRows(r: RunResult): ConsoleRow[] {
  if (!r.attack) return [];
  const d = r.scenario.tokens.debt;
  return [
    [
      "attacker (oracle manipulation)",
      `${r.attack.mode} on ${r.attack.oracle}: net ${fixed(r.attack.netProfit)} ${d.symbol}, ` +
        `${count(r.attack.positionsLiquidated, "positions")} liquidated` +
        (r.attack.reverted ? `, reverted ${r.attack.revertReason ?? ""}` : ""),
    ],
  ];
}

export function printSummary(r: RunResult, dir: string | null, measures: readonly Measure[] = MEASURES) {
  process.stdout.write(formatSummary(r, dir, measures));
}
