/**
 * The in-process network's allocator. Hardhat's network (EDR) is native code with its own allocator, mimalloc, which
 * by default hands freed pages back to the system 10 ms after they empty (its `purge_delay`) and takes them back as
 * 2 MiB huge pages that the kernel zeroes on first touch. A run frees and re-allocates the network's execution traces
 * every block, so with that default about a quarter of the process's CPU time went to page faults and zeroing.
 * Keeping freed pages for 1 s made a default-preset run inside a sweep worker ~2× faster (scripts/sweep/profile-run.ts;
 * docs/engine.md "The network's allocator"), but the pages it keeps are not returned while a run goes on: a
 * 5,000-borrower run then peaked at 2.1–2.5 GB instead of 1.6 GB. So the lab keeps freed pages for 1 s in worlds of at
 * most `FAST_ALLOCATOR_MAX_BORROWERS` borrowers and leaves mimalloc's default for larger ones.
 *
 * mimalloc reads its options once, when the network's library loads, which is at the network's first request:
 * hardhat.config.ts imports this module first (the fast setting for whatever loads the network: tests, scripts), and
 * the engines call `useAllocatorFor` before a run's first request (scripts/sim/engine/run.ts; two chains:
 * scripts/chains/contagion/run.ts). A process keeps the setting its network loaded with: a sweep worker, the one of
 * its first run. A value set in the environment before the process started wins.
 */

const PURGE_DELAY = "MIMALLOC_PURGE_DELAY";
/**
 * The value the lab set, beside it: a process started by a lab process (a sweep's worker, a bench's child, a test's
 * `npx hardhat cascade`) inherits both and still chooses by its own world's size.
 */
const LAB_MARK = "CASCADE_LAB_PURGE_DELAY";

/** The purge delay a process with environment `env` was started with by its user (not by a lab process), if any. */
export function userPurgeDelay(env: NodeJS.ProcessEnv): string | undefined {
  const v = env[PURGE_DELAY];
  return v && v !== env[LAB_MARK] ? v : undefined;
}

/** The user's own value, if the process started with one. */
const userValue = userPurgeDelay(process.env);

/** The purge delay the process started with by its user (ms, as given), if any: it wins over the lab's choice. */
export function startedWithPurgeDelay(): string | undefined {
  return userValue;
}

/** Worlds up to this many borrowers (all markets) keep freed pages for `FAST_PURGE_DELAY_MS`. */
export const FAST_ALLOCATOR_MAX_BORROWERS = 3000;
/** How long freed pages stay with the network's allocator in small worlds, ms (mimalloc's default: 10). */
export const FAST_PURGE_DELAY_MS = 1000;

/** The purge delay the lab asks for a world of `borrowers` (ms), or null for mimalloc's default. */
export function purgeDelayFor(borrowers: number): number | null {
  return borrowers <= FAST_ALLOCATOR_MAX_BORROWERS ? FAST_PURGE_DELAY_MS : null;
}

/**
 * Sets the allocator's options for a world of `borrowers` in `env`, unless the process started with its own. Takes
 * effect only if the network has not loaded yet in this process.
 */
export function useAllocatorFor(borrowers: number, env: NodeJS.ProcessEnv = process.env): void {
  if (userValue !== undefined) return;
  const ms = purgeDelayFor(borrowers);
  if (ms === null) {
    delete env[PURGE_DELAY];
    delete env[LAB_MARK];
  } else env[PURGE_DELAY] = env[LAB_MARK] = String(ms);
}

useAllocatorFor(0);
