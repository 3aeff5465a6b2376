/**
 * Keeper scan timing: the default world with 1,000 borrowers (BENCH_SCAN_BORROWERS), then RiskLens `liquidatable`,
 * `healthFactors` and `rawPositions` over all of them in one `eth_call` each, repeated; prints `BENCH_RESULT {json}`
 * with the median and best milliseconds per call, and this process's own peak memory (`maxRssKb`).
 *   npx hardhat run scripts/bench/lens-scan.ts
 *
 * Memory: a 1,000-position `eth_call` of ~8.7M gas leaves ~550 MB outside the JS heap (the network's per-call
 * execution data, owned by a small JS object), which V8 does not count as pressure: without help, seven repeats of
 * four calls pile up to 7 GB before a collection. So the scan collects garbage after each timed call (outside the
 * timing) and after any request that leaves the process above `GC_ABOVE_MB` (world building sends large batches too).
 * Freed, that memory still stays resident in the network's allocator unless told to purge: `npm run bench` runs this
 * script with `SCAN_ALLOCATOR_ENV` (scripts/bench/speed.ts).
 */
import * as path from "node:path";
import hre from "hardhat";
import { loadScenarioFile } from "../sim/scenario";
import { borrowersFromScenario } from "../sim/population";
import { buildWorld } from "../sim/world/build";
import { startClock } from "../sim/world/clock";
import { FIXED_START } from "../sim/engine";
import { generatePath } from "../sim/paths";
import { Observer } from "../sim/observe";
import { collectGarbage as collect } from "../sim/native-memory";

const REPEATS = 7;
/** Resident memory above which a request is followed by a full garbage collection, MB. */
const GC_ABOVE_MB = 1024;
const MB = 2 ** 20;

/** Collects after any request that leaves the process above GC_ABOVE_MB. */
function collectAfterLargeRequests() {
  const provider = hre.network.provider;
  const request = provider.request.bind(provider);
  provider.request = async (args) => {
    const out = await request(args);
    if (process.memoryUsage.rss() > GC_ABOVE_MB * MB) await collect();
    return out;
  };
}

/** Resident memory now and the peak so far, on stderr (where the parent keeps it for failures). */
function memory(phase: string) {
  const now = process.memoryUsage();
  process.stderr.write(
    `lens-scan memory after ${phase}: rss ${(now.rss / MB).toFixed(0)} MB (heap ${(now.heapUsed / MB).toFixed(0)} MB, ` +
      `external ${(now.external / MB).toFixed(0)} MB), peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
}

async function timeCall(call: () => Promise<unknown>) {
  const ms: number[] = [];
  await call(); // warm the provider and the JIT once
  await collect();
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
    await collect();
  }
  memory("a timed call");
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)], bestMs: ms[0] };
}

async function main() {
  collectAfterLargeRequests();
  const count = Number(process.env.BENCH_SCAN_BORROWERS ?? 1000);
  const scenario = loadScenarioFile(path.join(hre.config.paths.root, "scenarios", "default.json"), [
    `borrowers.count=${count}`,
  ]);
  const [initialPrice] = generatePath(scenario.path, {
    blocks: scenario.blocks,
    blockTimeSeconds: scenario.chain.blockTimeSeconds,
    seed: scenario.seed,
  });
  const borrowers = borrowersFromScenario(scenario, initialPrice);
  const world = await buildWorld(hre, scenario, initialPrice);
  memory("deployment");
  await startClock(world, borrowers, initialPrice, FIXED_START);
  // Opening sends large batches: their responses' native memory goes before the scan is measured.
  await collect();
  memory("opening positions");
  const accounts = world.borrowers;
  const pool = world.lab.address;
  const asset = await world.collateral.getAddress();
  const found = await world.lens.liquidatable(pool, accounts);
  await collect();
  const observer = new Observer(world);
  await observer.init();
  await collect();
  const out = {
    positions: accounts.length,
    liquidatableFound: found.length,
    liquidatable: await timeCall(() => world.lens.liquidatable(pool, accounts)),
    healthFactors: await timeCall(() => world.lens.healthFactors(pool, accounts)),
    rawPositions: await timeCall(() => world.lens.rawPositions(pool, asset, accounts)),
    // The scan the engine's keepers actually run: the position mirror (kept current from events) filtered at the
    // visible oracle price, plus the block's chain reads, then the previews of the largest liquidatable debts.
    engineScan: await timeCall(async () => {
      const view = await observer.view(0, world.startTime + 12, initialPrice);
      if (view.liquidatable.length) await view.previewMax(view.liquidatable[0]);
    }),
    gas: Number(
      await hre.ethers.provider.estimateGas({
        to: await world.lens.getAddress(),
        data: world.lens.interface.encodeFunctionData("liquidatable", [pool, accounts]),
      }),
    ),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
