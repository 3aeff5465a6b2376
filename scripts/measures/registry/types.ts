/**
 * A measure, defined once: its name (its path in summary.json), unit, description, how it is computed from the run's
 * records, and how it shows — a blocks.csv column, console rows, report.html rows. Every output is generated from
 * the list in `./index.ts` (docs/measures.md: "Adding a measure").
 */
import type { BlockRecord, LiquidationRecord, PositionTiming, RunSummary } from "../../sim/metrics";
import type { RunResult } from "../../sim/engine/types";
import type { RunData } from "../../report/run-data";
import type { RunFormat } from "../../report/run-format";
import type { SystemInput } from "../system-run";

/** Units a measure is stated in (docs/measures.md lists them). */
export type Unit =
  | "blocks"
  | "block index"
  | "unix seconds"
  | "count"
  | "ratio"
  | "percent"
  | "debt base units"
  | "collateral base units"
  | "debt per collateral"
  | "gas"
  | "flag (1/0)"
  | "mixed (object)";

/** Everything the summary is computed from. */
export interface Records {
  blocks: readonly BlockRecord[];
  liquidations: readonly LiquidationRecord[];
  timings: readonly PositionTiming[];
  /** From the engine's end-of-run exposure (open positions under water at the last external price). */
  underwaterAtEnd: RunSummary["underwaterAtEnd"];
  decimals: { collateral: number; debt: number };
  /** A world of more than one market or asset: what the system measures read beside the records (else absent). */
  system?: SystemInput;
  /** Results shared by several measures, computed once per summary (`once(key, compute)`). */
  once<T>(key: string, compute: () => T): T;
}

export type Cell = string | number | bigint | null | undefined;

/** The console's number formats, bound to the run's tokens. */
export interface ConsoleContext {
  r: RunResult;
  s: RunSummary;
  money: (v: bigint) => string;
  pct: (x: number | null) => string;
}

export type ConsoleRow = [label: string, value: string];

/** The summary tables of report.html (in this order). */
export const REPORT_TABLES = {
  market: "Market move",
  liquidations: "Liquidations",
  losses: "Losses",
  keepers: "Keepers (all together)",
} as const;
export type ReportTable = keyof typeof REPORT_TABLES;

/** A report row: label, formatted value, note. */
export type ReportCells = readonly [label: string, value: string, note?: string];

export interface ReportContext {
  run: RunData;
  s: RunData["summary"];
  f: RunFormat;
}

export interface Measure {
  /** Unique; the value's path in summary.json when `compute` is given (`liquidations.count`). */
  name: string;
  unit: Unit;
  /** One sentence: what it measures (docs/measures.md's table is checked against these). */
  description: string;
  /**
   * The value in summary.json, from the records (`undefined` leaves the key out). Absent: the engine or an agent
   * sets it after the summary (`baseline`, `isolation`); the measure still owns its rows.
   */
  compute?: (r: Records) => unknown;
  /** A blocks.csv column: `rank` orders the columns (lowest first). */
  column?: { header: string; rank: number; get: (b: BlockRecord) => Cell };
  /** Console rows (`npx hardhat cascade`): `rank` orders rows among measures and the run's own rows. */
  console?: { rank: number; rows: (c: ConsoleContext) => ConsoleRow[] };
  /** Rows of one of report.html's summary tables, ordered by `rank` within the table. */
  report?: { table: ReportTable; rank: number; rows: (c: ReportContext) => ReportCells[] };
}
