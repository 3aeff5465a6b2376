/** Per-block series of blocks.csv that no summary value sums up (every column with its unit: docs/engine.md#outputs). */
import { HEALTH_BUCKET_LABELS } from "./health-buckets";
import type { Measure } from "./types";

const flag = (x: boolean | undefined) => (x === undefined ? null : x ? 1 : 0);

export const BLOCK_SERIES: readonly Measure[] = [
  {
    name: "block",
    unit: "block index",
    description: "Simulated block, 0-based.",
    column: { header: "block", rank: 10, get: (b) => b.block },
  },
  {
    name: "timestamp",
    unit: "unix seconds",
    description: "Block timestamp.",
    column: { header: "timestamp", rank: 20, get: (b) => b.timestamp },
  },
  ...HEALTH_BUCKET_LABELS.map(
    (label, i): Measure => ({
      name: `at_risk_${label.replace("<", "_lt_")}`,
      unit: "count",
      description: `Open positions with health below ${label.slice(3)} at the end of the block.`,
      column: { header: `at_risk_${label.replace("<", "_lt_")}`, rank: 190 + i, get: (b) => b.positionsAtRisk[i] },
    }),
  ),
  {
    name: "breaker_tripped",
    unit: "flag (1/0)",
    description: "Whether the circuit breaker is tripped at the end of the block (empty without a breaker).",
    column: { header: "breaker_tripped", rank: 200, get: (b) => flag(b.breakerTripped) },
  },
  {
    name: "liquidation_threshold",
    unit: "ratio",
    description: "The market's liquidation threshold at the end of the block.",
    column: { header: "liquidation_threshold", rank: 210, get: (b) => b.liquidationThreshold },
  },
  {
    name: "ltv",
    unit: "ratio",
    description: "Loan-to-value in force for new borrowing at the end of the block.",
    column: { header: "ltv", rank: 220, get: (b) => b.ltv },
  },
  {
    name: "oracle_stale",
    unit: "flag (1/0)",
    description: "Whether the answer the market read at the start of the block was older than maxPriceAge.",
    column: { header: "oracle_stale", rank: 230, get: (b) => flag(b.oracleStale) },
  },
];
