/**
 * `npm run bench`: gas table (ours next to Uniswap V2 and Aave v3) and simulation speed, written to
 * `docs/BENCHMARKS.md` (generated), the "Measured" block of `docs/engine.md` (scripts/bench/engine-doc.ts) and
 * `bench/results.json` (raw figures).
 *
 *   npm run bench                                 # gas, 100 and 1,000 borrowers x 300 blocks, the system row
 *                                                 # (3 markets x 3 assets, 3,000 borrowers x 300 blocks), keeper scan
 *   npm run bench -- --full                       # also 5,000 borrowers x 300 blocks (about 10 minutes more)
 *   npm run bench -- --only sim                   # the simulation rows alone (--sizes, default 100,1000,5000), put
 *                                                 # into bench/results.json (or --out) beside the other figures
 *   npm run bench -- --only system                # the system row alone, put in the same way
 *   npm run bench -- --only replay                # the block loop vs agent-free replay row alone (3 runs, each in its
 *                                                 # own process; the median ratio), put in the same way
 *   npm run bench -- --only scan                  # the keeper scan alone, put in the same way
 *   npm run bench -- --only chains                # the two-chain row alone (1,000 borrowers per chain x 300 ticks;
 *                                                 # --borrowers N --blocks T for another size), put in the same way
 *   npm run bench -- --only sweep                 # the sweep throughput rows alone (1 and 2 workers), put in the same way
 *   npm run bench -- --no-system                  # everything but the system row
 *   npm run bench -- --compare bench/results.json # run, then print new ÷ old for every figure
 *   npm run bench -- --results new.json --compare old.json   # compare two files without running
 *   npm run bench -- --results bench/results.json --render   # regenerate the docs from a results file, no run
 *   npx ts-node --transpile-only scripts/bench/sizes.ts   # only the bytecode-size table (compile first)
 *   flags: --sizes 100,1000  --blocks 300  --out bench/results.json  --doc docs/BENCHMARKS.md  --no-doc  --no-sweep
 *          --no-replay (skip the block loop vs agent-free replay at 1,000 borrowers x --blocks)
 *          --no-chains (skip the two-chain row, scripts/bench/chains.ts)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { GasRow } from "./gas";
import { writeEngineMeasured } from "./engine-doc";
import { gb, TWO_GB_MB, type BenchResults } from "./results";
import { contractSizes, EIP3860_INITCODE_LIMIT, renderSizes, type SizeRow } from "./sizes";
import {
  machine,
  measureScan,
  measureSim,
  measureSystem,
  SYSTEM_BORROWERS,
  type ScanSample,
  type SimSample,
} from "./speed";
import { measureSweep, RUNS_PER_WORKER, type SweepSample } from "./sweep-speed";
import { measureReplay, type ReplaySample } from "./replay";
import { CHAINS_PEAK_TARGET_MB, measureChains, renderChains, type ChainsSample } from "./chains";
import { FAST_ALLOCATOR_MAX_BORROWERS, FAST_PURGE_DELAY_MS } from "../sim/allocator";

/** Issue 18's sweep target on the default preset, runs a minute with the embedded pool on 2 workers. */
const SWEEP_TARGET_PER_MINUTE = 20;
/** Issue 18's target: block loop ÷ agent-free replay of the same transactions at 1,000 borrowers x 300 blocks. */
const REPLAY_RATIO_TARGET = 1.5;
/** Borrowers of the replay measurement. */
const REPLAY_BORROWERS = 1000;

