/**
 * The block loop and an agent-free replay of its transactions, in one process (`scripts/bench/replay.ts`):
 *   BENCH_BORROWERS=1000 BENCH_BLOCKS=300 npx hardhat run scripts/bench/replay-child.ts
 * Runs the default preset scaled to the population (`scaledDefault`) through the engine, snapshotting the chain
 * just before the first block; reads back the loop's blocks; reverts to the snapshot and replays them. Prints one
 * `BENCH_RESULT {json}` line (loop and replay seconds, their ratio, whether the replay rebuilt the same blocks, the
 * loop's RPC calls by method).
 */
import hre from "hardhat";
import { runScenario } from "../sim/engine";
import { buildWorld } from "../sim/world/build";
import { loadPreset } from "../sim/presets";
import { scaledDefault } from "./sim-child";
import { NativeMemoryGuard } from "../sim/native-memory";
import { RpcCounter, WatchedChain, readBlocks, replayBlocks, type ReplaySample } from "./replay";

/** The replay's own guard: a collection above 1,024 MiB, then after every 64 MiB of growth (outside its timing). */
const REPLAY_GC_ABOVE_MB = 1024;
const REPLAY_GC_STEP_MB = 64;

async function main() {
  const borrowers = Number(process.env.BENCH_BORROWERS ?? 1000);
  const blocks = Number(process.env.BENCH_BLOCKS ?? 300);
  const scenario = loadPreset("default", scaledDefault(borrowers, blocks));
  const counter = new RpcCounter(hre.network.provider);
  let chain: WatchedChain | null = null;
  let loopEnd = 0;
  let endBlock = 0;
  let rpc: { calls: number; top: [string, number][]; seconds: [string, number][] } = { calls: 0, top: [], seconds: [] };
  const result = await runScenario(hre, scenario, {
    world: {
      build: async (h, s, price) => {
        const world = await buildWorld(h, s, price);
        chain = new WatchedChain(world.chain.provider, counter);
        world.chain = chain;
        return world;
      },
    },
    onBlock: (done, total) => {
      if (done < total) return;
      loopEnd = performance.now();
      counter.on = false;
      rpc = { calls: counter.total(), top: counter.top(12), seconds: counter.slowest(8) };
    },
  });
  const watched = chain as WatchedChain | null;
  if (!watched?.snapshot) throw new Error("the loop never set its base fee: no snapshot was taken");
  // The loop mined exactly `blocks` blocks after the snapshot (agents' after-run work comes later).
  endBlock = watched.startBlock + blocks;
  const recorded = await readBlocks(watched, watched.startBlock + 1, endBlock);
  const transactions = recorded.reduce((a, b) => a + b.transactions.length, 0);

  await watched.send("evm_revert", [watched.snapshot]);
  await watched.setAutomine(false);
  counter.reset();
  counter.on = true;
  // Its collections are not timed, so the replay collects early and often: the step stays under 2 GB.
  const memory = new NativeMemoryGuard(REPLAY_GC_ABOVE_MB, REPLAY_GC_STEP_MB);
  const t0 = performance.now();
  const hashes = await replayBlocks(watched, recorded, memory);
  const replaySeconds = (performance.now() - t0 - memory.ms) / 1000;
  counter.on = false;
  const loopSeconds = (loopEnd - watched.startedAt) / 1000;
  const out: Omit<ReplaySample, "peakRssMb"> & { maxRssKb: number } = {
    borrowers,
    blocks,
    transactions,
    liquidations: result.liquidations.length,
    loopSeconds,
    replaySeconds,
    replayCollections: memory.collections,
    replayCollectionSeconds: memory.ms / 1000,
    ratio: loopSeconds / replaySeconds,
    identical: hashes.every((h, i) => h === recorded[i].hash),
    rpcCalls: rpc.calls,
    rpcPerBlock: rpc.calls / blocks,
    rpcTop: rpc.top,
    rpcSeconds: rpc.seconds,
    replayRpcSeconds: counter.slowest(8),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
