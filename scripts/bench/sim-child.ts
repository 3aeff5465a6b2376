/**
 * One simulation-speed sample, run in its own process by `scripts/bench/speed.ts`:
 *   BENCH_BORROWERS=1000 BENCH_BLOCKS=300 CASCADE_PROFILE=1 npx hardhat run scripts/bench/sim-child.ts
 * Runs the default preset through the engine and prints one `BENCH_RESULT {json}` line: phase times, the
 * transactions mined in the simulated blocks, and this process's peak memory. The engine's per-phase profile goes
 * to stderr (CASCADE_PROFILE=1), where the parent reads it.
 */
import * as path from "node:path";
import hre from "hardhat";
import { loadScenarioFile } from "../sim/scenario";
import { runScenario } from "../sim/engine";

async function main() {
  const borrowers = Number(process.env.BENCH_BORROWERS ?? 100);
  const blocks = Number(process.env.BENCH_BLOCKS ?? 300);
  const scenario = loadScenarioFile(path.join(hre.config.paths.root, "scenarios", "default.json"), [
    `borrowers.count=${borrowers}`,
    `blocks=${blocks}`,
  ]);
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

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
