/**
 * The sweep's tables: runs.csv (one row per run, in plan order: cell, then seed), and per cell the distribution of
 * every measure with the risk figures (cells.csv, cells.json). Definitions in docs/sweeps.md.
 */
import type { RunRecord } from "./job";
import { MEASURES, type MeasureKey } from "./measures";
import { cellLabel, type Cell } from "./grid";
import { describe, expectedShortfall, probabilityPositive, quantile, type Distribution } from "./stats";

/** Quantile levels of the risk figures. */
const VAR_LEVEL = 0.95;
const EVAR_LEVEL = 0.99;

export interface CellRisk {
  /** 95th percentile of bad debt across the cell's seeds (Gauntlet's VaR, Chaos Labs' VaR), debt tokens. */
  VaR95: number | null;
  /** 99th percentile of bad debt (Chaos Labs' EVaR), debt tokens. */
  VaR99: number | null;
  /** Mean bad debt of the runs at or beyond VaR95 (expected shortfall), debt tokens. */
  ES95: number | null;
  /** 95th percentile of the debt liquidated (Gauntlet's Liquidations at Risk), debt tokens. */
  LaR95: number | null;
  /** Share of runs with any bad debt. */
  pBadDebt: number | null;
}

export interface CellStats {
  index: number;
  label: string;
  params: Record<string, string>;
  runs: number;
  risk: CellRisk;
  measures: Record<MeasureKey, Distribution>;
}

const sortedOf = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null).sort((a, b) => a - b);

export function cellStats(cells: readonly Cell[], records: readonly RunRecord[]): CellStats[] {
  return cells.map((cell) => {
    const rs = records.filter((r) => r.cell === cell.index);
    const values = (k: MeasureKey) => rs.map((r) => r.measures[k]);
    const badDebt = sortedOf(values("badDebt"));
    return {
      index: cell.index,
      label: cellLabel(cell),
      params: cell.params,
      runs: rs.length,
      risk: {
        VaR95: quantile(badDebt, VAR_LEVEL),
        VaR99: quantile(badDebt, EVAR_LEVEL),
        ES95: expectedShortfall(badDebt, VAR_LEVEL),
        LaR95: quantile(sortedOf(values("debtLiquidated")), VAR_LEVEL),
        pBadDebt: probabilityPositive(values("badDebt")),
      },
      measures: Object.fromEntries(MEASURES.map((m) => [m.key, describe(values(m.key))])) as Record<
        MeasureKey,
        Distribution
      >,
    };
  });
}

const cellText = (v: string | number | null | undefined) => {
  if (v === null || v === undefined) return "";
  const t = String(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
const row = (xs: (string | number | null | undefined)[]) => xs.map(cellText).join(",");

/** runs.csv: deterministic (plan order, no timings), whichever workers ran the runs and in whatever order. */
export function runsCsv(fields: readonly string[], ordered: readonly RunRecord[]): string {
  const head = ["runId", "cell", ...fields, "seed", ...MEASURES.map((m) => m.key)];
  const lines = ordered.map((r) =>
    row([r.runId, r.cell, ...fields.map((f) => r.params[f]), r.seed, ...MEASURES.map((m) => r.measures[m.key])]),
  );
  return [row(head), ...lines].join("\n") + "\n";
}

const STAT_COLUMNS = ["mean", "p5", "p50", "p95", "p99"] as const;
const RISK_COLUMNS = ["pBadDebt", "VaR95", "VaR99", "ES95", "LaR95"] as const;

export function cellsCsv(fields: readonly string[], stats: readonly CellStats[]): string {
  const head = [
    "cell",
    ...fields,
    "runs",
    ...RISK_COLUMNS,
    ...MEASURES.flatMap((m) => STAT_COLUMNS.map((c) => `${m.key}.${c}`)),
  ];
  const lines = stats.map((c) =>
    row([
      c.index,
      ...fields.map((f) => c.params[f]),
      c.runs,
      ...RISK_COLUMNS.map((k) => c.risk[k]),
      ...MEASURES.flatMap((m) => STAT_COLUMNS.map((k) => c.measures[m.key][k])),
    ]),
  );
  return [row(head), ...lines].join("\n") + "\n";
}
