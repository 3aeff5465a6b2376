/**
 * One two-chain contagion run for the bench (scripts/bench/chains.ts starts it as a child so its peak memory is its
 * own): the preset CHAINS_PRESET (default shared-whale) with CHAINS_BORROWERS borrowers per chain (default 1,000)
 * for CHAINS_BLOCKS ticks of the shared clock (default 300, = blocks of the faster chain B), with the crash on A.
 * Prints `BENCH_RESULT {json}`: wall seconds per phase, resident memory and JS heap after each phase and every 50
 * ticks, this process's peak resident memory, the run's headline measures.
 *   npx hardhat run scripts/bench/chains-child.ts
 */
import hre from "hardhat";
import { runContagion } from "../chains/contagion/run";
import { DEFAULT_CHAIN_MARKET } from "../chains/contagion/market";
import { contagionSpec } from "../chains/contagion/spec";
import { collectGarbage as collect } from "../sim/native-memory";

const MB = 2 ** 20;

interface MemorySample {
  readonly at: string;
  readonly seconds: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly externalMb: number;
}

async function main() {
  const env = process.env;
  const borrowers = Number(env.CHAINS_BORROWERS ?? 1000);
  const blocks = Number(env.CHAINS_BLOCKS ?? 300);
  const base = contagionSpec(env.CHAINS_PRESET ?? "shared-whale", {
    borrowersPerChain: borrowers,
    market: { ...DEFAULT_CHAIN_MARKET, lenderSupply: Math.max(DEFAULT_CHAIN_MARKET.lenderSupply, borrowers * 40_000) },
  });
  // The clock's ticks are B's blocks (B's block time divides A's): `blocks` ticks last blocks x B's block time.
  const spec = { ...base, durationSec: blocks * base.chains[1].blockTimeSec };
  const t0 = Date.now();
  const samples: MemorySample[] = [];
  const sample = async (at: string) => {
    if (env.CHAINS_BENCH_GC_PROBE) {
      const before = process.memoryUsage.rss();
      await collect();
      process.stderr.write(
        `${at}: rss ${Math.round(before / MB)} MB before a full collection, ${Math.round(process.memoryUsage.rss() / MB)} MB after\n`,
      );
    }
    const m = process.memoryUsage();
    samples.push({
      at,
      seconds: (Date.now() - t0) / 1000,
      rssMb: Math.round(m.rss / MB),
      heapUsedMb: Math.round(m.heapUsed / MB),
      externalMb: Math.round(m.external / MB),
    });
    if (env.CHAINS_BENCH_VERBOSE) process.stderr.write(JSON.stringify(samples[samples.length - 1]) + "\n");
  };
  // The phases' samples miss what happens inside one: every 250 ms the resident memory, and the largest seen with the
  // phase it happened in (the phase after the last sample taken; a long native call lets the timer run).
  const peak = { rssMb: 0, during: "start" };
  const ticker = setInterval(() => {
    const rssMb = Math.round(process.memoryUsage.rss() / MB);
    if (rssMb > peak.rssMb) Object.assign(peak, { rssMb, during: `after ${samples.at(-1)?.at ?? "start"}` });
  }, 250);
  ticker.unref();
  if (env.CHAINS_BENCH_VERBOSE) {
    const progress = setInterval(
      () => process.stderr.write(`peak so far ${peak.rssMb} MB (${peak.during}); last sample ${samples.at(-1)?.at}\n`),
      30_000,
    );
    progress.unref();
  }
  await sample("start");
  const r = await runContagion(hre, spec, {
    onPhase: (p) => sample(p),
    onTick: async (_t, n) => {
      if (n % 50 === 0) await sample(`tick ${n}`);
    },
  });
  const out = {
    preset: env.CHAINS_PRESET ?? "shared-whale",
    borrowersPerChain: borrowers,
    ticks: r.ticks,
    wallSeconds: (Date.now() - t0) / 1000,
    liquidations: { A: r.A.liquidations, B: r.B.liquidations },
    badDebt: { A: r.A.badDebt, B: r.B.badDebt },
    firstLiquidationDelaySec: r.firstLiquidationDelaySec,
    memory: samples,
    maxRssKb: process.resourceUsage().maxRSS,
    peakSampled: peak,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
