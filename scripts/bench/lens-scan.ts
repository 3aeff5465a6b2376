/**
 * Keeper scan timing: the default world with 1,000 borrowers (BENCH_SCAN_BORROWERS), then RiskLens `liquidatable`,
 * `healthFactors` and `rawPositions` over all of them, each scan sent as a keeper would send it: in eth_calls of
 * BENCH_SCAN_CALL positions (default 200), one after another; repeated. Then `liquidatable` over all of them at
 * several call sizes (SCAN_CALL_SIZES). Prints `BENCH_RESULT {json}` with the median and best milliseconds per scan,
 * and this process's own peak memory (`maxRssKb`).
 *   npx hardhat run scripts/bench/lens-scan.ts
 *
 * Why calls of a few hundred: the network records a trace of every executed instruction (about 1,000 per position
 * for `healthFactors`, a few hundred bytes each) and owns it outside the JS heap until V8 collects the response, so a
 * call's memory grows with its positions and large calls are slow to allocate. `SCAN_CALL_SIZES=1000` measures the
 * single 1,000-position call the bench used to time (it alone brings this process near 2 GB). A node without that
 * tracing (geth, reth) has no such cost, so the call size is a property of this lab's network, not of the lens.
 *
 * Memory: the scan collects garbage after each timed scan (outside the timing) and after any request that leaves the
 * process above `GC_ABOVE_MB` (world building sends large batches too).
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
/** A bad environment value: printed as its one line, no stack. */
class SettingError extends Error {}

/** `name`'s whole numbers >= 1 (comma-separated when `list`), or `fallback` when unset; a bad value throws. */
function wholeNumbers(name: string, fallback: string, list: boolean): number[] {
  const raw = process.env[name] || fallback;
  const values = raw.split(",").map((v) => Number(v.trim()));
  if ((!list && values.length !== 1) || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new SettingError(
      `${name}: ${list ? "comma-separated whole numbers" : "a whole number"} >= 1 (positions), got "${raw}"`,
    );
  }
  return values;
}

/**
 * The bench's settings, read before anything runs: borrowers in the world (BENCH_SCAN_BORROWERS, default 1,000),
 * positions per eth_call of the timed scans (BENCH_SCAN_CALL, default 200) and the call sizes of the `liquidatable`
 * curve (SCAN_CALL_SIZES; none above 300 by default: in calls of 500 the process reached 1.9 GB here).
 */
function settings() {
  return {
    borrowers: wholeNumbers("BENCH_SCAN_BORROWERS", "1000", false)[0],
    callPositions: wholeNumbers("BENCH_SCAN_CALL", "200", false)[0],
    callSizes: wholeNumbers("SCAN_CALL_SIZES", "50,100,200,300", true),
  };
}
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

/** Median and best ms of `call` over REPEATS after a warm-up, and the largest growth of resident memory over one. */
async function timeCall(call: () => Promise<unknown>, label: string) {
  const ms: number[] = [];
  let growth = 0;
  await call(); // warm the provider and the JIT once
  await collect();
  for (let i = 0; i < REPEATS; i++) {
    const before = process.memoryUsage.rss();
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
    growth = Math.max(growth, process.memoryUsage.rss() - before);
    await collect();
  }
  memory(label);
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)], bestMs: ms[0], growthMb: growth / MB };
}

/** The results of `read` over `accounts`, `size` accounts per call, calls one after another. */
async function inCalls<T>(accounts: string[], size: number, read: (part: string[]) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < accounts.length; i += size) out.push(await read(accounts.slice(i, i + size)));
  return out;
}

/** Median and best ms (no memory growth) of a timed scan. */
const times = ({ medianMs, bestMs }: { medianMs: number; bestMs: number }) => ({ medianMs, bestMs });

async function main() {
  const { borrowers: BORROWERS, callPositions: CALL_POSITIONS, callSizes: sizes } = settings();
  collectAfterLargeRequests();
  const scenario = loadScenarioFile(path.join(hre.config.paths.root, "scenarios", "default.json"), [
    `borrowers.count=${BORROWERS}`,
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
  const found = (await inCalls(accounts, CALL_POSITIONS, (part) => world.lens.liquidatable(pool, part))).flat();
  await collect();
  const observer = new Observer(world);
  await observer.init();
  await collect();
  const out = {
    positions: accounts.length,
    callPositions: CALL_POSITIONS,
    liquidatableFound: found.length,
    liquidatable: times(
      await timeCall(() => inCalls(accounts, CALL_POSITIONS, (p) => world.lens.liquidatable(pool, p)), "liquidatable"),
    ),
    healthFactors: times(
      await timeCall(
        () => inCalls(accounts, CALL_POSITIONS, (p) => world.lens.healthFactors(pool, p)),
        "healthFactors",
      ),
    ),
    rawPositions: times(
      await timeCall(
        () => inCalls(accounts, CALL_POSITIONS, (p) => world.lens.rawPositions(pool, asset, p)),
        "rawPositions",
      ),
    ),
    // The scan the engine's keepers actually run: the position mirror (kept current from events) filtered at the
    // visible oracle price, plus the block's chain reads, then the previews of the largest liquidatable debts.
    engineScan: await timeCall(async () => {
      const view = await observer.view(0, world.startTime + 12, initialPrice);
      if (view.liquidatable.length) await view.previewMax(view.liquidatable[0]);
    }, "the engine's scan").then(times),
    // Gas of the whole scan: the sum over its calls (eth_estimateGas of each).
    gas: (
      await inCalls(accounts, CALL_POSITIONS, async (p) =>
        hre.ethers.provider.estimateGas({
          to: await world.lens.getAddress(),
          data: world.lens.interface.encodeFunctionData("liquidatable", [pool, p]),
        }),
      )
    ).reduce((a, b) => a + Number(b), 0),
    callSizes: await callSizes(pool, accounts, world, sizes),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
}

/** `liquidatable` over all the accounts at each of `sizes` positions per call. */
async function callSizes(
  pool: string,
  accounts: string[],
  world: Awaited<ReturnType<typeof buildWorld>>,
  sizes: readonly number[],
) {
  const out: { callPositions: number; medianMs: number; growthMb: number }[] = [];
  for (const size of sizes) {
    const t = await timeCall(
      () => inCalls(accounts, size, (p) => world.lens.liquidatable(pool, p)),
      `calls of ${size}`,
    );
    out.push({ callPositions: size, medianMs: t.medianMs, growthMb: t.growthMb });
  }
  return out;
}

main().catch((e: unknown) => {
  console.error(e instanceof SettingError ? e.message : e);
  process.exitCode = 1;
});
