import { expect } from "chai";
import hre from "hardhat";
import { runRow } from "../../scripts/sim/comparisons/oracle-manipulation";
import type { AttackResult } from "../../scripts/sim/agent-reports";
import type { RunResult } from "../../scripts/sim/engine";

/** Σ costs the attacker booked: its net is gross minus these (every leg valued at the external price). */
const costs = (a: AttackResult) => a.swapFees + a.priceImpact + a.gasCost;

/**
 * scenarios/risk/oracle-attack.json, shrunk (15 borrowers, 45 blocks, a 4-minute TWAP): the same attacker against a
 * market on the AMM's live spot, its TWAP and the median of (external, spot, TWAP).
 */
describe("scenario: oracle manipulation (risk/oracle-attack)", function () {
  this.timeout(300_000);
  let spot: RunResult;

  before(async () => {
    spot = await runRow(hre, "amm-spot-live", "flash", true);
  });

  it("flash on the live spot oracle: one transaction liquidates healthy positions at a fake price and profits", () => {
    const a = spot.attack!;
    expect(a.transactions).to.equal(1);
    expect(a.reverted).to.equal(0);
    expect(a.positionsLiquidated).to.be.at.least(2);
    expect(a.positionsLiquidated).to.equal(a.plannedVictims);
    expect(a.netProfit).to.be.greaterThan(5_000);
    expect(a.netProfit).to.be.closeTo(a.grossProfit - costs(a), 1e-6);
    // Money conserved: the legs valued at the external price add up to the contract's own balance change, less gas.
    expect(a.netProfit).to.be.closeTo(a.onChainProfit! - a.gasCost, 0.01);
    // The market read WETH at the manipulated price (at least the required drop below 2,000) inside the transaction,
    // while the external price and the oracle at every block boundary stayed at 2,000.
    expect(a.manipulatedPrice!).to.be.lessThan(2000 * (1 - a.requiredDropPct! / 100) + 1);
    expect(spot.blocks.every((b) => b.externalPrice === 2000)).to.equal(true);
    // Every liquidation of the run is the attacker's, in the attack block: none of the victims was under water.
    expect(spot.liquidations.every((l) => l.keeper === "attacker" && l.block === a.atBlock)).to.equal(true);
    // Moving a live spot costs only the round trip's fees: the estimate is small next to the profit.
    expect(a.costEstimate!.total).to.be.lessThan(a.netProfit / 5);
  });

  it("is deterministic: the same scenario and seed give the same numbers", async () => {
    const again = await runRow(hre, "amm-spot-live", "flash", true);
    expect(again.attack!.netProfit).to.equal(spot.attack!.netProfit);
    expect(again.attack!.positionsLiquidated).to.equal(spot.attack!.positionsLiquidated);
  });

  for (const source of ["amm-twap", "median"]) {
    it(`flash against the ${source} oracle: the transaction reverts (UnprofitableAttack), nothing is liquidated`, async () => {
      const r = await runRow(hre, source, "flash", true);
      const a = r.attack!;
      expect(a.reverted).to.equal(1);
      expect(a.revertReason).to.match(/^UnprofitableAttack\(-\d+, \d+, 0\)$/);
      // What it would have lost had it gone through: the round trip's fees, the same order as the spot estimate.
      expect(a.revertedProfit!).to.be.lessThan(0);
      expect(-a.revertedProfit!).to.be.within(
        spot.attack!.costEstimate!.total / 3,
        spot.attack!.costEstimate!.total * 3,
      );
      expect(a.positionsLiquidated).to.equal(0);
      expect(r.liquidations).to.have.length(0);
      expect(a.netProfit).to.equal(-a.gasCost); // lost only the gas of the reverted transaction
      expect(a.netProfit).to.be.lessThan(0);
      // The oracle never saw the dump (it reverted, and the average would not have moved inside one transaction).
      expect(Math.min(...r.blocks.map((b) => b.oraclePrice))).to.be.greaterThan(1990);
      // Moving this oracle by the same drop needs the spot held for blocks against the arbitrageurs: the estimate
      // is many times what the liquidations could pay.
      expect(a.costEstimate!.blocks).to.be.at.least(10);
      expect(a.costEstimate!.total).to.be.greaterThan(5 * a.prizeEstimate);
    });
  }

  it("multi-block against the TWAP: the oracle does cross, but holding it down costs far more than it earns", async () => {
    const r = await runRow(hre, "amm-twap", "multi-block", true);
    const a = r.attack!;
    expect(a.heldBlocks).to.be.at.least(15); // the 4-minute window is 20 blocks
    expect(a.positionsLiquidated).to.be.at.least(1); // the TWAP crossed and the attacker liquidated
    expect(a.grossProfit).to.be.greaterThan(0);
    expect(costs(a)).to.be.greaterThan(10 * a.grossProfit);
    expect(a.netProfit).to.be.lessThan(0);
    expect(a.netProfit).to.be.closeTo(a.grossProfit - costs(a), 1e-6);
    // Most of the cost is value handed to arbitrageurs (price impact), not fees.
    expect(a.priceImpact).to.be.greaterThan(5 * a.swapFees);
    // The off-chain estimate of the cost agrees with the measured cost within a factor of 1.5.
    expect(a.costEstimate!.total).to.be.within(costs(a) / 1.5, costs(a) * 1.5);
  });
});
