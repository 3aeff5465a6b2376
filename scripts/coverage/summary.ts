/**
 * Pure helpers of the coverage gate (scripts/coverage/run.ts): read istanbul's `coverage-summary.json`, build the
 * per-contract table and decide pass/fail against the thresholds: the whole protocol's, and the same thresholds for
 * each contract under the per-contract folders (`DEFAULT_PER_CONTRACT_UNDER`), so that a new, weakly tested contract
 * cannot hide behind the well-covered rest.
 */

/** One istanbul counter: covered of total, and the percentage istanbul computed (100 when total is 0). */
export interface Counter {
  total: number;
  covered: number;
  pct: number;
}

export interface FileSummary {
  lines: Counter;
  statements: Counter;
  functions: Counter;
  branches: Counter;
}

/** The shape of istanbul's json-summary report: "total" plus one entry per source file (absolute path). */
export type CoverageSummary = Record<string, FileSummary>;

export interface CoverageRow {
  /** Path under contracts/, e.g. "lending/LendingPool.sol"; "all files" for the total. */
  file: string;
  lines: Counter;
  statements: Counter;
  branches: Counter;
  functions: Counter;
}

/** Minimum percentages of the whole protocol (lines and branches), as issue 15 asks. */
export interface Thresholds {
  lines: number;
  branches: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { lines: 95, branches: 90 };

/**
 * Folders under contracts/ whose every contract must meet the thresholds on its own (issue 20: the derivatives
 * contracts). "*" stands for every contract.
 */
export const DEFAULT_PER_CONTRACT_UNDER: readonly string[] = ["derivatives"];

/** Percentage with two decimals, computed from the counts (istanbul rounds its own `pct` the same way). */
export function percent(c: Counter): number {
  return c.total === 0 ? 100 : Math.floor((c.covered * 10_000) / c.total) / 100;
}

/** Rows per contract, sorted by path, then the total; files outside `contracts/` (none expected) are kept as is. */
export function rows(summary: CoverageSummary): CoverageRow[] {
  // Files with nothing to cover (interfaces) are left out of the table; they count zero in the total anyway.
  const empty = (s: FileSummary) => s.lines.total + s.statements.total + s.branches.total + s.functions.total === 0;
  const files = Object.keys(summary)
    .filter((k) => k !== "total" && !empty(summary[k]))
    .map((k) => {
      const i = k.replace(/\\/g, "/").lastIndexOf("contracts/");
      return { key: k, file: i >= 0 ? k.slice(i + "contracts/".length) : k };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
  const row = (file: string, s: FileSummary): CoverageRow => ({
    file,
    lines: s.lines,
    statements: s.statements,
    branches: s.branches,
    functions: s.functions,
  });
  return [...files.map(({ key, file }) => row(file, summary[key])), row("all files", summary.total)];
}

/** The failures of the total against the thresholds, one message each; empty when the gate passes. */
export function failures(total: CoverageRow, t: Thresholds): string[] {
  const out: string[] = [];
  const lines = percent(total.lines);
  const branches = percent(total.branches);
  if (lines < t.lines) out.push(`lines ${lines}% < ${t.lines}%`);
  if (branches < t.branches) out.push(`branches ${branches}% < ${t.branches}%`);
  return out;
}

/** Whether `file` (a path under contracts/) is in one of the per-contract folders (`"*"`: every contract). */
export function underFloor(file: string, folders: readonly string[]): boolean {
  return folders.some((d) => d === "*" || file.startsWith(d.replace(/\/+$/, "") + "/"));
}

/**
 * The failures of each contract under `folders` against the thresholds, one message each ("<file>: lines 80% <
 * 95%"); the total row is never one of them. Empty when every such contract meets both.
 */
export function perContractFailures(list: CoverageRow[], folders: readonly string[], t: Thresholds): string[] {
  return list
    .filter((r) => r.file !== "all files" && underFloor(r.file, folders))
    .flatMap((r) => failures(r, t).map((m) => `${r.file}: ${m}`));
}

/** The per-contract rule in words, for the log and docs/COVERAGE.md: "each contract under `contracts/x/` on its own". */
export function perContractScope(folders: readonly string[]): string {
  if (folders.includes("*")) return "each contract on its own";
  const list = folders.map((d) => `\`contracts/${d.replace(/\/+$/, "")}/\``).join(", ");
  return `each contract under ${list} on its own`;
}

const cell = (c: Counter) => `${percent(c).toFixed(2)}% (${c.covered}/${c.total})`;

/** A Markdown table: one row per contract, the total last in bold. */
export function markdownTable(list: CoverageRow[]): string {
  const head = "| contract | lines | statements | branches | functions |\n|---|---|---|---|---|";
  const body = list.map((r) => {
    const name = r.file === "all files" ? "**all files**" : `\`${r.file}\``;
    return `| ${name} | ${cell(r.lines)} | ${cell(r.statements)} | ${cell(r.branches)} | ${cell(r.functions)} |`;
  });
  return [head, ...body].join("\n");
}

/** A plain-text table for the CI log. */
export function textTable(list: CoverageRow[]): string {
  const width = Math.max(...list.map((r) => r.file.length), 8);
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (c: Counter) => `${percent(c).toFixed(2)}%`.padStart(8);
  const head = `${pad("contract", width)}    lines    stmts branches    funcs`;
  return [
    head,
    ...list.map(
      (r) => `${pad(r.file, width)} ${num(r.lines)} ${num(r.statements)} ${num(r.branches)} ${num(r.functions)}`,
    ),
  ].join("\n");
}
