/**
 * Bench row: a two-chain world of 1,000 borrowers per chain x 300 ticks of the shared clock (300 blocks of B, 50 of
 * A), the shared-whale preset with the crash on A, in its own process (scripts/bench/chains-child.ts under
 * /usr/bin/time -v), so wall time and peak memory are that run's own. Used by scripts/bench/run.ts; runnable alone:
 *   npx ts-node --transpile-only scripts/bench/chains.ts [--borrowers 1000] [--blocks 300]
 */
import { runChild } from "./speed";

/** Peak memory target of the row, MB. */
export const CHAINS_PEAK_TARGET_MB = 2048;

export interface ChainsSample {
  readonly preset: string;
  readonly borrowersPerChain: number;
  readonly ticks: number;
  readonly wallSeconds: number;
  readonly runWallSeconds: number;
  readonly peakRssMb: number;
  readonly liquidations: { readonly A: number; readonly B: number };
  readonly firstLiquidationDelaySec: number | null;
  /** Resident memory and JS heap after each phase and every 50 ticks, MB. */
  readonly memory: readonly { at: string; seconds: number; rssMb: number; heapUsedMb: number }[];
}

export async function measureChains(borrowers = 1000, blocks = 300): Promise<ChainsSample> {
  const run = await runChild("scripts/bench/chains-child.ts", {
    CHAINS_BORROWERS: String(borrowers),
    CHAINS_BLOCKS: String(blocks),
  });
  const r = run.result as unknown as Omit<ChainsSample, "wallSeconds" | "runWallSeconds" | "peakRssMb"> & {
    wallSeconds: number;
  };
  return {
    preset: r.preset,
    borrowersPerChain: r.borrowersPerChain,
    ticks: r.ticks,
    wallSeconds: run.wallSeconds,
    runWallSeconds: r.wallSeconds,
    peakRssMb: run.peakRssMb,
    liquidations: r.liquidations,
    firstLiquidationDelaySec: r.firstLiquidationDelaySec,
    memory: r.memory,
  };
}

/** The row's markdown paragraph for docs/BENCHMARKS.md. */
export function renderChains(s: ChainsSample | undefined): string {
  if (!s) return "\nTwo chains (scripts/bench/chains.ts): not run (`--no-chains`).\n";
  const phases = s.memory.map((m) => `${m.at} ${(m.rssMb / 1024).toFixed(2)}`).join(", ");
  return (
    `\nTwo chains (\`scripts/bench/chains.ts\`: \`chains/shared-whale\` with ${s.borrowersPerChain.toLocaleString("en-US")} ` +
    `borrowers per chain x ${s.ticks} ticks of the shared clock = ${s.ticks} blocks of B and ${Math.floor(s.ticks / 6)} of A, ` +
    `two in-process EDR chains, one process): wall ${s.wallSeconds.toFixed(1)} s (run ${s.runWallSeconds.toFixed(1)} s), ` +
    `liquidations A ${s.liquidations.A} / B ${s.liquidations.B}, peak memory ${(s.peakRssMb / 1024).toFixed(2)} GB ` +
    `(resident GB by phase: ${phases}).\n`
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
    `${met ? "met" : "**missed**"} two chains ${s.borrowersPerChain} borrowers per chain x ${s.ticks} ticks, peak memory: ` +
      `${(s.peakRssMb / 1024).toFixed(2)} GB (< ${CHAINS_PEAK_TARGET_MB / 1024} GB)\n`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
