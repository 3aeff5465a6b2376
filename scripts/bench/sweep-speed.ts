/**
 * Sweep throughput (issue 18): `npx hardhat sweep` of the default preset on the embedded pool, at 1 and 2 workers,
 * each in its own process; runs a minute over the whole sweep (worker start-up included) from the sweep folder's
 * timing.json, and the speed-up from 1 to 2 workers.
 *   npx ts-node --transpile-only scripts/bench/sweep-speed.ts [runsPerWorker]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
/** Runs per worker in one measurement (the default preset: about a minute each on this machine). */
export const RUNS_PER_WORKER = 6;

export interface SweepSample {
  workers: number;
  runs: number;
  seconds: number;
  runsPerMinute: number;
  /** Runs that reverted to a world their worker had built (the rest deployed). */
  reusedWorlds: number;
  /** Peak resident memory of the sweep's largest process (a worker or the parent), MiB; absent in older results. */
  peakRssMb?: number;
}

export function measureSweep(workers: number, runsPerWorker = RUNS_PER_WORKER): SweepSample {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sweep-"));
  try {
    const runs = workers * runsPerWorker;
    const sweep = ["hardhat", "sweep", "--scenario", "default", "--seeds", `1-${runs}`, "--workers", String(workers)];
    // Under /usr/bin/time -v when present: its peak is the largest process of the tree (a worker or the parent).
    const time = fs.existsSync("/usr/bin/time");
    const r = spawnSync(time ? "/usr/bin/time" : "npx", [...(time ? ["-v", "npx"] : []), ...sweep, "--out", out], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "pipe"],
      encoding: "utf8",
    });
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
    process.stderr.write((r.stderr ?? "").replace(/\n\tCommand being timed[\s\S]*$/, "\n"));
    if (r.status !== 0) throw new Error(`sweep benchmark at ${workers} worker(s) failed`);
    const t = JSON.parse(fs.readFileSync(path.join(out, "timing.json"), "utf8")) as {
      finished: number;
      seconds: number;
    };
    const reusedWorlds = fs
      .readFileSync(path.join(out, "runs.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("{") && (JSON.parse(l) as { reusedWorld: boolean }).reusedWorld).length;
    return {
      workers,
      runs: t.finished,
      seconds: t.seconds,
      runsPerMinute: (60 * t.finished) / t.seconds,
      reusedWorlds,
      ...(rss ? { peakRssMb: Number(rss[1]) / 1024 } : {}),
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const per = Number(process.argv[2] ?? RUNS_PER_WORKER);
  const samples = [measureSweep(1, per), measureSweep(2, per)];
  for (const s of samples)
    process.stdout.write(
      `${s.workers} worker(s): ${s.runs} runs in ${s.seconds.toFixed(1)} s = ${s.runsPerMinute.toFixed(1)} runs/min\n`,
    );
  process.stdout.write(
    `speed-up 1 → 2 workers: ×${(samples[1].runsPerMinute / samples[0].runsPerMinute).toFixed(2)}\n`,
  );
}
