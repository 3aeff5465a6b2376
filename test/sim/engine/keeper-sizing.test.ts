import { expect } from "chai";
import hre from "hardhat";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import { runOnSnapshot } from "../../../scripts/sim/presets";

/** A 25% shock on 40 borrowers selling into a thin AMM (300k USDC a side): full-size liquidations do not pay. */
const thin = (sizing: "close-factor" | "amm-depth"): ScenarioInput => ({
  name: `sizing-${sizing}`,
  seed: 1,
  blocks: 30,
  borrowers: { count: 40 },
  path: { kind: "step", atBlock: 3, dropPct: 25 },
  amm: { depth: 300_000 },
  // Inventory keepers that race (the setting this comparison was measured with): only the sizing differs.
  keepers: [
    { strategy: "fixed-bonus", count: 2, capital: 2_000_000, sizing, execution: "inventory", targeting: "race" },
  ],
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
});

describe("Keeper sizing in the engine", function () {
  this.timeout(300_000);

  it("amm-depth keepers liquidate in parts what close-factor keepers skip in a thin market, and earn more", async () => {
    const full = await runOnSnapshot(hre, parseScenario(thin("close-factor")));
    const depth = await runOnSnapshot(hre, parseScenario(thin("amm-depth")));
    expect(depth.summary.liquidations.count).to.be.greaterThan(full.summary.liquidations.count);
    expect(depth.summary.liquidations.debtRepaid).to.be.greaterThan(full.summary.liquidations.debtRepaid);
    expect(depth.summary.keepers.grossProfit).to.be.greaterThan(full.summary.keepers.grossProfit);
    // the same borrower is liquidated more than once: in parts
    const per = new Map<string, number>();
    for (const l of depth.liquidations) per.set(l.borrower, (per.get(l.borrower) ?? 0) + 1);
    expect(Math.max(...per.values())).to.be.greaterThan(1);
  });
});
