import { execFileSync } from "node:child_process";
import type { ChainSpec } from "../../scripts/chains/lab-chain";

/** Two small chains: A like Ethereum (12 s blocks), B a faster L2-like chain (2 s blocks, cheaper gas). */
export const TWO_CHAINS: ChainSpec[] = [
  { name: "A", chainId: 31_401, blockTimeSec: 12, baseFeeGwei: 20, blockGasLimit: 30_000_000 },
  { name: "B", chainId: 31_402, blockTimeSec: 2, baseFeeGwei: 0.1, blockGasLimit: 60_000_000 },
];

/** Process ids whose parent is this process (Linux `ps`), to check a run leaves no child behind. */
export function childPids(): number[] {
  const out = execFileSync("ps", ["-o", "pid=", "--ppid", String(process.pid)], { encoding: "utf8" }).trim();
  // The ps started here is itself a child while it runs: it is counted in every call, so counts compare.
  return out
    .split("\n")
    .map((l) => Number(l.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}
