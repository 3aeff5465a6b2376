import { expect } from "chai";
import hre from "hardhat";
import { runPreset, type ScenarioPatch } from "../../scripts/sim/presets";
import type { RunResult } from "../../scripts/sim/engine";

/**
 * The engine against its frictionless baseline (issue 14): with atomic keepers, unlimited throughput, no gas, no
 * oracle latency and a step shock, the engine's cascade is the baseline's — the same number of liquidations exactly,
 * and the final AMM price, total repaid and bad debt within 1%.
 */
const TOLERANCE = 0.01;

/** Everything that is a friction, removed: one atomic keeper that can take every target in a block, free gas. */
const frictionless: ScenarioPatch = {
  blocks: 10,
  borrowers: { count: 40 },
  path: { kind: "step", initialPrice: 2000, atBlock: 2, dropPct: 25 },
  oracle: { latencySeconds: 0, latencyBlocks: 0, deviationThresholdBps: 0 },
  chain: {
    blockGasLimit: 200_000_000,
    baseFee: { initialGwei: 0, mode: "fixed" },
    congestion: { backgroundGasShare: 0, burstProbability: 0 },
  },
  keepers: [
    {
      strategy: "fixed-bonus",
      count: 1,
      capital: 100_000_000,
      execution: "atomic",
      sizing: "amm-depth",
      targeting: "race",
      actionsPerBlock: 1000,
      // No tip: the arbitrageur (1 gwei) trades first in a block, as the baseline arbitrages before each round.
      priorityFee: { policy: "fixed", gwei: 0 },
    },
  ],
};

function finalAmmPrice(r: RunResult): number {
  return r.blocks[r.blocks.length - 1].ammPrice;
}

function within(engine: number, baseline: number, what: string) {
  const scale = Math.max(Math.abs(engine), Math.abs(baseline));
  const err = scale === 0 ? 0 : Math.abs(engine - baseline) / scale;
  expect(err, `${what}: engine ${engine}, baseline ${baseline}`).to.be.at.most(TOLERANCE);
}

function agree(r: RunResult) {
  const s = r.summary;
  const b = s.baseline!;
  const unit = 10 ** r.scenario.tokens.debt.decimals;
  expect(s.liquidations.count, "liquidations").to.equal(b.liquidations);
  within(finalAmmPrice(r), b.finalAmmPrice, "final AMM price");
  within(Number(s.liquidations.debtRepaid) / unit, Number(b.debtRepaid) / unit, "total repaid");
  within(Number(s.badDebt) / unit, Number(b.badDebt) / unit, "bad debt");
  return { engine: s.liquidations.count, baseline: b.liquidations };
}

/** Arbitrage that closes any gap above 10 bps in one trade, offset on an external market too deep to move. */
const restoringArbitrage: ScenarioPatch = {
  arbitrage: { count: 1, capital: 1e12, maxTradePerBlock: 1e12, minEdgeBps: 10 },
  externalMarket: { depth: 1e15, recoveryPerBlock: 0 },
};

describe("the engine matches the frictionless baseline", function () {
  this.timeout(600_000);

  it("thin AMM (1M a side): each round one liquidation drains the AMM to the liquidation price, arbitrage refills it", async () => {
    // An atomic keeper sized to the depth leaves the AMM where one more unit would not pay; the next liquidation
    // waits for arbitrage. The baseline does the same in rounds; the engine in every other block.
    const r = await runPreset(hre, "default", {
      ...frictionless,
      ...restoringArbitrage,
      blocks: 80,
      borrowers: { count: 20 },
      amm: { depth: 1_000_000 },
    });
    expect(r.summary.liquidations.count).to.be.greaterThan(20);
    agree(r);
  });

  it("thin AMM without arbitrage: the keepers' sales alone move the AMM (exact to the wei)", async () => {
    const r = await runPreset(hre, "default", { ...frictionless, amm: { depth: 1_000_000 }, arbitrage: { count: 0 } });
    const b = r.summary.baseline!;
    expect(r.summary.liquidations.count).to.equal(b.liquidations);
    expect(r.summary.liquidations.debtRepaid).to.equal(b.debtRepaid);
    expect(finalAmmPrice(r)).to.equal(b.finalAmmPrice);
  });

  it("deep AMM (20M a side)", async () => {
    // Blocks enough for arbitrage to refill the AMM after the last liquidation, as the baseline's final price has it.
    const r = await runPreset(hre, "default", {
      ...frictionless,
      ...restoringArbitrage,
      blocks: 30,
      amm: { depth: 20_000_000 },
    });
    expect(r.summary.liquidations.count).to.be.greaterThan(20);
    agree(r);
  });

  // The market reads the AMM spot at call time, so the keeper prices each transaction at the AMM its earlier ones
  // (and the arbitrage that outbids it) leave, and takes the positions its own sales make liquidatable in the same
  // block, as the baseline's round does.
  it("live-spot spiral: the market reads the AMM spot, so each sale lowers the price of the next liquidation", async () => {
    const r = await runPreset(hre, "default", {
      ...frictionless,
      ...restoringArbitrage,
      amm: { depth: 2_000_000 },
      oracle: { source: "amm-spot-live" },
    });
    expect(r.summary.liquidations.count).to.be.greaterThan(5);
    agree(r);
  });

  it("live-spot, a 10% shock: the keeper's own sales make the rest liquidatable, and it takes them in the same block", async () => {
    const r = await runPreset(hre, "default", {
      ...frictionless,
      ...restoringArbitrage,
      path: { kind: "step", initialPrice: 2000, atBlock: 2, dropPct: 10 },
      amm: { depth: 2_000_000 },
      oracle: { source: "amm-spot-live" },
    });
    expect(r.summary.liquidations.count).to.be.greaterThan(5);
    agree(r);
  });
});
