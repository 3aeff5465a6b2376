/**
 * One simulation-speed sample, run in its own process by `scripts/bench/speed.ts`:
 *   BENCH_BORROWERS=1000 BENCH_BLOCKS=300 CASCADE_PROFILE=1 npx hardhat run scripts/bench/sim-child.ts
 * Runs the default preset, scaled to the population (`scaledDefault`), through the engine and prints one `BENCH_RESULT {json}` line: phase times, the
 * transactions mined in the simulated blocks, and this process's peak memory. The engine's per-phase profile goes
 * to stderr (CASCADE_PROFILE=1), where the parent reads it.
 */
import hre from "hardhat";
import { runScenario } from "../sim/engine";
import * as fs from "node:fs";
import { loadPreset, presetFile, type ScenarioPatch } from "../sim/presets";

/** The default preset is sized for 60 borrowers. */
const DEFAULT_BORROWERS = 60;
/** Capital-holding keepers per 1,000 borrowers (at least this many at any size): throughput grows with the book. */
const KEEPERS_PER_THOUSAND = 3;

/** Fixed-bonus keepers for a population: 3 per 1,000 borrowers, never fewer than 3 (1,000 → 3, 5,000 → 15). */
export function scaledKeeperCount(borrowers: number): number {
  return Math.max(KEEPERS_PER_THOUSAND, Math.ceil((KEEPERS_PER_THOUSAND * borrowers) / 1000));
}

/**
 * The default preset with its market scaled to the population (k = borrowers / 60, at least 1): lenders' supply,
 * AMM and external-market depth, arbitrage and keeper capital and gas budgets all × k, so that 5,000 borrowers can
 * open at all (they borrow ~200M against the preset's 50M of supply) and the shock cascades through a market of the
 * same shape at every size instead of crashing a 60-borrower AMM. The keepers scale too (`scaledKeeperCount`), their
 * total capital staying × k, so liquidation throughput grows with the population.
 */
export function scaledDefault(borrowers: number, blocks: number): ScenarioPatch {
  const k = Math.max(1, borrowers / DEFAULT_BORROWERS);
  const keepers = scaledKeeperCount(borrowers);
  const share = KEEPERS_PER_THOUSAND / keepers;
  return {
    blocks,
    borrowers: { count: borrowers },
    market: { lenderSupply: 50_000_000 * k },
    amm: { depth: 2_000_000 * k },
    externalMarket: { depth: 20_000_000 * k },
    arbitrage: { capital: 1_000_000 * k, maxTradePerBlock: 100_000 * k },
    keepers: [
      { strategy: "fixed-bonus", count: keepers, capital: 500_000 * k * share, gasBudget: k * share },
      { strategy: "flash", count: 1, capital: 0, gasBudget: k, priorityFee: { policy: "profit-share" } },
    ],
  };
}

/** The system preset the bench runs with BENCH_TOPOLOGY=system (3 assets, 3 markets, a fund), and its size. */
export const SYSTEM_PRESET = "system/fund-three-markets";
const SYSTEM_PRESET_BORROWERS = 240;

/**
 * The three-market preset scaled to `borrowers` in all (split evenly over its populations, the fund kept): lenders'
 * supply, AMM and external depth, arbitrage and keeper capital × borrowers ÷ 240, the size it is built for.
 */
export function scaledSystem(borrowers: number, blocks: number): ScenarioPatch {
  const preset = JSON.parse(fs.readFileSync(presetFile(SYSTEM_PRESET), "utf8")) as {
    amm: { depth: number };
    assets: { amm?: { depth: number } }[];
    markets: { borrowers: object[] }[];
  };
  const k = Math.max(1, borrowers / SYSTEM_PRESET_BORROWERS);
  const populations = preset.markets.reduce((a, m) => a + m.borrowers.length, 0);
  const count = Math.max(1, Math.round(borrowers / populations));
  return {
    blocks,
    market: { lenderSupply: 60_000_000 * k },
    amm: { depth: preset.amm.depth * k },
    externalMarket: { depth: 10_000_000 * k },
    arbitrage: { capital: 20_000_000 * k, maxTradePerBlock: 2_000_000 * k },
    assets: preset.assets.map((a) => (a.amm ? { ...a, amm: { ...a.amm, depth: a.amm.depth * k } } : a)),
    markets: preset.markets.map((m) => ({ ...m, borrowers: m.borrowers.map((p) => ({ ...p, count })) })),
    keepers: [{ strategy: "fixed-bonus", count: scaledKeeperCount(borrowers / 3), capital: 20_000_000 * k }],
  };
}

async function main() {
  const borrowers = Number(process.env.BENCH_BORROWERS ?? 100);
  const blocks = Number(process.env.BENCH_BLOCKS ?? 300);
  const system = process.env.BENCH_TOPOLOGY === "system";
  const scenario = system
    ? loadPreset(SYSTEM_PRESET, scaledSystem(borrowers, blocks))
    : loadPreset("default", scaledDefault(borrowers, blocks));
  const started = Date.now();
  const phases: Record<string, number> = {};
  const result = await runScenario(hre, scenario, {
    onPhase: (p) => (phases[p.replace(/\d+ /, "")] = (Date.now() - started) / 1000),
  });
  const latest = Number(await hre.network.provider.send("eth_blockNumber"));
  let transactions = 0;
  for (let n = latest - blocks + 1; n <= latest; n++) {
    const block = (await hre.network.provider.send("eth_getBlockByNumber", ["0x" + n.toString(16), false])) as {
      transactions: string[];
    };
    transactions += block.transactions.length;
  }
  const out = {
    borrowers,
    blocks,
    setupSeconds: result.setupSeconds,
    runSeconds: result.runSeconds,
    // From "opening N positions" to "reading positions": authorisations, batched opening, agents' setup.
    openSeconds: (phases["reading positions"] ?? 0) - (phases["opening positions"] ?? 0),
    phases,
    transactions,
    liquidations: result.liquidations.length,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
}

// Only when run itself: replay-child.ts imports `scaledDefault` from here.
if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
