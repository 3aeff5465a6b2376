import { expect } from "chai";
import hre from "hardhat";
import { runPreset } from "../../scripts/sim/presets";

/**
 * The perp long squeeze through the cascade engine (issue 20): a leveraged-long book on a perp venue hedged on the
 * world's AMM meets a fast fall. The direction of the finding: liquidations leave bad debt, which draws the
 * insurance fund and, once the fund is short, auto-deleverages the profitable shorts; money stays conserved.
 * A small world (a shorter run, the fall earlier, a smaller fund) keeps it fast.
 */
describe("derivatives in the engine: perp long squeeze", function () {
  this.timeout(600_000);

  it("draws the insurance fund and triggers ADL, conserving the venue's money", async () => {
    const r = await runPreset(hre, "derivatives/perp-long-squeeze", {
      blocks: 45,
      path: { startBlock: 12, durationBlocks: 10 },
      perp: { insuranceFund: 1000 },
    });
    const p = r.summary.derivatives!.perp!;
    expect(p.positionsOpened.longs + p.positionsOpened.shorts).to.be.greaterThan(0);
    expect(p.liquidations.marketSales + p.liquidations.backstopTakeovers).to.be.greaterThan(0);
    expect(p.badDebt.total).to.be.greaterThan(0);
    expect(p.badDebt.coveredByInsurance).to.be.greaterThan(0);
    // The fund is drawn down (to zero: drained), though later liquidation fees refill it.
    expect(p.insuranceFund.min).to.be.lessThan(p.insuranceFund.start);
    expect(p.insuranceFund.drainedAtBlock).to.not.equal(null);
    expect(p.adl.events).to.be.greaterThan(0);
    expect(p.badDebt.coveredByAdl).to.be.greaterThan(0);
    // Bad debt is recognised whole: what the fund and ADL covered plus what is left uncovered.
    const split = p.badDebt.coveredByInsurance + p.badDebt.coveredByAdl + p.badDebt.uncovered;
    expect(Math.abs(split - p.badDebt.total)).to.be.lessThan(0.05);
    expect(p.conserved).to.equal(true);
  });
});
