import { expect } from "chai";
import hre from "hardhat";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import type { RunResult } from "../../../scripts/sim/engine";
import { runOnSnapshot } from "../../../scripts/sim/presets";
import { blocksCsv, liquidationsCsv } from "../../../scripts/report/csv";
import { toJson } from "../../../scripts/sim/metrics";

/** A small world: 20 borrowers, 30 blocks, one fixed-bonus keeper, no background traffic. */
const SMALL: ScenarioInput = {
  name: "small",
  seed: 7,
  blocks: 30,
  borrowers: { count: 20 },
  keepers: [{ strategy: "fixed-bonus", count: 2, capital: 2_000_000 }],
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
  market: { lenderSupply: 20_000_000 },
};

const RACER = { strategy: "fixed-bonus", count: 1, capital: 1_000_000, targeting: "race" } as const;

/** Each run starts from the same chain state (a snapshot, restored after). */
const run = (input: ScenarioInput): Promise<RunResult> => runOnSnapshot(hre, parseScenario(input));

describe("Cascade engine", function () {
  this.timeout(300_000);

  it("a calm scenario (no shock) has no liquidation and no bad debt", async () => {
    const r = await run({ ...SMALL, path: { kind: "step", dropPct: 0 } });
    expect(r.summary.liquidations.count).to.equal(0);
    expect(r.summary.badDebt).to.equal(0n);
    expect(r.summary.amplification).to.equal(null); // no exogenous shock to amplify
    expect(r.blocks).to.have.length(30);
  });

  it("a step shock into a thin AMM cascades: liquidations in several blocks and rounds, amplification > 1", async () => {
    const r = await run({ ...SMALL, path: { kind: "step", atBlock: 3, dropPct: 20 }, amm: { depth: 1_000_000 } });
    expect(r.summary.liquidations.count).to.be.greaterThan(3);
    // Rounds: atomic keepers sell into the AMM until the next liquidation no longer pays, and come back once
    // arbitrage has refilled it (a block later), so the cascade runs in rounds rather than in consecutive blocks.
    const withLiquidations = r.blocks.filter((b) => b.liquidations > 0).map((b) => b.block);
    expect(withLiquidations.length, `liquidation blocks ${withLiquidations}`).to.be.greaterThan(3);
    expect(r.summary.cascade.rounds).to.be.greaterThan(1);
    expect(r.summary.amplification).to.be.greaterThan(1);
    // the AMM fell further than the exogenous path: the seized collateral was sold into it
    expect(r.summary.ammPeakDrawdown).to.be.greaterThan(r.summary.exogenousShock);
    expect(r.summary.liquidations.collateralSold).to.be.greaterThan(0n);
  });

  it("is deterministic: the same scenario and seed give byte-identical summary and CSVs", async () => {
    const input = { ...SMALL, path: { kind: "step" as const, atBlock: 3, dropPct: 20 }, amm: { depth: 1_000_000 } };
    const a = await run(input);
    const b = await run(input);
    expect(toJson(b.summary)).to.equal(toJson(a.summary));
    expect(blocksCsv(b.blocks)).to.equal(blocksCsv(a.blocks));
    expect(liquidationsCsv(b.liquidations)).to.equal(liquidationsCsv(a.liquidations));
    const c = await run({ ...input, seed: 8 });
    expect(toJson(c.summary)).to.not.equal(toJson(a.summary)); // another population
  });

  it("two keepers race for one liquidation: the higher priority fee wins, the loser reverts and pays gas", async () => {
    const r = await run({
      ...SMALL,
      blocks: 8,
      borrowers: {
        count: 1,
        size: { kind: "uniform", min: 100, max: 100 },
        health: { kind: "uniform", min: 1.05, max: 1.05 },
      },
      market: { lenderSupply: 20_000_000, closeFactor: 1 },
      path: { kind: "step", atBlock: 2, dropPct: 15 },
      arbitrage: { count: 0 },
      keepers: [
        // Racing (the default avoid-pending keeper would leave a target with a competitor's pending tx alone).
        { ...RACER, priorityFee: { policy: "fixed", gwei: 1 } },
        { ...RACER, priorityFee: { policy: "fixed", gwei: 50 } },
      ],
    });
    expect(r.liquidations).to.have.length(1);
    expect(r.liquidations[0].keeper).to.equal("keeper/fixed-bonus/1.0"); // the 50 gwei bidder
    const block = r.blocks[r.liquidations[0].block];
    expect(block.keeperGasFailed).to.be.greaterThan(0n); // the 1 gwei bidder's liquidation reverted in the same block
    expect(r.summary.keepers.gasWasted).to.equal(block.keeperGasFailed);
    expect(block.priorityFeesPaid).to.be.greaterThan(0n);
  });

  it("the oracle price lags the external price by the configured latency", async () => {
    // 24 s of latency = 2 blocks of 12 s: the drop at block 5 shows in the oracle from block 7 on
    const r = await run({
      ...SMALL,
      blocks: 12,
      borrowers: { count: 0 },
      keepers: [],
      arbitrage: { count: 0 },
      path: { kind: "step", atBlock: 5, dropPct: 10 },
      oracle: { latencySeconds: 24, latencyBlocks: 0, deviationThresholdBps: 10 },
    });
    const external = r.blocks.map((b) => b.externalPrice);
    const oracle = r.blocks.map((b) => b.oraclePrice);
    expect(external[4]).to.equal(2000);
    expect(external[5]).to.equal(1800);
    // observed at block 5, submitted at block 5, visible 24 s later
    expect(oracle.slice(0, 7)).to.deep.equal([2000, 2000, 2000, 2000, 2000, 2000, 2000]);
    expect(oracle[7]).to.equal(1800);
  });
});
