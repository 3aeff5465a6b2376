/**
 * Bench row: a two-chain world of 1,000 borrowers per chain x 300 ticks of the shared clock (300 blocks of B, 50 of
 * A), the shared-whale preset with the crash on A, in its own process (scripts/bench/chains-child.ts under
 * /usr/bin/time -v), so wall time and peak memory are that run's own. Used by scripts/bench/run.ts; runnable alone:
 *   npx ts-node --transpile-only scripts/bench/chains.ts [--borrowers 1000] [--blocks 300]
 *
 * Peak memory is the whole process tree's: every second the resident memory of every process under this one
 * (/usr/bin/time, npx, hardhat, the script's own node process) is summed from /proc, and the row reports the
 * largest sum; /usr/bin/time's figure (the largest single process) is kept beside it. The chains run in process
 * (no hardhat node children) without build-info decoding, with the network's allocator told to return freed pages
 * (SCAN_ALLOCATOR_ENV, scripts/bench/speed.ts).
 */
import * as fs from "node:fs";
import { runChild, SCAN_ALLOCATOR_ENV } from "./speed";
import { gb, TWO_GB_MB } from "./results";

/** Peak memory target of the row, MB. */
export const CHAINS_PEAK_TARGET_MB = TWO_GB_MB;

export interface ChainsSample {
  readonly preset: string;
  readonly borrowersPerChain: number;
  readonly ticks: number;
  readonly wallSeconds: number;
  readonly runWallSeconds: number;
  /** Largest sum of the resident memory of every process of the run's tree (sampled each second), MB. */
  readonly peakRssMb: number;
  /** /usr/bin/time -v's maximum resident set size: the largest single process of the tree, MB. */
  readonly peakProcessRssMb: number;
  readonly liquidations: { readonly A: number; readonly B: number };
  readonly firstLiquidationDelaySec: number | null;
  /** The run's own process: its largest resident memory sampled every 250 ms, and the phase it came after. */
  readonly peakInRun?: { readonly rssMb: number; readonly during: string };
  /** Resident memory and JS heap after each phase and every 50 ticks, MB. */
  readonly memory: readonly { at: string; seconds: number; rssMb: number; heapUsedMb: number }[];
}

/** Resident memory of every process under `root` (not `root` itself), summed, kB; 0 where /proc is absent. */
export function treeRssKb(root = process.pid): number {
  let dirs: string[];
  try {
    dirs = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const d of dirs) {
    try {
      const status = fs.readFileSync(`/proc/${d}/status`, "utf8");
      parent.set(Number(d), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      rss.set(Number(d), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 0; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  let kb = 0;
  for (const [pid, r] of rss) if (under(pid)) kb += r;
  return kb;
}

export async function measureChains(borrowers = 1000, blocks = 300): Promise<ChainsSample> {
  let peakTreeKb = 0;
  const started = Date.now();
  let ticks = 0;
  const timer = setInterval(() => {
    const kb = treeRssKb();
    peakTreeKb = Math.max(peakTreeKb, kb);
    // A long row: a line a minute, so a run stopped early still tells its peak so far.
    if (++ticks % 60 === 0) {
      const s = Math.round((Date.now() - started) / 1000);
      process.stderr.write(
        `two chains: ${s} s, process tree ${Math.round(kb / 1024)} MB (peak ${Math.round(peakTreeKb / 1024)} MB)\n`,
      );
    }
  }, 1000);
  let run: Awaited<ReturnType<typeof runChild>>;
  try {
    run = await runChild("scripts/bench/chains-child.ts", {
      CHAINS_BORROWERS: String(borrowers),
      CHAINS_BLOCKS: String(blocks),
      ...SCAN_ALLOCATOR_ENV,
    });
  } finally {
    clearInterval(timer);
  }
  const r = run.result as unknown as Omit<
    ChainsSample,
    "wallSeconds" | "runWallSeconds" | "peakRssMb" | "peakProcessRssMb"
  > & {
    wallSeconds: number;
  };
  return {
    preset: r.preset,
    borrowersPerChain: r.borrowersPerChain,
    ticks: r.ticks,
    wallSeconds: run.wallSeconds,
    runWallSeconds: r.wallSeconds,
    // Sampled each second, the tree's sum can miss a peak shorter than that: never report less than one process.
    peakRssMb: Math.max(peakTreeKb / 1024, run.peakRssMb),
    peakProcessRssMb: run.peakRssMb,
    liquidations: r.liquidations,
    firstLiquidationDelaySec: r.firstLiquidationDelaySec,
    memory: r.memory,
    peakInRun: (r as { peakSampled?: ChainsSample["peakInRun"] }).peakSampled,
  };
}

/** The row's markdown paragraph for docs/BENCHMARKS.md. */
export function renderChains(s: ChainsSample | undefined): string {
  if (!s) return "\nTwo chains (scripts/bench/chains.ts): not run (`--no-chains`).\n";
  const phases = s.memory.map((m) => `${m.at} ${gb(m.rssMb)}`).join(", ");
  return (
    `\nTwo chains (\`scripts/bench/chains.ts\`: \`chains/shared-whale\` with ${s.borrowersPerChain.toLocaleString("en-US")} ` +
    `borrowers per chain x ${s.ticks} ticks of the shared clock = ${s.ticks} blocks of B and ${Math.floor(s.ticks / 6)} of A, ` +
    `two in-process EDR chains, one process; alone: \`npm run bench -- --only chains\`): wall ${s.wallSeconds.toFixed(1)} s (run ${s.runWallSeconds.toFixed(1)} s), ` +
    `liquidations A ${s.liquidations.A} / B ${s.liquidations.B}, peak memory of the process tree ` +
    `${gb(s.peakRssMb)} GB` +
    (s.peakProcessRssMb === undefined ? "" : ` (largest process ${gb(s.peakProcessRssMb)} GB)`) +
    ` (resident GB of the run's process by phase: ${phases}).\n`
  );
}

async function main() {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const s = await measureChains(arg("--borrowers") ?? 1000, arg("--blocks") ?? 300);
  process.stdout.write(JSON.stringify(s, null, 2) + "\n");
  const met = s.peakRssMb < CHAINS_PEAK_TARGET_MB;
  process.stdout.write(
    `${met ? "met" : "**missed**"} two chains ${s.borrowersPerChain} borrowers per chain x ${s.ticks} ticks, peak memory ` +
      `of the process tree: ${gb(s.peakRssMb)} GB (< 2 GB)\n`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
