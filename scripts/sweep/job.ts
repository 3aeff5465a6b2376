/**
 * One run of a sweep as a job any worker can execute (an embedded child process or a BullMQ `sweep-worker`): the
 * job names the scenario and its overrides, the worker resolves them in its own checkout, checks that it arrives at
 * the run id the sweep planned (same code, same scenario files), runs it and returns the run's record.
 */
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { resolveScenarioPath, runIdOf, runOne, runScenarioOf, type WorldReuse } from "./run-one";
import type { Measures } from "./measures";
import type { ReadMemo } from "./read-cache";

export interface SweepJob {
  /** Preset name or scenario file, as given to `sweep --scenario`. */
  scenario: string;
  /** The sweep's `--set` overrides (every cell). */
  sets: string[];
  cell: { index: number; params: Record<string, string>; overrides: string[] };
  seed: string;
  /** The id the sweep computed; a worker whose code or files resolve the run differently refuses it. */
  runId: string;
  /** With `--keep-runs`: the sweep folder (the run's outputs go to `<dir>/runs/<runId>/`); else null. */
  keepRunsIn: string | null;
}

export interface RunRecord {
  runId: string;
  cell: number;
  params: Record<string, string>;
  seed: string;
  measures: Measures;
  /** Wall-clock seconds of the run inside its worker. */
  seconds: number;
  /** Whether the run reverted to a world an earlier run of the same worker had built. */
  reusedWorld: boolean;
  /** Whether it also reverted to that world's opened positions (same population: a fixed `borrowers.seed`). */
  reusedPositions: boolean;
  /** Reads its worker answered from the memo of repeated reads (scripts/sweep/read-cache.ts); 0 without one. */
  memoReads: number;
  worker: string;
}

export async function executeJob(
  hre: HardhatRuntimeEnvironment,
  job: SweepJob,
  reuse: WorldReuse | undefined,
  worker: string,
  memo?: ReadMemo,
): Promise<RunRecord> {
  const started = Date.now();
  const file = resolveScenarioPath(hre.config.paths.root, job.scenario);
  const scenario = runScenarioOf(file, job.sets, job.cell.overrides, job.seed);
  const runId = runIdOf(scenario);
  if (runId !== job.runId) {
    throw new Error(`run ${job.runId}: this worker resolves it to ${runId} (different code or scenario files)`);
  }
  const before = reuse?.reused ?? 0;
  const beforeOpen = reuse?.reusedOpen ?? 0;
  const hitsBefore = memo?.hits ?? 0;
  const keepRunsDir = job.keepRunsIn ? path.join(job.keepRunsIn, "runs", runId) : undefined;
  const run = await runOne(hre, scenario, file, { reuse, keepRunsDir });
  return {
    runId,
    cell: job.cell.index,
    params: job.cell.params,
    seed: job.seed,
    measures: run.measures,
    seconds: (Date.now() - started) / 1000,
    reusedWorld: (reuse?.reused ?? 0) > before,
    reusedPositions: (reuse?.reusedOpen ?? 0) > beforeOpen,
    memoReads: (memo?.hits ?? 0) - hitsBefore,
    worker,
  };
}
