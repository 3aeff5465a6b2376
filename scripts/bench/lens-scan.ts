/**
 * Keeper scan timing: the default world with 1,000 borrowers (BENCH_SCAN_BORROWERS), then RiskLens `liquidatable`,
 * `healthFactors` and `rawPositions` over all of them in one `eth_call` each, repeated; prints `BENCH_RESULT {json}`
 * with the median and best milliseconds per call.
 *   npx hardhat run scripts/bench/lens-scan.ts
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

const REPEATS = 7;

async function timeCall(call: () => Promise<unknown>) {
  const ms: number[] = [];
  await call(); // warm the provider and the JIT once
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)], bestMs: ms[0] };
}

async function main() {
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
  await startClock(world, borrowers, initialPrice, FIXED_START);
  const accounts = world.borrowers;
  const pool = await world.pool.getAddress();
  const asset = await world.collateral.getAddress();
  const found = await world.lens.liquidatable(pool, accounts);
  const observer = new Observer(world);
  await observer.init();
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
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
