import { expect } from "chai";
import { runSpiralIsolated } from "../../../scripts/derivatives/options/spiral";
import { SHORT_GAMMA_SPIRAL } from "../../../scripts/derivatives/options/spiral-preset";

/**
 * The short-gamma hedging spiral, small (issue 20): the same shock with and without the dealer's delta hedging. The
 * hedging dealer, short puts, sells into the fall as their |delta| grows, so the fall is deeper; writers are
 * auctioned; settlement recognises bad debt and conserves money. The full preset: docs/derivatives-options.md.
 * Tagged @gas-budget: the agents send with fixed gas limits, which instrumented bytecode (the coverage gate) exceeds.
 */
describe("short-gamma hedging spiral (issue 20, standalone driver) @gas-budget", () => {
  const small = { ...SHORT_GAMMA_SPIRAL, blocks: 12, writers: 4 };

  it("falls deeper when the short-gamma dealer hedges on the AMM, and settles with money conserved", async () => {
    const on = await runSpiralIsolated(small);
    const off = await runSpiralIsolated({ ...small, dealerHedges: false });
    expect(on.summary.minAmmPrice).to.be.below(off.summary.minAmmPrice);
    expect(on.summary.hedgeNetSold).to.be.above(off.summary.hedgeNetSold);
    // The dealer sells more per block as the fall goes on (gamma), not only once.
    const dealerBlocks = on.blocks.filter((b) => b.hedgeSold > 0).length;
    expect(dealerBlocks).to.be.at.least(3);
    expect(on.summary.auctionsStarted).to.be.above(0);
    expect(on.summary.moneyConserved).to.equal(true);
    expect(off.summary.moneyConserved).to.equal(true);
  });

  it("is deterministic: the same preset gives the same summary", async () => {
    const a = await runSpiralIsolated({ ...small, blocks: 6 });
    const b = await runSpiralIsolated({ ...small, blocks: 6 });
    expect(a.summary).to.deep.equal(b.summary);
    expect(a.blocks).to.deep.equal(b.blocks);
  });
});
