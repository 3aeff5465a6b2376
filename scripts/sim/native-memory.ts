/**
 * Memory the network holds for garbage. Every response of the in-process Hardhat network (EDR) owns native memory,
 * above all the execution trace it records for each call and block (~550 MB for one 8.7M-gas `eth_call`), through a
 * small JS object. V8 does not see that memory: it collects those objects only when its own heap asks, so a process
 * that sends many requests while allocating little JS (a replay, a keeper scan, a large run) keeps gigabytes of
 * finished traces resident until a collection happens. `NativeMemoryGuard` runs a full collection when the process's
 * resident memory passes a bound (CASCADE_GC_ABOVE_MB, MiB; default 1,536; 0 turns it off). When a collection leaves
 * the process above the bound (live data, or pages the network's allocator keeps), the next one waits until resident
 * memory has grown another `GC_STEP_MB`, so a large world is not collected every block. A collection changes no result:
 * it frees only what nothing references. `checkNativeMemory` is the process's one guard (the engine calls it after
 * each block's mining and again after the block, and the observer after each batch of a read of several batches: its
 * first read of every position). The step was 256 MiB: in the bench's 3-market system row (3,000 borrowers) the
 * floor after a collection stays near 1.5 GB, and floor + step + one block's growth passed 2 GB; 128 MiB with the
 * check after mining kept it under, for about 0.3 s of collections in a run.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";

const MB = 2 ** 20;
/** Resident memory above which the guard collects, MiB (CASCADE_GC_ABOVE_MB overrides). */
export const DEFAULT_GC_ABOVE_MB = 1536;
/** Growth past a collection that left the process above the bound before the next one, MiB. */
export const GC_STEP_MB = 128;

let gc: (() => void) | null = null;

/**
 * V8's full collection (without starting node with --expose-gc), then two turns of the event loop: the network's
 * response objects free their native memory in finalizers that Node runs after the collection, not during it.
 */
export async function collectGarbage(): Promise<void> {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The guard's bound from CASCADE_GC_ABOVE_MB (MiB, a whole number ≥ 0; 0 = never collect). */
export function gcAboveMb(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CASCADE_GC_ABOVE_MB;
  if (raw === undefined || raw === "") return DEFAULT_GC_ABOVE_MB;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 0) {
    throw new Error(`CASCADE_GC_ABOVE_MB: must be a whole number of MiB >= 0 (0 = off), got "${raw}"`);
  }
  return mb;
}

/** Collects when resident memory is above a bound; counts the collections and the milliseconds they took. */
export class NativeMemoryGuard {
  collections = 0;
  ms = 0;
  /** Resident memory that triggers the next collection, MiB. */
  private nextMb: number;

  constructor(
    readonly aboveMb: number = gcAboveMb(),
    readonly stepMb: number = GC_STEP_MB,
  ) {
    this.nextMb = aboveMb;
  }

  /** A full collection if resident memory is above the bound; true when it collected. */
  async check(): Promise<boolean> {
    if (this.aboveMb === 0 || process.memoryUsage.rss() <= this.nextMb * MB) return false;
    const t = performance.now();
    await collectGarbage();
    this.ms += performance.now() - t;
    this.collections += 1;
    this.nextMb = Math.max(this.aboveMb, process.memoryUsage.rss() / MB + this.stepMb);
    return true;
  }
}

let processGuard: NativeMemoryGuard | null = null;

/** The process's guard (created on first use, its bound read from CASCADE_GC_ABOVE_MB then). */
export function nativeMemoryGuard(): NativeMemoryGuard {
  return (processGuard ??= new NativeMemoryGuard());
}

/** `nativeMemoryGuard().check()`: collects if the process is over its bound. */
export function checkNativeMemory(): Promise<boolean> {
  return nativeMemoryGuard().check();
}
