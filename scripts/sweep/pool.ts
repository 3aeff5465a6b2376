/**
 * The embedded worker pool: long-lived child processes (scripts/sweep/child.ts), each with its own in-process
 * Hardhat network, fed one job at a time. A child that dies (killed, out of memory) is replaced and its job given to
 * another child; a run that throws is a failed run (deterministic: it is not retried).
 */
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { RunRecord, SweepJob } from "./job";

/** Times a job is started before a dying worker's job is counted as failed (a job that kills its worker). */
export const MAX_ATTEMPTS = 3;

export interface PoolOptions {
  workers: number;
  root: string;
  onDone: (r: RunRecord) => void;
  onFailed: (job: SweepJob, message: string) => void;
  /** Extra environment for the children (tests). */
  env?: NodeJS.ProcessEnv;
  /** Called with each child once it is ready (tests use it to kill one). */
  onWorker?: (child: ChildProcess) => void;
}

interface Slot {
  child: ChildProcess;
  job: SweepJob | null;
  ready: boolean;
}

/** Runs `jobs` on the pool; resolves when every job has finished or failed, or when `stop()` was called. */
export function runPool(jobs: readonly SweepJob[], o: PoolOptions): { done: Promise<void>; stop: () => void } {
  const queue = [...jobs];
  const attempts = new Map<string, number>();
  const slots = new Set<Slot>();
  let outstanding = jobs.length;
  let stopped = false;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const finishIfIdle = () => {
    if ((outstanding === 0 || stopped) && [...slots].every((s) => !s.job || stopped)) {
      for (const s of slots) s.child.kill();
      slots.clear();
      resolve();
    }
  };
  const feed = (slot: Slot) => {
    if (stopped) return;
    const job = queue.shift();
    slot.job = job ?? null;
    if (!job) return finishIfIdle();
    attempts.set(job.runId, (attempts.get(job.runId) ?? 0) + 1);
    slot.child.send({ job });
  };
  const spawn = () => {
    const child = fork(path.join(__dirname, "child.ts"), [], {
      cwd: o.root,
      execArgv: ["-r", "ts-node/register/transpile-only"],
      env: { ...process.env, ...o.env, HARDHAT_NETWORK: "hardhat", TS_NODE_TRANSPILE_ONLY: "true" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const slot: Slot = { child, job: null, ready: false };
    slots.add(slot);
    child.on("message", (m: { ready?: string; done?: RunRecord; failed?: { runId: string; message: string } }) => {
      if (m.ready) {
        slot.ready = true;
        o.onWorker?.(child);
        return feed(slot);
      }
      const job = slot.job;
      slot.job = null;
      if (job && m.done) o.onDone(m.done);
      if (job && m.failed) o.onFailed(job, m.failed.message);
      if (job) outstanding -= 1;
      feed(slot);
    });
    child.on("exit", () => {
      if (!slots.delete(slot)) return;
      const job = slot.job;
      if (job && !stopped) {
        if ((attempts.get(job.runId) ?? 0) >= MAX_ATTEMPTS) {
          outstanding -= 1;
          o.onFailed(job, `its worker died ${MAX_ATTEMPTS} times`);
        } else {
          queue.unshift(job);
        }
      }
      if (!stopped && queue.length > 0 && slots.size < o.workers) spawn();
      finishIfIdle();
    });
  };
  if (jobs.length === 0) resolve();
  else for (let i = 0; i < Math.min(o.workers, jobs.length); i++) spawn();
  return {
    done,
    stop: () => {
      stopped = true;
      finishIfIdle();
    },
  };
}
