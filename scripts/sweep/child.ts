/**
 * A worker of the embedded pool (forked by scripts/sweep/pool.ts with an IPC channel): one in-process Hardhat
 * network for its whole life, reusing built worlds between runs and answering repeated reads from its memo
 * (scripts/sweep/read-cache.ts). Receives `{ job }`, answers `{ done: record }` or `{ failed: { runId, message } }`,
 * one job at a time. SWEEP_NO_REUSE=1 / SWEEP_NO_MEMO=1 /
 * SWEEP_NO_TS_CACHE=1 (scripts/sweep/ts-cache.ts) turn those off (to measure what they save).
 */
import "./ts-cache"; // first: the modules below load from the transpile cache
import hre from "hardhat";
import { executeJob, type SweepJob } from "./job";
import { installReadMemo } from "./read-cache";
import { WorldReuse } from "./run-one";

const reuse = process.env.SWEEP_NO_REUSE === "1" ? undefined : new WorldReuse(hre);
const memo = process.env.SWEEP_NO_MEMO === "1" ? undefined : installReadMemo(hre.network.provider);
const name = `pid-${process.pid}`;
let chain: Promise<void> = Promise.resolve();

process.on("message", (m: { job?: SweepJob }) => {
  const job = m.job;
  if (!job) return;
  chain = chain.then(async () => {
    try {
      const record = await executeJob(hre, job, reuse, name, memo);
      process.send!({ done: record });
    } catch (e) {
      process.send!({ failed: { runId: job.runId, message: (e as Error).stack ?? String(e) } });
    }
  });
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: name });
