import { expect } from "chai";
import hre from "hardhat";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import type { RunResult } from "../../../scripts/sim/engine";
import { runOnSnapshot } from "../../../scripts/sim/presets";

const SMALL: ScenarioInput = {
  name: "risk-controls",
  seed: 11,
  blocks: 30,
  borrowers: { count: 20 },
  path: { kind: "step", atBlock: 3, dropPct: 20 },
  amm: { depth: 1_000_000 },
  keepers: [{ strategy: "fixed-bonus", count: 2, capital: 2_000_000 }],
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
  market: { lenderSupply: 20_000_000 },
};

/** Each run starts from the same chain state (a snapshot, restored after). */
const run = (input: ScenarioInput): Promise<RunResult> => runOnSnapshot(hre, parseScenario(input));

describe("Risk controls in the engine", function () {
  this.timeout(300_000);

  it("a circuit breaker on the price move halts the cascade while it is tripped, and lets it resume after", async () => {
    const without = await run(SMALL);
    const halted = await run({
      ...SMALL,
      riskControls: {
        circuitBreaker: { enabled: true, maxPriceMoveBps: 1000, cooldownSeconds: 120, effects: ["full-halt"] },
      },
    });
    expect(without.summary.liquidations.count).to.be.greaterThan(0);
    expect(halted.summary.riskControls.breakerTrippedBlocks).to.be.greaterThan(5);
    const tripped = halted.blocks.filter((b) => b.breakerTripped).map((b) => b.block);
    // no liquidation happens in a block that ends with the breaker tripped
    for (const b of halted.blocks) if (b.breakerTripped) expect(b.liquidations, `block ${b.block}`).to.equal(0);
    // the first liquidation comes later than without the breaker: the face that delays needed liquidations
    expect(halted.summary.cascade.firstBlock ?? Infinity).to.be.greaterThan(without.summary.cascade.firstBlock!);
    expect(Math.min(...tripped)).to.be.lessThan(without.summary.cascade.lastBlock!);
    // after the cooldown (120 s = 10 blocks) the breaker resets and the liquidations come
    expect(halted.summary.liquidations.count).to.be.greaterThan(0);
    expect(halted.summary.cascade.firstBlock!).to.be.greaterThan(Math.min(...tripped));
  });

  it("the dynamic risk controller lowers the threshold as volatility rises, within its bounds", async () => {
    const r = await run({
      ...SMALL,
      borrowers: { count: 5 },
      path: { kind: "gbm", volatilityPerYear: 3, seed: "vol" },
      oracle: { deviationThresholdBps: 10 },
      riskControls: {
        dynamicRisk: { enabled: true, minThreshold: 0.6, maxThresholdStep: 0.005, minUpdateIntervalSeconds: 0 },
      },
    });
    const thresholds = r.blocks.map((b) => b.liquidationThreshold!);
    expect(thresholds[0]).to.be.lte(0.85);
    expect(r.summary.riskControls.minLiquidationThreshold!).to.be.lessThan(0.85);
    expect(r.summary.riskControls.minLiquidationThreshold!).to.be.gte(0.6);
    // rate-limited: never more than one step of 0.005 between consecutive blocks
    for (let i = 1; i < thresholds.length; i++)
      expect(Math.abs(thresholds[i] - thresholds[i - 1])).to.be.lte(0.005 + 1e-12);
  });
});
