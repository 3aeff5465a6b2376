/**
 * The in-process network's allocator. Hardhat's network (EDR) is native code with its own allocator, mimalloc, which
 * hands freed pages back to the system 10 ms after they empty (its `purge_delay`) and takes them back as 2 MiB huge
 * pages that the kernel zeroes on first touch. A run frees and re-allocates the network's execution traces every
 * block, so with that default a quarter of the process's CPU time went to page faults and zeroing: on the default
 * preset a run inside a sweep worker took ~6 s with it and ~3.2 s with a 1 s delay (scripts/sweep/profile-run.ts,
 * docs/BENCHMARKS.md). `ALLOCATOR_ENV` is the lab's setting. mimalloc reads it once, when the network's library loads,
 * so `useLabAllocator` must run before anything loads the network: hardhat.config.ts imports this module first, which
 * covers `npx hardhat <task>`, the tests and the sweep's workers (they load the same config). A value the user has set
 * in the environment wins.
 */

/** mimalloc's options for the network: freed pages go back to the system after 1 s (ms; mimalloc's default is 10). */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = { MIMALLOC_PURGE_DELAY: "1000" };

/** Sets `ALLOCATOR_ENV` in `env` where it has no value of its own. */
export function useLabAllocator(env: NodeJS.ProcessEnv = process.env): void {
  for (const [k, v] of Object.entries(ALLOCATOR_ENV)) if (env[k] === undefined || env[k] === "") env[k] = v;
}

useLabAllocator();
