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
  // Atomic keepers: the sale is in the liquidation's transaction, so realized profit is what sizing earns.
  keepers: [{ strategy: "fixed-bonus", count: 2, capital: 2_000_000, sizing }],
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
});

describe("Keeper sizing in the engine", function () {
  this.timeout(300_000);

  it("amm-depth keepers liquidate in parts what close-factor keepers skip in a thin market", async () => {
    const full = await runOnSnapshot(hre, parseScenario(thin("close-factor")));
    const depth = await runOnSnapshot(hre, parseScenario(thin("amm-depth")));
    expect(depth.summary.liquidations.count).to.be.greaterThan(full.summary.liquidations.count);
    // With atomic sales the close-factor keepers still land the full-size liquidations that pay, and in this world
    // repay more debt and realize more profit than amm-depth ones (measured with inventory keepers and profit marked
    // at the external price, amm-depth looked better on both): the finding is reported, not asserted either way.
    // the same borrower is liquidated more than once: in parts
    const per = new Map<string, number>();
    for (const l of depth.liquidations) per.set(l.borrower, (per.get(l.borrower) ?? 0) + 1);
    expect(Math.max(...per.values())).to.be.greaterThan(1);
  });
});
