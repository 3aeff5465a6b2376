/**
 * Writes a run's files into a temporary directory beside the target, then renames it to
 * `out/<scenario>-<seed>-<timestamp>/` in one step: a failed run leaves no partial directory and never touches
 * other runs. `generatedAt` in summary.json (and the report's header) is the only non-deterministic content.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Scenario } from "../sim/scenario";
import { toJson, type BlockRecord, type LiquidationRecord, type PositionRecord, type RunSummary } from "../sim/metrics";
import { runCharts } from "./charts";
import { blocksCsv, liquidationsCsv, positionsCsv } from "./csv";
import { renderReport } from "./html";
import { atRiskCsv, systemicCsv } from "./system-csv";
import { MEASURES, type Measure } from "../measures/registry";
import { parseRun } from "./run-data";

export interface RunOutput {
  scenario: Scenario;
  summary: RunSummary;
  blocks: readonly BlockRecord[];
  liquidations: readonly LiquidationRecord[];
  /** Every position at the start and the end (positions.csv); absent = no positions.csv. */
  positions?: readonly PositionRecord[];
}

export interface RunFile {
  name: string;
  /** Text, or a function producing it (called while writing; a throw aborts the run cleanly). */
  content: string | (() => string);
}

export interface WriteRunOptions {
  outDir: string;
  /** Clock for the directory name and `generatedAt`; defaults to now. */
  now?: Date;
  /** More files to write into the run directory. */
  extraFiles?: readonly RunFile[];
  /** The measures blocks.csv and report.html are generated from (default: the registry, scripts/measures/registry). */
  measures?: readonly Measure[];
}

/** `2024-05-01T12:30:05.123Z` → `20240501T123005123Z` (sortable, safe in file names). */
export const compactTimestamp = (d: Date) => d.toISOString().replace(/[-:.]/g, "");

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");

export function runDirName(scenario: string, seed: string, now: Date): string {
  return `${safeName(scenario)}-${safeName(seed)}-${compactTimestamp(now)}`;
}

/** The data files of a run, in write order (the charts and report.html are drawn from these: `reportFiles`). */
export function runFiles(run: RunOutput, generatedAt: string, measures: readonly Measure[] = MEASURES): RunFile[] {
  const { scenario } = run;
  const summaryJson = { generatedAt, scenario: scenario.name, seed: scenario.seed, ...run.summary };
  return [
    { name: "scenario.json", content: toJson(scenario) },
    { name: "summary.json", content: toJson(summaryJson) },
    { name: "blocks.csv", content: () => blocksCsv(run.blocks, measures) },
    { name: "liquidations.csv", content: () => liquidationsCsv(run.liquidations) },
    ...(run.positions ? [{ name: "positions.csv", content: () => positionsCsv(run.positions!) }] : []),
    ...systemFiles(run),
  ];
}

/** A world of more than one market: systemic.csv (per-market block records) and collateral-at-risk.csv. */
function systemFiles(run: RunOutput): RunFile[] {
  const files: RunFile[] = [];
  if (run.blocks.some((b) => b.markets)) {
    files.push({ name: "systemic.csv", content: () => systemicCsv(run.blocks, run.liquidations) });
  }
  if (run.summary.system?.atRisk.length) {
    files.push({ name: "collateral-at-risk.csv", content: () => atRiskCsv(run.summary.system!) });
  }
  return files;
}

/**
 * The chart SVGs and report.html, drawn from the run's files as written (`texts`: name → text, extra files
 * included): the report reads what the run folder holds, as the dashboard does.
 */
/** What `reportFiles` draws beside the data files, as named in a message about a run that was not written. */
export const DRAWN_FILES = ["charts (*.svg)", "report.html"] as const;

export function reportFiles(
  dirName: string,
  texts: ReadonlyMap<string, string>,
  generatedAt: string,
  measures: readonly Measure[] = MEASURES,
): RunFile[] {
  const data = new Map([...texts].filter(([name]) => /\.(json|csv)$/.test(name)));
  const run = parseRun(dirName, data);
  const charts = runCharts(run);
  const chartFiles = charts.filter((c) => c.file !== "").map((c) => ({ name: c.file, content: c.svg }));
  const files = [...new Set([...texts.keys(), ...chartFiles.map((c) => c.name), "report.html"])].sort();
  return [
    ...chartFiles,
    { name: "report.html", content: () => renderReport({ run: { ...run, files }, charts, generatedAt, measures }) },
  ];
}

/** Writes the run and returns its directory. Throws (leaving nothing behind) if any file fails. */
export function writeRun(run: RunOutput, options: WriteRunOptions): string {
  const now = options.now ?? new Date();
  fs.mkdirSync(options.outDir, { recursive: true });
  const finalDir = path.join(options.outDir, runDirName(run.scenario.name, run.scenario.seed, now));
  if (fs.existsSync(finalDir)) throw new Error(`run directory already exists: ${finalDir}`);
  // Same parent as the target, so the rename is atomic (same file system); the dot keeps it out of listings.
  const tmpDir = fs.mkdtempSync(path.join(options.outDir, `.tmp-${path.basename(finalDir)}-`));
  try {
    const write = (file: RunFile) => {
      const text = typeof file.content === "function" ? file.content() : file.content;
      fs.writeFileSync(path.join(tmpDir, file.name), text);
      return text;
    };
    const texts = new Map<string, string>();
    for (const file of [...runFiles(run, now.toISOString(), options.measures), ...(options.extraFiles ?? [])]) {
      texts.set(file.name, write(file));
    }
    for (const file of reportFiles(path.basename(finalDir), texts, now.toISOString(), options.measures)) write(file);
    fs.renameSync(tmpDir, finalDir);
  } catch (e) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  }
  return finalDir;
}
