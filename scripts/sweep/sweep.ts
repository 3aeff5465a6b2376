/**
 * `npx hardhat sweep`: plans the runs (cells × seeds, each with its deterministic run id), skips those the sweep
 * folder's ledger already holds, runs the rest on the embedded pool or on a BullMQ queue, and writes runs.csv,
 * cells.csv, cells.json and report.html from the ledger. See docs/sweeps.md.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cellLabel, gridCells, parseSeeds, parseVary, type Cell, type VaryAxis } from "./grid";
import type { RunRecord, SweepJob } from "./job";
import { runPool, type PoolOptions } from "./pool";
import { renderSweepReport } from "./report";
import { resolveScenarioPath, runIdOf, runScenarioOf } from "./run-one";
import { RunLedger } from "./store";
import { cellStats, cellsCsv, runsCsv } from "./tables";

export interface SweepArgs {
  scenario: string;
  seeds: string;
  vary: string[];
  sets: string[];
  /** Embedded pool size; default one per core. */
  workers?: number;
  /** Sweep folder; default `out/sweeps/<scenario>-<hash of the sweep's definition>`. */
  out?: string;
  keepRuns: boolean;
  /** `redis://host:port`: run on BullMQ workers instead of the embedded pool. */
  queue?: string;
  /** No progress lines on stderr. */
  quiet?: boolean;
}

