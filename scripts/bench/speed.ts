/**
 * Simulation-speed benchmark: each size runs in its own process (`scripts/bench/sim-child.ts` under
 * `/usr/bin/time -v`), so wall time includes start-up and peak memory is that process's own; then the RiskLens
 * keeper scan (`scripts/bench/lens-scan.ts`). Used by `scripts/bench/run.ts`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";

export interface SimSample {
  borrowers: number;
  blocks: number;
  wallSeconds: number;
  setupSeconds: number;
  openSeconds: number;
  runSeconds: number;
  transactions: number;
  /** Liquidations in the run (fixed-bonus and auction takes): a cascade happened, not an idle world. */
  liquidations: number;
  /** Block-loop milliseconds per liquidation (null without one): the cost of the cascade itself. */
  msPerLiquidation: number | null;
  txPerSecond: number;
  blocksPerSecond: number;
  peakRssMb: number;
  /** Block-loop milliseconds: mining (EVM execution of the block), agents (off-chain work and their RPC calls),
   * engine (reading receipts and refreshing the observed state). */
  split: { mineMs: number; agentsMs: number; engineMs: number; byPhase: Record<string, number> };
}

export interface ScanSample {
  positions: number;
  /** Positions per eth_call of the timed scans (absent in older results: one call of all of them). */
  callPositions?: number;
  liquidatableFound: number;
  liquidatable: { medianMs: number; bestMs: number };
  healthFactors: { medianMs: number; bestMs: number };
  rawPositions: { medianMs: number; bestMs: number };
  /** The engine's own scan: Observer.view over the event-fed position mirror plus one batched preview. */
  engineScan?: { medianMs: number; bestMs: number };
  gas: number;
  /**
   * `RiskLens.liquidatable` over all the positions at several call sizes: median ms of the whole scan and the largest
   * growth of resident memory over one scan (before its collection), MB. Absent in older results.
   */
  callSizes?: { callPositions: number; medianMs: number; growthMb: number }[];
  peakRssMb: number;
  /** The scan process's own peak resident memory (process.resourceUsage), MB; absent in older results. */
  ownPeakRssMb?: number;
}

interface ChildRun {
  wallSeconds: number;
  peakRssMb: number;
  result: Record<string, unknown>;
  stderr: string;
}

/** Runs `npx hardhat run <script>` under /usr/bin/time -v (when present) and reads its BENCH_RESULT line. */
export function runChild(script: string, env: Record<string, string>): Promise<ChildRun> {
  const time = fs.existsSync("/usr/bin/time");
  const cmd = time ? "/usr/bin/time" : "npx";
  const args = time ? ["-v", "npx", "hardhat", "run", script] : ["hardhat", "run", script];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (code !== 0 || !line) {
        reject(new Error(`${script} failed (exit ${code}):\n${stderr.slice(-3000)}`));
        return;
      }
      const result = JSON.parse(line.slice("BENCH_RESULT ".length)) as Record<string, unknown>;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const kb = rss ? Number(rss[1]) : Number(result.maxRssKb ?? 0);
      resolve({ wallSeconds, peakRssMb: kb / 1024, result, stderr });
    });
  });
}

/** The engine's CASCADE_PROFILE line: `profile (ms): {...}`. */
export function parseProfile(stderr: string): Record<string, number> {
  const m = /profile \(ms\): (\{.*\})/.exec(stderr);
  return m ? (JSON.parse(m[1]) as Record<string, number>) : {};
}

export function splitProfile(profile: Record<string, number>): SimSample["split"] {
  let mineMs = 0;
  let agentsMs = 0;
  let engineMs = 0;
  for (const [phase, ms] of Object.entries(profile)) {
    if (phase === "mine") mineMs += ms;
    else if (phase === "receipts" || phase === "record" || phase === "gc") engineMs += ms;
    else agentsMs += ms;
  }
  return { mineMs, agentsMs, engineMs, byPhase: profile };
}

export async function measureSim(borrowers: number, blocks: number, topology = "default"): Promise<SimSample> {
  const run = await runChild("scripts/bench/sim-child.ts", {
    BENCH_BORROWERS: String(borrowers),
    BENCH_BLOCKS: String(blocks),
    BENCH_TOPOLOGY: topology,
    CASCADE_PROFILE: "1",
  });
  const r = run.result as {
    setupSeconds: number;
    runSeconds: number;
    openSeconds: number;
    transactions: number;
    liquidations: number;
  };
  return {
    borrowers,
    blocks,
    wallSeconds: run.wallSeconds,
    setupSeconds: r.setupSeconds,
    openSeconds: r.openSeconds,
    runSeconds: r.runSeconds,
    transactions: r.transactions,
    liquidations: r.liquidations,
    msPerLiquidation: r.liquidations > 0 ? (1000 * r.runSeconds) / r.liquidations : null,
    txPerSecond: r.transactions / r.runSeconds,
    blocksPerSecond: blocks / r.runSeconds,
    peakRssMb: run.peakRssMb,
    split: splitProfile(parseProfile(run.stderr)),
  };
}

/** Borrowers of the bench's system row: three markets, three assets and a fund (`scaledSystem` in sim-child.ts). */
export const SYSTEM_BORROWERS = 3000;

/** The system row: scenarios/system/fund-three-markets.json scaled to `SYSTEM_BORROWERS`, in its own process. */
export async function measureSystem(blocks = 300): Promise<SimSample> {
  process.stderr.write(`simulation: 3 markets x 3 assets, ${SYSTEM_BORROWERS} borrowers x ${blocks} blocks…\n`);
  const sample = await measureSim(SYSTEM_BORROWERS, blocks, "system");
  process.stderr.write(`  ${sample.liquidations} liquidations, block loop ${sample.runSeconds.toFixed(1)} s\n`);
  return sample;
}

/**
 * The network (EDR) allocates with mimalloc, which keeps freed pages of each thread's heap resident. These settings
 * purge freed pages at once and run the network's async work on one thread; the two-chain row runs with them
 * (scripts/bench/chains.ts). The keeper scan no longer does: with them each of its calls took about ten times as long
 * (a 1,000-position scan in calls of 100: 2.7 s against 0.39 s), and in calls of a few hundred positions its memory
 * stays low without them.
 */
export const SCAN_ALLOCATOR_ENV: Record<string, string> = {
  MIMALLOC_PURGE_DELAY: "0",
  MIMALLOC_PURGE_DECOMMITS: "1",
  MIMALLOC_ARENA_PURGE_MULT: "0",
  MIMALLOC_ABANDONED_PAGE_PURGE: "1",
  MIMALLOC_EAGER_COMMIT: "0",
  MIMALLOC_ARENA_EAGER_COMMIT: "0",
  TOKIO_WORKER_THREADS: "1",
};

export async function measureScan(positions = 1000): Promise<ScanSample> {
  const run = await runChild("scripts/bench/lens-scan.ts", {
    BENCH_SCAN_BORROWERS: String(positions),
  });
  const { maxRssKb, ...result } = run.result as Omit<ScanSample, "peakRssMb"> & { maxRssKb?: number };
  return {
    ...result,
    peakRssMb: run.peakRssMb,
    ownPeakRssMb: maxRssKb === undefined ? undefined : maxRssKb / 1024,
  };
}

/** What the machine was doing: other load skews wall times on a 2-core box. */
export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    platform: `${os.type()} ${os.release()}`,
  };
}
