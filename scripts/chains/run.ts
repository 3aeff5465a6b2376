/**
 * Runs a two-chain contagion preset and its counterfactual without the crash on A, prints and writes the measures:
 *   npx hardhat run scripts/chains/run.ts
 * Environment: CHAINS_PRESET (default shared-whale; see scripts/chains/contagion/spec.ts), CHAINS_BORROWERS
 * (borrowers per chain, default 40), CHAINS_DURATION (seconds, default 600), CHAINS_DELAY_BLOCKS (the bridge's
 * delay in source-chain blocks, default 2), CHAINS_FEED_LATENCY (latency of B's wrapped-asset feed, seconds,
 * default 0), CHAINS_LENDER_SUPPLY (each market's lenders' supply, whole stablecoins, default 10,000,000), CHAINS_SEED (default 1), CHAINS_OUT (a JSON file to write).
 */
import { writeFileSync } from "node:fs";
import hre from "hardhat";
import { runContagion } from "./contagion/run";
import { DEFAULT_CHAIN_MARKET } from "./contagion/market";
import { contagionSpec } from "./contagion/spec";

async function main() {
  const env = process.env;
  const preset = env.CHAINS_PRESET ?? "shared-whale";
  const base = contagionSpec(preset, {
    ...(env.CHAINS_BORROWERS ? { borrowersPerChain: Number(env.CHAINS_BORROWERS) } : {}),
    ...(env.CHAINS_DURATION ? { durationSec: Number(env.CHAINS_DURATION) } : {}),
    ...(env.CHAINS_SEED ? { seed: env.CHAINS_SEED } : {}),
    ...(env.CHAINS_LENDER_SUPPLY
      ? { market: { ...DEFAULT_CHAIN_MARKET, lenderSupply: Number(env.CHAINS_LENDER_SUPPLY) } }
      : {}),
    ...(env.CHAINS_FEED_LATENCY ? { remoteFeedLatencySec: Number(env.CHAINS_FEED_LATENCY) } : {}),
    ...(env.CHAINS_DELAY_BLOCKS ? { bridge: { delayBlocks: Number(env.CHAINS_DELAY_BLOCKS) } } : {}),
  });
  const withCrash = await runContagion(hre, base);
  const noCrash = await runContagion(hre, { ...base, crash: { ...base.crash, drop: 0 } });
  const round = (x: number) => Math.round(x * 100) / 100;
  const out = {
    preset,
    spec: base,
    withCrash,
    noCrash,
    causedByA: {
      badDebtB: round(withCrash.B.badDebt - noCrash.B.badDebt),
      underwaterB: round(withCrash.B.underwater - noCrash.B.underwater),
      liquidationsB: withCrash.B.liquidations - noCrash.B.liquidations,
    },
  };
  const json = JSON.stringify(out, null, 2);
  if (env.CHAINS_OUT) writeFileSync(env.CHAINS_OUT, json + "\n");
  console.log(json);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