const ROOT = path.resolve(__dirname, "..", "..");
const version = (pkg: string) =>
  (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
    .version;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function runGas(): GasRow[] {
  const file = path.join(os.tmpdir(), `bench-gas-${process.pid}.json`);
  const r = spawnSync("npx", ["hardhat", "run", "scripts/bench/gas.ts"], {
    cwd: ROOT,
    env: { ...process.env, BENCH_GAS_OUT: file },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error("gas benchmark failed");
  const rows = JSON.parse(fs.readFileSync(file, "utf8")) as GasRow[];
  fs.rmSync(file);
  return rows;
}

/** 5,000 borrowers should liquidate clearly more than 1,000 once keepers scale with the book. */
const SCALE_LIQUIDATION_RATIO = 1.5;

function targets(
  gas: GasRow[],
  sim: SimSample[],
  scan: ScanSample | null,
  sizes: SizeRow[] = [],
  sweep: SweepSample[] = [],
  replay?: ReplaySample,
): BenchResults["targets"] {
  const out: BenchResults["targets"] = gas
    .filter((r) => r.target)
    .map((r) => ({
      what: `gas: ${r.operation}`,
      target: r.target!.text,
      measured: r.peer ? `${r.ours} vs ${r.peer.gas}` : String(r.ours),
      met: r.target!.met,
    }));
  const bySize = (n: number) => sim.find((s) => s.borrowers === n);
  const s1k = bySize(1000);
  const s5k = bySize(5000);
  out.push({
    what: "1,000 borrowers x 300 blocks, wall time",
    target: "≤ 60 s",
    measured: s1k ? `${s1k.wallSeconds.toFixed(1)} s` : "not run",
    met: s1k ? s1k.wallSeconds <= 60 : null,
  });
  out.push({
    what: "5,000 borrowers x 300 blocks, wall time",
    target: "≤ 300 s",
    measured: s5k ? `${s5k.wallSeconds.toFixed(1)} s` : "not run (--full)",
    met: s5k ? s5k.wallSeconds <= 300 : null,
  });
  out.push({
    what: "liquidations, 5,000 ÷ 1,000 borrowers (keepers scaled with the population)",
    target: `≥ ${SCALE_LIQUIDATION_RATIO}`,
    measured: s1k && s5k ? `${s5k.liquidations} ÷ ${s1k.liquidations}` : "not run (--full)",
    met: s1k && s5k ? s5k.liquidations >= SCALE_LIQUIDATION_RATIO * s1k.liquidations : null,
  });
  const peak = Math.max(0, ...sim.map((s) => s.peakRssMb));
  out.push({
    what: "peak memory, largest run",
    target: "< 2 GB",
    measured: `${gb(peak)} GB`,
    met: sim.length ? peak < TWO_GB_MB : null,
  });
  out.push({
    what: "opening 1,000 positions",
    target: "≤ 10 s",
    measured: s1k ? `${s1k.openSeconds.toFixed(1)} s` : "not run",
    met: s1k ? s1k.openSeconds <= 10 : null,
  });
  out.push({
    what: `RiskLens.liquidatable over 1,000 positions${scan?.callPositions ? ` (calls of ${scan.callPositions})` : ""} (median)`,
    target: "≤ 100 ms",
    measured: scan ? `${scan.liquidatable.medianMs.toFixed(0)} ms` : "not run",
    met: scan ? scan.liquidatable.medianMs <= 100 : null,
  });
  const largest = sizes[0];
  if (largest) {
    out.push({
      what: "largest runtime bytecode (EIP-170)",
      target: `≤ ${largest.limit.toLocaleString("en-US")} bytes each`,
      measured: `${largest.contract} ${largest.runtimeBytes.toLocaleString("en-US")} bytes`,
      met: sizes.every((r) => r.headroom >= 0),
    });
  }
  if (scan) {
    const peakMb = Math.max(scan.peakRssMb, scan.ownPeakRssMb ?? 0);
    out.push({
      what: "keeper scan (1,000 positions) peak memory",
      target: "< 2 GB",
      measured: `${gb(peakMb)} GB`,
      met: peakMb < TWO_GB_MB,
    });
  }
  out.push(...sweepTargets(sweep));
  out.push({
    what: `block loop ÷ agent-free replay of its transactions, ${n(REPLAY_BORROWERS)} borrowers x ${replay?.blocks ?? 300} blocks`,
    target: `≤ ${REPLAY_RATIO_TARGET}`,
    measured: replay
      ? `${replay.loopSeconds.toFixed(1)} s ÷ ${replay.replaySeconds.toFixed(1)} s = ${replay.ratio.toFixed(2)}${ratiosNote(replay)}`
      : "not run",
    met: replay ? replay.identical && replay.ratio <= REPLAY_RATIO_TARGET : null,
  });
  // Every bench step under 2 GB (issue 18): the replay's process and the sweep's largest process too.
  if (replay) {
    out.push({
      what: `block loop and its replay (${n(REPLAY_BORROWERS)} borrowers x ${replay.blocks} blocks, one process), peak memory`,
      target: "< 2 GB",
      measured: `${gb(replay.peakRssMb)} GB`,
      met: replay.peakRssMb < TWO_GB_MB,
    });
  }
  const sweepPeak = Math.max(0, ...sweep.map((x) => x.peakRssMb ?? 0));
  if (sweepPeak > 0) {
    out.push({
      what: "sweep (default preset), largest process, peak memory",
      target: "< 2 GB",
      measured: `${gb(sweepPeak)} GB`,
      met: sweepPeak < TWO_GB_MB,
    });
  }
  if (scan?.engineScan) {
    out.push({
      what: "engine keeper scan over 1,000 positions (Observer.view, median)",
      target: "≤ 100 ms",
      measured: `${scan.engineScan.medianMs.toFixed(0)} ms`,
      met: scan.engineScan.medianMs <= 100,
    });
  }
  return out;
}

/** The scan's call-size curve: `liquidatable` over every position at several positions per call. */
function renderCallSizes(scan: ScanSample): string {
  const rows = (scan.callSizes ?? []).map(
    (c) => `| ${n(c.callPositions)} | ${c.medianMs.toFixed(0)} | ${c.growthMb.toFixed(0)} |`,
  );
  return `The same \`liquidatable\` scan at other call sizes (\`SCAN_CALL_SIZES\`, positions per call, comma-separated, default 50,100,200,300). The network keeps a trace of every executed instruction of a call until its response is collected, so large calls cost memory; one call of all ${n(scan.positions)} is left out of the curve because it alone brings the process near the 2 GB bound (\`SCAN_CALL_SIZES=${scan.positions} npx hardhat run scripts/bench/lens-scan.ts\` measures it):

| positions per call | median ms for all ${n(scan.positions)} | largest memory growth over one scan, MB |
| --- | ---: | ---: |
${rows.join("\n")}`;
}

/** The system row's target: it runs (a cascade in three markets) and its peak memory stays under 2 GB. */
function systemTarget(x: SimSample): BenchResults["targets"][number] {
  return {
    what: `3 markets x 3 assets, ${n(x.borrowers)} borrowers x ${x.blocks} blocks, peak memory`,
    target: "< 2 GB",
    measured: `${gb(x.peakRssMb)} GB (wall ${x.wallSeconds.toFixed(1)} s, ${n(x.liquidations)} liquidations)`,
    met: x.peakRssMb < TWO_GB_MB,
  };
}

/** The two-chain row's target line (a row of another size replaces it too). */
function chainsTarget(chains: ChainsSample | undefined): BenchResults["targets"][number] {
  return {
    what: chains
      ? `two chains, ${n(chains.borrowersPerChain)} borrowers per chain x ${chains.ticks} ticks, peak memory`
      : "two chains, 1,000 borrowers per chain x 300 ticks, peak memory",
    target: `< 2 GB`,
    measured: chains ? `${gb(chains.peakRssMb)} GB` : "not run (--no-chains)",
    met: chains ? chains.peakRssMb < CHAINS_PEAK_TARGET_MB : null,
  };
}

/** The sweep rows' targets: runs a minute on 2 workers, and the speed-up from 1 to 2 (reported). */
function sweepTargets(sweep: readonly SweepSample[]): BenchResults["targets"] {
  const [w1, w2] = [1, 2].map((w) => sweep.find((x) => x.workers === w));
  return [
    {
      what: SWEEP_THROUGHPUT,
      target: `≥ ${SWEEP_TARGET_PER_MINUTE} runs/min`,
      measured: w2 ? `${w2.runsPerMinute.toFixed(1)} runs/min` : "not run",
      met: w2 ? w2.runsPerMinute >= SWEEP_TARGET_PER_MINUTE : null,
    },
    {
      what: SWEEP_SPEED_UP,
      target: "reported",
      measured: w1 && w2 ? `×${(w2.runsPerMinute / w1.runsPerMinute).toFixed(2)}` : "not run",
      met: w1 && w2 ? true : null,
    },
  ];
}
const SWEEP_THROUGHPUT = "sweep throughput, default preset, embedded pool on 2 workers";
const SWEEP_SPEED_UP = "sweep speed-up, 1 → 2 workers";

/** The sweep measured at 1 and 2 workers, each in its own process. */
function measureSweeps(): SweepSample[] {
  return [1, 2].map((workers) => {
    process.stderr.write(`sweep throughput: ${workers} worker(s)…\n`);
    return measureSweep(workers);
  });
}

/** The rows `--only` runs alone, each put into an existing results file. */
const ONLY_ROWS = ["sim", "system", "replay", "scan", "sweep", "chains"];

/** Every target line of a results file, from its figures (so that a row run alone updates its lines). */
function allTargets(r: BenchResults): BenchResults["targets"] {
  return [
    ...targets(r.gas, r.sim, r.scan, r.sizes, r.sweep, r.replay),
    ...(r.system ? [systemTarget(r.system)] : []),
    chainsTarget(r.chains),
  ];
}

/** `--only <row>`: that row measured alone, put into `previous` beside its other figures, targets recomputed. */
async function onlyRow(only: string, previous: BenchResults): Promise<BenchResults> {
  const blocks = wholeArg("--blocks", 300, 1, 100_000);
  let r: BenchResults;
  if (only === "sim") {
    const sizes = listArg("--sizes", [100, 1000, 5000], 1, 10_000);
    const fresh = await measureSims(sizes, blocks);
    const kept = previous.sim.filter((x) => !sizes.includes(x.borrowers) || x.blocks !== blocks);
    r = { ...previous, sim: [...kept, ...fresh].sort((a, b) => a.borrowers - b.borrowers || a.blocks - b.blocks) };
  } else if (only === "system") {
    r = { ...previous, system: await measureSystem(blocks) };
  } else if (only === "replay") {
    r = { ...previous, replay: await replayRow(blocks) };
  } else if (only === "scan") {
    process.stderr.write("keeper scan…\n");
    r = { ...previous, scan: await measureScan(1000) };
  } else if (only === "sweep") {
    r = { ...previous, sweep: measureSweeps() };
  } else {
    const borrowers = wholeArg("--borrowers", 1000, 1, 10_000);
    process.stderr.write(`two chains: ${n(borrowers)} borrowers per chain x ${n(blocks)} ticks…\n`);
    r = { ...previous, chains: await measureChains(borrowers, blocks) };
  }
  // Bytecode sizes are read from the compiled artifacts (no run): current with every row.
  const sized = { ...r, sizes: contractSizes(ROOT) };
  return { ...sized, targets: allTargets(sized) };
}

/** The simulation rows, one process per size. */
async function measureSims(sizes: readonly number[], blocks: number): Promise<SimSample[]> {
  const sim: SimSample[] = [];
  for (const size of sizes) {
    process.stderr.write(`simulation: ${size} borrowers x ${blocks} blocks…\n`);
    const sample = await measureSim(size, blocks);
    sim.push(sample);
    const per = sample.msPerLiquidation === null ? "n/a" : `${sample.msPerLiquidation.toFixed(0)} ms`;
    process.stderr.write(
      `  ${sample.liquidations} liquidations, block loop ${sample.runSeconds.toFixed(1)} s (${per} per liquidation)\n`,
    );
  }
  return sim;
}

/** The block loop against its agent-free replay at REPLAY_BORROWERS x `blocks`. */
async function replayRow(blocks: number): Promise<ReplaySample> {
  process.stderr.write(`block loop vs agent-free replay: ${REPLAY_BORROWERS} borrowers x ${blocks} blocks…\n`);
  const replay = await measureReplay(REPLAY_BORROWERS, blocks);
  process.stderr.write(
    `  loop ${replay.loopSeconds.toFixed(1)} s, replay ${replay.replaySeconds.toFixed(1)} s (x${replay.ratio.toFixed(2)})${ratiosNote(replay)}\n`,
  );
  return replay;
}

/** ` (median of N runs: a, b, c)` when the sample is the median of several runs. */
function ratiosNote(x: ReplaySample): string {
  if (!x.ratios || x.ratios.length < 2) return "";
  return ` (median of ${x.ratios.length} runs: ${x.ratios.map((r) => r.toFixed(2)).join(", ")})`;
}

/** `name`'s comma-separated whole numbers, each in [min, max]; `fallback` when the flag is absent. */
function listArg(name: string, fallback: number[], min: number, max: number): number[] {
  if (!process.argv.includes(name)) return fallback;
  const given = arg(name) ?? "";
  const values = given.split(",").map(Number);
  if (!given || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
    throw new Error(`${name}: must be whole numbers from ${n(min)} to ${n(max)}, comma-separated (got "${given}")`);
  }
  return values;
}

/** `name`'s value as a whole number in [min, max], `fallback` when the flag is absent; a bad value is one line. */
function wholeArg(name: string, fallback: number, min: number, max: number): number {
  const given = arg(name);
  if (!process.argv.includes(name)) return fallback;
  const v = Number(given);
  if (given === undefined || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${name}: must be a whole number from ${n(min)} to ${n(max)} (got "${given ?? ""}")`);
  }
  return v;
}

/** The results file `--only` puts its row into: it must exist and hold a targets list. */
function previousResults(only: string, out: string): BenchResults {
  if (!fs.existsSync(out)) {
    throw new Error(`--only ${only}: no results file to put the row into (${out}): run npm run bench first`);
  }
  let previous: BenchResults;
  try {
    previous = JSON.parse(fs.readFileSync(out, "utf8")) as BenchResults;
  } catch {
    throw new Error(`--only ${only}: ${out} is not JSON (a results file of npm run bench)`);
  }
  if (!Array.isArray(previous?.targets)) {
    throw new Error(`--only ${only}: ${out} has no targets list (not a results file of npm run bench)`);
  }
  return previous;
}

const n = (x: number) => x.toLocaleString("en-US");
const mark = (met: boolean | null) => (met === null ? "not run" : met ? "met" : "**missed**");

export function renderMarkdown(r: BenchResults): string {
  const gasRows = r.gas.map(
    (g) =>
      `| ${g.group} | ${g.operation} | ${n(g.ours)} | ${g.peer ? `${n(g.peer.gas)} (${g.peer.name})` : "—"} | ${
        g.peer ? (g.ours / g.peer.gas).toFixed(2) : ""
      } | ${g.target ? `${g.target.text}: ${mark(g.target.met)}` : ""} | ${g.note ?? ""} |`,
  );
  const simRows = r.sim.map(
    (s) =>
      `| ${n(s.borrowers)} x ${s.blocks} | ${s.wallSeconds.toFixed(1)} | ${s.setupSeconds.toFixed(1)} | ${s.openSeconds.toFixed(
        1,
      )} | ${s.runSeconds.toFixed(1)} | ${n(s.transactions)} | ${s.liquidations === undefined ? "–" : n(s.liquidations)} | ${s.msPerLiquidation == null ? "–" : s.msPerLiquidation.toFixed(0)} | ${s.txPerSecond.toFixed(1)} | ${s.blocksPerSecond.toFixed(
        2,
      )} | ${gb(s.peakRssMb)} |`,
  );
  const splitRows = r.sim.map((s) => {
    const total = s.split.mineMs + s.split.agentsMs + s.split.engineMs || 1;
    const pct = (x: number) => `${((100 * x) / total).toFixed(0)}%`;
    const top = Object.entries(s.split.byPhase)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(", ");
    return `| ${n(s.borrowers)} | ${(s.split.mineMs / 1000).toFixed(1)} s (${pct(s.split.mineMs)}) | ${(
      s.split.agentsMs / 1000
    ).toFixed(1)} s (${pct(s.split.agentsMs)}) | ${(s.split.engineMs / 1000).toFixed(1)} s (${pct(
      s.split.engineMs,
    )}) | ${top} |`;
  });
  const scan = r.scan;
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (scripts/bench/run.ts); do not edit by hand. Raw figures: bench/results.json. -->

Generated ${r.generatedAt} on ${r.machine.cpu} (${r.machine.cores} cores, ${r.machine.memoryGb} GB, ${
    r.machine.platform
  }; load average at start ${r.machine.loadAverageAtStart.join(" / ")}), Node ${r.versions.node}, Hardhat ${
    r.versions.hardhat
  }, solc ${r.versions.solc}, ethers ${r.versions.ethers}. Peers: ${Object.entries(r.versions.peers)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}.

Compare a later run with \`npm run bench -- --compare bench/results.json\` (prints new ÷ old for every figure).
Memory is peak resident memory; GB here are 10⁹ bytes, and every "< 2 GB" target means below 2 × 10⁹ bytes (1,907 MiB).
Runs use the lab's allocator setting ([engine.md](engine.md), "The network's allocator"): the network keeps freed
pages ${FAST_PURGE_DELAY_MS} ms in worlds of up to ${n(FAST_ALLOCATOR_MAX_BORROWERS)} borrowers, mimalloc's default above; the two-chain row sets its own (\`SCAN_ALLOCATOR_ENV\`).

## Gas (\`scripts/bench/gas.ts\`)

One in-process Hardhat network (Cancun, optimizer 200 runs for ours); the peers are deployed from the compiled
artifacts in their npm packages, not rebuilt. Same test tokens (MockERC20 USDC 6 decimals, WETH 18) on both sides;
pools 500 ETH / 850,000 USDC; lending positions 10 ETH against 14,900 USDC at ETH 2,000 (LTV 75%, threshold 80%,
bonus 5% on both markets, the same 2% / 10% / 100% rate curve with an 80% kink), liquidated after the price falls to
1,700 (health factor 0.913 on both). Figures are \`gasUsed\` from receipts; swaps and liquidity are measured after
one warm-up of each, so accumulators and balances are non-zero on both sides. Aave v3 has no auctions and these
packages hold no Chainlink transmit: those rows have no peer.

| group | operation | ours | peer | ours ÷ peer | target | note |
| --- | --- | ---: | --- | ---: | --- | --- |
${gasRows.join("\n")}

## Bytecode size (\`scripts/bench/sizes.ts\`)

Runtime bytecode of every core contract (all of contracts/ but the mocks in contracts/test and the simulation's
helpers in contracts/sim), from the compiled artifacts, next to the EIP-170 limit that the network config keeps on;
init code is bounded separately at ${EIP3860_INITCODE_LIMIT.toLocaleString("en-US")} bytes (EIP-3860). \`test/bench/sizes.test.ts\` fails when one is over.

${r.sizes ? renderSizes(r.sizes) : "Not measured in these results."}

## Simulation speed (\`scripts/bench/speed.ts\`)

Default cascade preset (\`scenarios/default.json\`) with \`borrowers.count\` and \`blocks\` overridden and its market
scaled to the population (\`scaledDefault\` in \`scripts/bench/sim-child.ts\`: lenders' supply, AMM and external depth,
arbitrage and keeper capital × borrowers ÷ 60, the size the preset is built for; capital-holding keepers 3 per 1,000
borrowers, at least 3, so throughput grows with the population), so every size runs the same cascade shape; each size in its own process (\`npx hardhat run scripts/bench/sim-child.ts\` under \`/usr/bin/time -v\`). Wall time includes
Hardhat start-up and compilation check; setup is deploying and opening the population; opening is authorising
and opening the positions plus the agents' set-up; tx/s, blocks/s and ms per liquidation are over the block loop.
${r.sim.some((s) => s.borrowers === 5000) ? "" : "5,000 borrowers are run only with `npm run bench -- --full` (about 10 minutes or more on this machine).\n"}
| borrowers x blocks | wall s | setup s | open s | block loop s | txs mined | liquidations | loop ms per liquidation | tx/s | blocks/s | peak memory GB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${simRows.join("\n")}
${
  r.system
    ? `\nThree markets and three assets (\`scenarios/system/fund-three-markets.json\` scaled by \`scaledSystem\` in \`scripts/bench/sim-child.ts\`; alone: \`npm run bench -- --only system\`): ${n(r.system.borrowers)} borrowers x ${r.system.blocks} blocks, wall ${r.system.wallSeconds.toFixed(1)} s (setup ${r.system.setupSeconds.toFixed(1)} s, block loop ${r.system.runSeconds.toFixed(1)} s), ${n(r.system.liquidations)} liquidations, peak memory ${gb(r.system.peakRssMb)} GB.\n`
    : `\nThree markets and three assets (${n(SYSTEM_BORROWERS)} borrowers x 300 blocks): not measured in these results (\`npm run bench -- --only system\` runs that row alone).\n`
}
${renderChains(r.chains)}
Where the block loop's time goes (\`CASCADE_PROFILE\`): mining is \`evm_mine\` (EVM execution of the block); agents
is their off-chain work and their RPC calls (observe, estimate, simulate, sign and send); engine is reading receipts
and refreshing the observed state, and the collections of \`CASCADE_GC_ABOVE_MB\` (none below that bound).

| borrowers | mining | agents | engine | largest phases |
| --- | ---: | ---: | ---: | --- |
${splitRows.join("\n")}

## Block loop vs agent-free replay (\`scripts/bench/replay.ts\`)

${r.replay ? renderReplay(r.replay) : "Not measured in these results."}

## Keeper scan (\`scripts/bench/lens-scan.ts\`)

${
  scan
    ? `${n(scan.positions)} positions of the default world (none liquidatable at the opening price: ${
        scan.liquidatableFound
      } found), ${
        scan.callPositions
          ? `each scan in \`eth_call\`s of ${n(scan.callPositions)} positions sent one after another (\`BENCH_SCAN_CALL\`, positions per call, default 200)`
          : "one \`eth_call\` each"
      }, median of 7 after a warm-up:

| scan of ${n(scan.positions)} positions | median ms | best ms |
| --- | ---: | ---: |
| \`RiskLens.liquidatable\` | ${scan.liquidatable.medianMs.toFixed(0)} | ${scan.liquidatable.bestMs.toFixed(0)} |
| \`RiskLens.healthFactors\` | ${scan.healthFactors.medianMs.toFixed(0)} | ${scan.healthFactors.bestMs.toFixed(0)} |
| \`RiskLens.rawPositions\` | ${scan.rawPositions.medianMs.toFixed(0)} | ${scan.rawPositions.bestMs.toFixed(0)} |
${
  scan.engineScan
    ? `| engine scan (\`Observer.view\`: event-fed mirror, chain reads, one \`RiskLens.previews\`) | ${scan.engineScan.medianMs.toFixed(0)} | ${scan.engineScan.bestMs.toFixed(0)} |\n`
    : ""
}
\`liquidatable\` over ${n(scan.positions)} positions executes ${n(scan.gas)} gas (eth_estimateGas${
        scan.callPositions ? ", summed over the calls" : ""
      }).${scan.callSizes?.length ? `\n\n${renderCallSizes(scan)}` : ""}`
    : "Not run."
}

## Sweep throughput (\`scripts/bench/sweep-speed.ts\`)

${
  r.sweep?.length
    ? `\`npx hardhat sweep --scenario default --seeds 1-N --workers W\` (N = ${RUNS_PER_WORKER} runs per worker), each in its own
process; runs a minute over the whole sweep, worker start-up included (docs/sweeps.md).

| workers | runs | seconds | runs/min | runs on a reused world | peak memory GB (largest process) |
| ---: | ---: | ---: | ---: | ---: | ---: |
${r.sweep.map((x) => `| ${x.workers} | ${x.runs} | ${x.seconds.toFixed(1)} | ${x.runsPerMinute.toFixed(1)} | ${x.reusedWorlds} | ${x.peakRssMb === undefined ? "—" : gb(x.peakRssMb)} |`).join("\n")}`
    : "Not measured in these results."
}

## Targets

| what | target | measured | |
| --- | --- | --- | --- |
${r.targets.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${mark(t.met)} |`).join("\n")}
`;
}

/** The replay section: loop and replay seconds, their ratio, and the loop's RPC calls. */
export function renderReplay(x: ReplaySample): string {
  const secs = (list: [string, number][] | undefined) =>
    (list ?? [])
      .slice(0, 4)
      .map(([m, sec]) => `${m} ${sec.toFixed(1)} s`)
      .join(", ");
  const mineOf = (list: [string, number][] | undefined) => list?.find(([m]) => m === "evm_mine")?.[1] ?? 0;
  const own = (x.rpcSeconds ?? [])
    .filter(([m]) => m === "evm_mine" || m === "eth_sendTransaction")
    .reduce((a, [, sec]) => a + sec, 0);
  const gc = x.replayCollections
    ? ` The replay's ${n(x.replayCollections)} garbage collections (${(x.replayCollectionSeconds ?? 0).toFixed(1)} s, \`CASCADE_GC_ABOVE_MB\`) are not counted in its time.`
    : "";
  return `The default preset scaled to ${n(x.borrowers)} borrowers (\`scaledDefault\`) runs ${x.blocks} blocks through the engine;
its ${n(x.transactions)} mined transactions are then sent again into the same world (the chain reverted to a snapshot
taken just before the first block), block by block at the same timestamps and base fees, with no agent, observer or
receipt reading, and mined (\`npx hardhat run scripts/bench/replay-child.ts\`, one process${
    x.ratios && x.ratios.length > 1
      ? `; run ${x.ratios.length} times, each in its own process: the figures are the run with the median ratio, the ratios ${x.ratios.map((r) => r.toFixed(2)).join(", ")}`
      : ""
  }). The replay rebuilt
${x.identical ? "every block with the recorded hash" : "**blocks that differ from the recorded ones**"}. What the loop costs on top of the chain's own work
is the ratio; the loop's JSON-RPC calls are counted by method.${gc}

| block loop s | replay s | loop ÷ replay | liquidations | RPC calls in the loop | per block | most called | peak memory GB |
| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
| ${x.loopSeconds.toFixed(1)} | ${x.replaySeconds.toFixed(1)} | ${x.ratio.toFixed(2)} | ${n(x.liquidations)} | ${n(x.rpcCalls)} | ${x.rpcPerBlock.toFixed(1)} | ${x.rpcTop
    .slice(0, 6)
    .map(([m, c]) => `${m} ${n(c)}`)
    .join(", ")} | ${gb(x.peakRssMb)} |
${
  x.replayRpcSeconds
    ? `
Where each side waited on the network: the loop ${secs(x.rpcSeconds)}; the replay ${secs(x.replayRpcSeconds)}. The
replay's \`evm_mine\` of the same blocks took ${mineOf(x.replayRpcSeconds).toFixed(1)} s, the loop's ${mineOf(x.rpcSeconds).toFixed(1)} s: the ratio compares whole wall times. Against
its own mining and sending alone (${own.toFixed(1)} s) the loop takes ×${(x.loopSeconds / Math.max(own, 1e-9)).toFixed(2)}.
`
    : ""
}`;
}

/** Every numeric leaf of two results, new ÷ old. */
export function compare(current: BenchResults, previous: BenchResults): string[] {
  const lines: string[] = [];
  for (const g of current.gas) {
    const old = previous.gas.find((p) => p.operation === g.operation);
    if (old) lines.push(`gas  ${g.operation}: ${old.ours} -> ${g.ours} (x${(g.ours / old.ours).toFixed(3)})`);
  }
  const keys = ["wallSeconds", "setupSeconds", "openSeconds", "runSeconds", "txPerSecond", "peakRssMb"] as const;
  for (const s of current.sim) {
    const old = previous.sim.find((p) => p.borrowers === s.borrowers && p.blocks === s.blocks);
    if (!old) continue;
    for (const k of keys) {
      lines.push(
        `sim  ${s.borrowers}x${s.blocks} ${k}: ${old[k].toFixed(1)} -> ${s[k].toFixed(1)} (x${(s[k] / old[k]).toFixed(3)})`,
      );
    }
  }
  for (const z of current.sizes ?? []) {
    const old = previous.sizes?.find((p) => p.contract === z.contract);
    if (old) lines.push(`size ${z.contract}: ${old.runtimeBytes} -> ${z.runtimeBytes} bytes (limit ${z.limit})`);
  }
  if (current.replay && previous.replay) {
    const [a, b] = [previous.replay, current.replay];
    lines.push(
      `replay loop ÷ replay: ${a.ratio.toFixed(2)} -> ${b.ratio.toFixed(2)} (x${(b.ratio / a.ratio).toFixed(3)})`,
    );
    lines.push(`replay RPC calls per block: ${a.rpcPerBlock.toFixed(1)} -> ${b.rpcPerBlock.toFixed(1)}`);
  }
  if (current.scan && previous.scan) {
    const [a, b] = [previous.scan.liquidatable.medianMs, current.scan.liquidatable.medianMs];
    lines.push(`scan liquidatable median ms: ${a.toFixed(0)} -> ${b.toFixed(0)} (x${(b / a).toFixed(3)})`);
  }
  return lines;
}

async function main() {
  const comparePath = arg("--compare");
  const given = arg("--results");
  const only = arg("--only");
  if (process.argv.includes("--only") && (only === undefined || !ONLY_ROWS.includes(only))) {
    throw new Error(`--only: must be ${ONLY_ROWS.map((r) => `"${r}"`).join(" or ")} (got "${only ?? ""}")`);
  }
  let results: BenchResults;
  if (only) {
    // One row alone, put into the results file beside the figures already there (checked before the long run).
    const out = arg("--out") ?? path.join(ROOT, "bench", "results.json");
    const previous = previousResults(only, out);
    results = await onlyRow(only, previous);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
    process.stderr.write(`wrote ${path.relative(ROOT, out)} (${only} row)\n`);
  } else if (given) {
    results = JSON.parse(fs.readFileSync(given, "utf8")) as BenchResults;
  } else {
    const blocks = Number(arg("--blocks") ?? 300);
    const sizes = (arg("--sizes") ?? (process.argv.includes("--full") ? "100,1000,5000" : "100,1000"))
      .split(",")
      .map(Number);
    const m = machine();
    process.stderr.write("gas…\n");
    const gas = runGas();
    const bytecode = contractSizes(ROOT); // compiled by the gas run
    const sim = await measureSims(sizes, blocks);
    // A world of three assets and three markets (scenarios/system/fund-three-markets.json scaled); --no-system skips it.
    const system = process.argv.includes("--no-system") ? undefined : await measureSystem(blocks);
    const replay = process.argv.includes("--no-replay") ? undefined : await replayRow(blocks);
    process.stderr.write("keeper scan…\n");
    const scan = await measureScan(1000);
    const sweep = process.argv.includes("--no-sweep") ? [] : measureSweeps();
    const noChains = process.argv.includes("--no-chains");
    if (!noChains) process.stderr.write("two chains: 1,000 borrowers per chain x 300 ticks…\n");
    const chains = noChains ? undefined : await measureChains(1000, 300);
    results = {
      generatedAt: new Date().toISOString(),
      machine: m,
      versions: {
        node: process.version,
        hardhat: version("hardhat"),
        solc: version("solc"),
        ethers: version("ethers"),
        peers: Object.fromEntries(
          ["@uniswap/v2-core", "@uniswap/v2-periphery", "@aave/core-v3"].map((p) => [p, version(p)]),
        ),
      },
      gas,
      sim,
      ...(system ? { system } : {}),
      scan,
      sizes: bytecode,
      sweep,
      ...(replay ? { replay } : {}),
      ...(chains ? { chains } : {}),
      targets: [],
    };
    results.targets = allTargets(results);
    const out = arg("--out") ?? path.join(ROOT, "bench", "results.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
    process.stderr.write(`wrote ${path.relative(ROOT, out)}\n`);
  }
  if (!process.argv.includes("--no-doc") && (!given || process.argv.includes("--render"))) {
    const doc = arg("--doc") ?? path.join(ROOT, "docs", "BENCHMARKS.md");
    fs.writeFileSync(doc, renderMarkdown(results));
    process.stderr.write(`wrote ${path.relative(ROOT, doc)}\n`);
    writeEngineMeasured(results);
    process.stderr.write("wrote docs/engine.md (Measured)\n");
  }
  for (const t of results.targets)
    process.stdout.write(`${mark(t.met).padEnd(10)} ${t.what}: ${t.measured} (${t.target})\n`);
  if (comparePath) {
    const previous = JSON.parse(fs.readFileSync(comparePath, "utf8")) as BenchResults;
    process.stdout.write(`\ncompared with ${comparePath} (${previous.generatedAt}): new ÷ old\n`);
    for (const line of compare(results, previous)) process.stdout.write(line + "\n");
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    // A bad flag is one line; anything else keeps its stack (a failed measurement is worth the trace).
    const message = e instanceof Error ? e.message : String(e);
    console.error(/^--[a-z-]+/.test(message) ? `bench: ${message}` : e);
    process.exitCode = 1;
  });
}
