/** The figures `npm run bench` writes to `bench/results.json` (read back by `--compare` and the docs' generators). */
import type { GasRow } from "./gas";
import type { SizeRow } from "./sizes";
import type { machine, ScanSample, SimSample } from "./speed";
import type { SweepSample } from "./sweep-speed";
import type { ReplaySample } from "./replay";
import type { ChainsSample } from "./chains";

export interface BenchResults {
  generatedAt: string;
  machine: ReturnType<typeof machine>;
  versions: { node: string; hardhat: string; solc: string; ethers: string; peers: Record<string, string> };
  gas: GasRow[];
  sim: SimSample[];
  /** The three-market, three-asset preset at 3,000 borrowers (absent with `--no-system` and in older results). */
  system?: SimSample;
  scan: ScanSample | null;
  /** Runtime bytecode size per core contract (absent in results written before it was measured). */
  sizes?: SizeRow[];
  targets: { what: string; target: string; measured: string; met: boolean | null }[];
  /** Sweep throughput on the embedded pool at 1 and 2 workers (absent in results written before it was measured). */
  sweep?: SweepSample[];
  /** Block loop vs agent-free replay of its transactions at 1,000 x 300 (absent in older results, or --no-replay). */
  replay?: ReplaySample;
  /** Two chains, 1,000 borrowers per chain x 300 ticks (scripts/bench/chains.ts); absent with --no-chains. */
  chains?: ChainsSample;
}

/** Bytes in a MiB (the unit the bench's processes report their memory in). */
const MIB = 2 ** 20;
/** The memory targets' 2 GB, read strictly as 2 × 10⁹ bytes, in MiB (≈ 1,907). */
export const TWO_GB_MB = 2e9 / MIB;
/** MiB as decimal GB (10⁹ bytes), two decimals: what the bench prints next to its "< 2 GB" targets. */
export function gb(mb: number): string {
  return ((mb * MIB) / 1e9).toFixed(2);
}
