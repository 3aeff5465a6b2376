/**
 * The outputs generated from a list of measures (default: the registry's `MEASURES`): the summary object, blocks.csv's
 * columns, the console rows and report.html's summary-table rows. Pure.
 */
import type { BlockRecord } from "../../sim/metrics";
import {
  REPORT_TABLES,
  type Cell,
  type ConsoleContext,
  type ConsoleRow,
  type Measure,
  type Records,
  type ReportCells,
  type ReportContext,
  type ReportTable,
} from "./types";

/** Names must be unique, and so must CSV headers. */
export function checkMeasures(measures: readonly Measure[]): void {
  const seen = new Set<string>();
  const headers = new Set<string>();
  for (const m of measures) {
    if (seen.has(m.name)) throw new RangeError(`measure "${m.name}" is defined twice`);
    seen.add(m.name);
    if (m.column) {
      if (headers.has(m.column.header)) throw new RangeError(`blocks.csv column "${m.column.header}" is defined twice`);
      headers.add(m.column.header);
    }
  }
}

/** Records with a per-summary cache for results several measures share. */
export function withCache(r: Omit<Records, "once">): Records {
  const cache = new Map<string, unknown>();
  return {
    ...r,
    once<T>(key: string, compute: () => T): T {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as T;
    },
  };
}

/**
 * The summary object: each computed measure's value at its dotted path, in list order (so an object's keys appear
 * in the order of their first measure); `undefined` values are left out.
 */
export function summaryOf(measures: readonly Measure[], records: Records): Record<string, unknown> {
  checkMeasures(measures);
  const out: Record<string, unknown> = {};
  for (const m of measures) {
    if (!m.compute) continue;
    const value = m.compute(records);
    if (value === undefined) continue;
    const parts = m.name.split(".");
    let at = out;
    for (const p of parts.slice(0, -1)) {
      if (typeof at[p] !== "object" || at[p] === null) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]] = value;
  }
  return out;
}

const byRank = <T extends { rank: number }>(a: T, b: T) => a.rank - b.rank;

/** blocks.csv's columns, by rank. */
export function blockColumnsOf(measures: readonly Measure[]): readonly [string, (b: BlockRecord) => Cell][] {
  return measures
    .flatMap((m) => (m.column ? [m.column] : []))
    .sort(byRank)
    .map((c) => [c.header, c.get] as [string, (b: BlockRecord) => Cell]);
}

/** A console row the run itself contributes (scenario line, wall time), placed among the measures' rows by rank. */
export interface RankedRows {
  rank: number;
  rows: (c: ConsoleContext) => ConsoleRow[];
}

/** The console's rows: the measures' and `extra` ones, by rank (stable: list order within a rank). */
export function consoleRowsOf(
  measures: readonly Measure[],
  c: ConsoleContext,
  extra: readonly RankedRows[] = [],
): ConsoleRow[] {
  const parts: RankedRows[] = [...measures.flatMap((m) => (m.console ? [m.console] : [])), ...extra];
  return parts.sort(byRank).flatMap((p) => p.rows(c));
}

/** Each summary table's rows (tables in `REPORT_TABLES` order), by rank within the table. */
export function reportTablesOf(
  measures: readonly Measure[],
  c: ReportContext,
): { id: ReportTable; caption: string; rows: ReportCells[] }[] {
  return (Object.keys(REPORT_TABLES) as ReportTable[]).map((id) => ({
    id,
    caption: REPORT_TABLES[id],
    rows: measures
      .flatMap((m) => (m.report && m.report.table === id ? [m.report] : []))
      .sort(byRank)
      .flatMap((r) => r.rows(c)),
  }));
}