export interface SweepPlan {
  dir: string;
  scenarioFile: string;
  axes: VaryAxis[];
  cells: Cell[];
  seeds: string[];
  jobs: SweepJob[];
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");

/** Resolves every run's scenario up front (a bad field fails before anything runs) and names its id. */
export function planSweep(root: string, a: SweepArgs): SweepPlan {
  const scenarioFile = resolveScenarioPath(root, a.scenario);
  const axes = a.vary.map(parseVary);
  const cells = gridCells(axes);
  const seeds = parseSeeds(a.seeds);
  const definition = JSON.stringify({ scenario: a.scenario, sets: a.sets, axes, seeds: a.seeds });
  const hash = crypto.createHash("sha256").update(definition).digest("hex").slice(0, 10);
  const dir = path.resolve(a.out ?? path.join(root, "out", "sweeps", `${safe(path.basename(a.scenario))}-${hash}`));
  const jobs: SweepJob[] = [];
  for (const cell of cells) {
    for (const seed of seeds) {
      const runId = runIdOf(runScenarioOf(scenarioFile, a.sets, cell.overrides, seed));
      jobs.push({ scenario: a.scenario, sets: a.sets, cell, seed, runId, keepRunsIn: a.keepRuns ? dir : null });
    }
  }
  return { dir, scenarioFile, axes, cells, seeds, jobs };
}

/** timing.json: the last invocation, and the totals over every invocation on the folder. */
export interface SweepTiming {
  workers: number | null;
  queue: string | null;
  finished: number;
  seconds: number;
  runsPerMinute: number | null;
  totalFinished: number;
  totalSeconds: number;
  invocations: number;
}

export interface SweepOutcome {
  dir: string;
  planned: number;
  /** Runs found in the ledger before this invocation started. */
  resumed: number;
  finished: number;
  failed: { runId: string; message: string }[];
  seconds: number;
  interrupted: boolean;
}

/** `12m05s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, "0");
  return h ? `${h}h${String(m).padStart(2, "0")}m${r}s` : `${m}m${r}s`;
}

export async function runSweep(root: string, a: SweepArgs, hooks: Partial<PoolOptions> = {}): Promise<SweepOutcome> {
  const plan = planSweep(root, a);
  const ledger = new RunLedger(plan.dir);
  fs.writeFileSync(
    path.join(plan.dir, "sweep.json"),
    JSON.stringify(
      { scenario: a.scenario, sets: a.sets, vary: a.vary, seeds: a.seeds, runs: plan.jobs.length, cells: plan.cells },
      null,
      2,
    ) + "\n",
  );
  const todo = plan.jobs.filter((j) => !ledger.has(j.runId));
  const resumed = plan.jobs.length - todo.length;
  const failed: { runId: string; message: string }[] = [];
  const started = Date.now();
  let finished = 0;
  const log = (line: string) => !a.quiet && process.stderr.write(line + "\n");
  log(
    `sweep: ${plan.jobs.length} runs (${plan.cells.length} cells × ${plan.seeds.length} seeds) in ${plan.dir}` +
      (resumed ? `; ${resumed} already done` : ""),
  );
  const onDone = (r: RunRecord) => {
    if (!ledger.add(r)) return; // a retried job's second result
    finished += 1;
    const elapsed = (Date.now() - started) / 1000;
    const perMinute = (60 * finished) / elapsed;
    const left = todo.length - finished - failed.length;
    log(
      `sweep: ${resumed + finished}/${plan.jobs.length} done, ${perMinute.toFixed(1)} runs/min, ETA ${duration((60 * left) / perMinute)}` +
        ` (cell ${r.cell}, seed ${r.seed}, ${r.seconds.toFixed(1)} s${r.reusedPositions ? ", world and positions reused" : r.reusedWorld ? ", world reused" : ""})`,
    );
  };
  const onFailed = (job: SweepJob, message: string) => {
    failed.push({ runId: job.runId, message });
    log(`sweep: run ${job.runId} (${cellLabel(job.cell)}, seed ${job.seed}) FAILED: ${message.split("\n")[0]}`);
  };
  let interrupted = false;
  if (todo.length > 0) {
    if (a.queue) {
      const { runOnQueue } = await import("./distributed");
      const stop = { requested: false };
      const onSigint = () => (stop.requested = interrupted = true);
      process.once("SIGINT", onSigint);
      try {
        await runOnQueue(a.queue, todo, { onDone, onFailed, stop });
      } finally {
        process.removeListener("SIGINT", onSigint);
      }
    } else {
      const workers = Math.max(1, a.workers ?? os.availableParallelism());
      const pool = runPool(todo, { workers, root, onDone, onFailed, ...hooks });
      const onSigint = () => {
        interrupted = true;
        pool.stop();
      };
      process.once("SIGINT", onSigint);
      try {
        await pool.done;
      } finally {
        process.removeListener("SIGINT", onSigint);
      }
    }
  }
  await writeOutputs(plan, ledger, failed);
  const seconds = (Date.now() - started) / 1000;
  const workers = a.queue ? null : Math.max(1, a.workers ?? os.availableParallelism());
  const timingFile = path.join(plan.dir, "timing.json");
  const earlier = fs.existsSync(timingFile)
    ? (JSON.parse(fs.readFileSync(timingFile, "utf8")) as Partial<SweepTiming>)
    : {};
  const timing: SweepTiming = {
    workers,
    queue: a.queue ?? null,
    finished,
    seconds,
    runsPerMinute: finished ? (60 * finished) / seconds : null,
    // Over every invocation on this folder (a sweep resumed or widened in steps): runs and seconds spent running.
    totalFinished: (earlier.totalFinished ?? earlier.finished ?? 0) + finished,
    totalSeconds: (earlier.totalSeconds ?? earlier.seconds ?? 0) + seconds,
    invocations: (earlier.invocations ?? (earlier.seconds !== undefined ? 1 : 0)) + 1,
  };
  fs.writeFileSync(timingFile, JSON.stringify(timing, null, 2) + "\n");
  log(
    `sweep: ${finished} runs in ${duration(seconds)}` +
      (finished ? ` (${((60 * finished) / seconds).toFixed(1)} runs/min)` : "") +
      `, ${failed.length} failed${interrupted ? ", interrupted (rerun the same command to resume)" : ""}; ${plan.dir}`,
  );
  return { dir: plan.dir, planned: plan.jobs.length, resumed, finished, failed, seconds, interrupted };
}

/** Writes the tables and the report from the runs of the plan that the ledger holds. */
export async function writeOutputs(plan: SweepPlan, ledger: RunLedger, failed: { runId: string; message: string }[]) {
  const records = plan.jobs.map((j) => ledger.get(j.runId)).filter((r): r is RunRecord => r !== undefined);
  const fields = plan.axes.map((x) => x.field);
  const stats = cellStats(plan.cells, records);
  const write = (name: string, text: string) => fs.writeFileSync(path.join(plan.dir, name), text);
  write("runs.csv", runsCsv(fields, records));
  write("cells.csv", cellsCsv(fields, stats));
  write("cells.json", JSON.stringify(stats, null, 2) + "\n");
  if (failed.length) write("failed.json", JSON.stringify(failed, null, 2) + "\n");
  else fs.rmSync(path.join(plan.dir, "failed.json"), { force: true });
  write(
    "report.html",
    await renderSweepReport({
      title: `Cascade Lab sweep — ${path.basename(plan.scenarioFile, ".json")}`,
      scenario: path.basename(plan.scenarioFile),
      seeds: plan.seeds.length,
      axes: plan.axes,
      cells: plan.cells,
      stats,
      records,
      planned: plan.jobs.length,
      failed: failed.length,
    }),
  );
}
