/**
 * The folder the dashboard serves: its run folders (summary.json + scenario.json) and sweep folders (cells.json
 * and/or runs.csv), re-read when a folder's modification time changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isRunDir, readRunDir, type RunData } from "../report/run-data";
import { parseCells, type SweepCell } from "./measures";

export interface Sweep {
  name: string;
  /** Per-cell percentiles from cells.json; null when the sweep has none (yet). */
  cells: SweepCell[] | null;
  files: string[];
}

export interface Folder {
  dir: string;
  runs: RunData[];
  sweeps: Sweep[];
  /** Folders that could not be read, with the reason (shown, not fatal). */
  problems: string[];
}

const cache = new Map<string, { mtimeMs: number; run: RunData }>();

function subdirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
}

const isSweepDir = (full: string) =>
  fs.existsSync(path.join(full, "cells.json")) || fs.existsSync(path.join(full, "runs.csv"));

export function readFolder(dir: string): Folder {
  const runs: RunData[] = [];
  const sweeps: Sweep[] = [];
  const problems: string[] = [];
  // Sweeps may sit one level down (`npx hardhat sweep` writes out/sweeps/<name>/ by default).
  const nested = subdirs(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return isRunDir(full) || isSweepDir(full) ? [name] : [name, ...subdirs(full).map((c) => `${name}/${c}`)];
  });
  for (const name of nested) {
    const full = path.join(dir, name);
    if (name.includes("/") && !isSweepDir(full)) continue;
    try {
      if (isRunDir(full)) {
        const mtimeMs = fs.statSync(full).mtimeMs;
        const hit = cache.get(full);
        const run = hit && hit.mtimeMs === mtimeMs ? hit.run : readRunDir(full);
        cache.set(full, { mtimeMs, run });
        runs.push(run);
      } else if (isSweepDir(full)) {
        const cellsFile = path.join(full, "cells.json");
        sweeps.push({
          name,
          cells: fs.existsSync(cellsFile) ? parseCells(fs.readFileSync(cellsFile, "utf8")) : null,
          files: fs.readdirSync(full).sort(),
        });
      }
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  return { dir, runs, sweeps, problems };
}
