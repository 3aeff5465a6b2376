/**
 * Distributed sweeps on BullMQ (Redis). The sweep enqueues each run as a job whose id is the run id (hash of the
 * resolved scenario without its seed, then the seed), so enqueuing twice is a no-op and a finished job's result is
 * kept in Redis; `sweep-worker` processes run the jobs; the sweep polls its jobs' states and appends each result to
 * its ledger once. A worker that dies stops renewing its job's lock: after `lockSeconds` another worker's stalled-job
 * check puts the job back in the queue and it runs elsewhere.
 */
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { executeJob, type RunRecord, type SweepJob } from "./job";
import { installReadMemo } from "./read-cache";
import { WorldReuse } from "./run-one";

/** The BullMQ queue every sweep and worker uses (jobs are content-addressed, so sweeps can share it). */
export const QUEUE_NAME = "cascade-lab-sweep";
/** How often the sweep polls its jobs' states, ms. */
const POLL_MS = 250;
/** Defaults of `sweep-worker`: lock length and stalled-job check interval (seconds), deaths a job may survive. */
export const WORKER_DEFAULTS = { lockSeconds: 10, stalledSeconds: 5, maxStalled: 2 };

/** `redis://[:password@]host:port[/db]` → BullMQ connection options. */
export function connectionOf(url: string): ConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== "redis:") throw new Error(`--queue: expected redis://host:port (got ${url})`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    maxRetriesPerRequest: null,
  };
}

export interface QueueHooks {
  onDone: (r: RunRecord) => void;
  onFailed: (job: SweepJob, message: string) => void;
  stop: { requested: boolean };
}

/** Enqueues `jobs` (a failed job of an earlier attempt is enqueued afresh) and collects their results. */
export async function runOnQueue(url: string, jobs: readonly SweepJob[], hooks: QueueHooks): Promise<void> {
  const queue = new Queue<SweepJob, RunRecord>(QUEUE_NAME, { connection: connectionOf(url) });
  try {
    for (const j of jobs) {
      const old = await queue.getJob(j.runId);
      if (old && (await old.getState()) === "failed") await old.remove();
    }
    await queue.addBulk(
      jobs.map((j) => ({
        name: "run",
        data: j,
        // One attempt: a run that throws fails the same way anywhere. Results stay in Redis until removed.
        opts: { jobId: j.runId, attempts: 1, removeOnComplete: false, removeOnFail: false },
      })),
    );
    const pending = new Map(jobs.map((j) => [j.runId, j]));
    while (pending.size > 0 && !hooks.stop.requested) {
      for (const [id, j] of [...pending]) {
        const state = await queue.getJobState(id);
        if (state !== "completed" && state !== "failed") continue;
        const job = await queue.getJob(id);
        pending.delete(id);
        if (state === "completed" && job?.returnvalue) hooks.onDone(job.returnvalue);
        else hooks.onFailed(j, job?.failedReason ?? `job ${id} ${state}`);
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await queue.close();
  }
}

export interface WorkerOptions {
  lockSeconds: number;
  stalledSeconds: number;
  maxStalled: number;
  /** Called when a job starts (the task prints it). */
  onStart?: (job: SweepJob) => void;
}

/** Runs sweep jobs from the queue, one at a time, on this process's in-process network; returns the worker. */
export function startWorker(hre: HardhatRuntimeEnvironment, url: string, o: WorkerOptions, name: string): Worker {
  const reuse = new WorldReuse(hre);
  const memo = installReadMemo(hre.network.provider);
  return new Worker<SweepJob, RunRecord>(
    QUEUE_NAME,
    async (job) => {
      o.onStart?.(job.data);
      return executeJob(hre, job.data, reuse, name, memo);
    },
    {
      connection: connectionOf(url),
      concurrency: 1,
      name,
      lockDuration: o.lockSeconds * 1000,
      stalledInterval: o.stalledSeconds * 1000,
      maxStalledCount: o.maxStalled,
    },
  );
}
