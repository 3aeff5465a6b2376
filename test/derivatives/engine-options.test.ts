import { expect } from "chai";
import hre from "hardhat";
import { runPreset } from "../../scripts/sim/presets";
import type { RunResult } from "../../scripts/sim/engine";

/**
 * The short-gamma hedging spiral through the cascade engine (issue 20). The direction of the finding: the dealer
 * short puts re-hedging on the AMM each block sells into the fall, and the fall goes deeper than in the same world
 * where the dealer does not hedge (`options.dealer.hedges` false). Kept small: 12 blocks (the 8% fall runs over blocks
 * 4-10, the feed one block behind) and 2 put writers instead of 12; the finding is the dealer's, whose book is unchanged.
 */
describe("derivatives in the engine: short-gamma spiral", function () {
  this.timeout(600_000);
  const patch = { blocks: 12, options: { writers: { count: 2 } } };
  const low = (r: RunResult, key: "ammPrice" | "externalPrice") => Math.min(...r.blocks.map((b) => b[key]));

  it("the dealer's hedge sales deepen the fall compared with no hedging", async () => {
    const hedged = await runPreset(hre, "derivatives/short-gamma-spiral", patch);
    const unhedged = await runPreset(hre, "derivatives/short-gamma-spiral", {
      ...patch,
      options: { ...patch.options, dealer: { hedges: false } },
    });
    const on = hedged.summary.derivatives!.options!;
    const off = unhedged.summary.derivatives!.options!;
    expect(on.dealerHedge.netSold).to.be.greaterThan(0);
    expect(off.dealerHedge.trades).to.equal(0);
    expect(low(hedged, "externalPrice")).to.be.lessThan(low(unhedged, "externalPrice"));
    expect(low(hedged, "ammPrice")).to.be.lessThan(low(unhedged, "ammPrice"));
    expect(on.conserved).to.equal(true);
    expect(off.conserved).to.equal(true);
  });
});
