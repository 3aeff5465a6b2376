/**
 * `npx hardhat sweep` (many runs of a scenario: seeds × a grid of fields, on an embedded worker pool or a BullMQ
 * queue) and `npx hardhat sweep-worker` (runs a queue's jobs). Flags, outputs and statistics: docs/sweeps.md.
 */
import * as os from "node:os";
import { task, types } from "hardhat/config";
import { splitSets } from "./cascade";
import { userErrors } from "./cli-errors";

interface SweepTaskArgs {
  scenario: string;
  seeds: string;
  vary?: string;
  set: string;
  workers?: number;
  out?: string;
  keepRuns: boolean;
  queue?: string;
}

task("sweep", "Runs a scenario over a seed range and a grid of fields; writes distributions and a report")
  .addOptionalParam("scenario", "Preset name (scenarios/<name>.json) or path to a scenario JSON file", "default")
  .addOptionalParam("seeds", "Seeds: a range 1-200, a list 1,5,9, or both 1-10,42", "1-10")
  .addOptionalParam(
    "vary",
    "field=v1,v2,…: one axis of the grid (repeatable; or axes joined by ;)",
    undefined,
    types.string,
  )
  .addOptionalParam("set", "Overrides of every run, comma-separated (as cascade --set)", "")
  .addOptionalParam("workers", "Embedded worker processes (default: one per core)", undefined, types.int)
  .addOptionalParam("out", "Sweep folder (default out/sweeps/<scenario>-<hash of the sweep>)", undefined, types.string)
  .addFlag("keepRuns", "Also write each run's own outputs (runs/<runId>/)")
  .addOptionalParam("queue", "redis://host:port: enqueue on BullMQ for sweep-worker processes", undefined, types.string)
  .setAction(async (a: SweepTaskArgs, hre) => {
    await hre.run("compile", { quiet: true });
    const vary = varyAxes(a.vary);
    const { runSweep } = await import("../sweep/sweep");
    const outcome = await userErrors("sweep", () =>
      runSweep(hre.config.paths.root, {
        scenario: a.scenario,
        seeds: a.seeds,
        vary,
        sets: a.set ? splitSets(a.set) : [],
        workers: a.workers,
        out: a.out,
        keepRuns: a.keepRuns,
        queue: a.queue,
      }),
    );
    if (outcome.interrupted) process.exitCode = 130;
    else if (outcome.failed.length) process.exitCode = 1;
  });

/** The `--vary` axes: the JSON list `allowRepeatedFlags` makes of repeated flags, or one flag's `a=1,2;b=3,4`. */
export function varyAxes(raw: string | undefined): string[] {
  if (raw === undefined || raw === "") return [];
  if (raw.startsWith(REPEATED)) return JSON.parse(raw.slice(REPEATED.length)) as string[];
  return raw
    .split(";")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** Marks a `--vary` value that holds the JSON list of every repeated flag. */
const REPEATED = "\u0000repeated:";

/**
 * Hardhat 2 refuses a repeated flag. Before it parses the sweep's arguments, gather every `--vary <axis>` into one
 * value (a JSON list), so that `--vary a=1,2 --vary b=3,4` works as the issue writes it, and every `--set` into one
 * comma-separated list (`--set a=1 --set b=2` is `--set a=1,b=2`, the form docs/sweeps.md's generated commands
 * print). Other tasks are untouched.
 */
function allowRepeatedFlags() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ArgumentsParser } = require("hardhat/internal/cli/ArgumentsParser") as {
    ArgumentsParser: { prototype: { parseTaskArguments: (def: { name: string }, clas: string[]) => unknown } };
  };
  const original = ArgumentsParser.prototype.parseTaskArguments;
  ArgumentsParser.prototype.parseTaskArguments = function (def, clas) {
    if (def.name !== "sweep") return original.call(this, def, clas);
    return original.call(this, def, gatherRepeated(clas));
  };
}

/** The sweep's command-line arguments with every `--vary` in one (a JSON list) and every `--set` in one (joined). */
export function gatherRepeated(clas: readonly string[]): string[] {
  const axes: string[] = [];
  const sets: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < clas.length; i++) {
    if (clas[i] === "--vary" && i + 1 < clas.length) axes.push(clas[++i]);
    else if (clas[i] === "--set" && i + 1 < clas.length) sets.push(clas[++i]);
    else rest.push(clas[i]);
  }
  if (axes.length > 0) rest.push("--vary", REPEATED + JSON.stringify(axes));
  if (sets.length > 0) rest.push("--set", sets.join(","));
  return rest;
}
allowRepeatedFlags();

task("sweep-worker", "Runs sweep jobs from a BullMQ queue (start any number, on any machine)")
  .addParam("queue", "redis://host:port of the queue", undefined, types.string)
  .addOptionalParam(
    "lockSeconds",
    "Seconds a job's lock lasts unless renewed (a dead worker's job waits this long)",
    10,
    types.int,
  )
  .addOptionalParam("stalledSeconds", "Seconds between checks for stalled jobs", 5, types.int)
  .addOptionalParam("maxStalled", "Worker deaths a job may survive before it is failed", 2, types.int)
  .setAction(async (a: { queue: string; lockSeconds: number; stalledSeconds: number; maxStalled: number }, hre) => {
    await hre.run("compile", { quiet: true });
    const { startWorker } = await import("../sweep/distributed");
    const name = `${os.hostname()}/${process.pid}`;
    const worker = startWorker(
      hre,
      a.queue,
      {
        lockSeconds: a.lockSeconds,
        stalledSeconds: a.stalledSeconds,
        maxStalled: a.maxStalled,
        onStart: (job) => process.stdout.write(`sweep-worker ${name}: running ${job.runId}\n`),
      },
      name,
    );
    worker.on("completed", (job) => process.stdout.write(`sweep-worker ${name}: done ${job.id}\n`));
    worker.on("failed", (job, e) => process.stderr.write(`sweep-worker ${name}: ${job?.id} failed: ${e.message}\n`));
    process.stdout.write(`sweep-worker ${name}: waiting for jobs on ${a.queue}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void worker.close().then(resolve);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  });
