import { expect } from "chai";
import { Rng } from "../../../scripts/sim/random";
import { marginFor, samplePerpBook } from "../../../scripts/agents/perp-trader";
import { unwindAmount } from "../../../scripts/agents/perp-keeper";

const pop = { count: 5, medianNotional: 100_000, notionalSigma: 0.5, minLeverage: 5, maxLeverage: 19 };

describe("perp agents (pure parts)", () => {
  it("samples the same book from the same seed, longs first, leverages within bounds", () => {
    const a = samplePerpBook(new Rng("s"), pop, { ...pop, count: 3 });
    const b = samplePerpBook(new Rng("s"), pop, { ...pop, count: 3 });
    expect(a).to.deep.equal(b);
    expect(a.map((t) => t.isLong)).to.deep.equal([true, true, true, true, true, false, false, false]);
    for (const t of a) expect(t.leverage).to.be.within(5, 19);
    // Adding shorts never moves the longs (separate forks).
    const more = samplePerpBook(new Rng("s"), pop, { ...pop, count: 6 });
    expect(more.slice(0, 5)).to.deep.equal(a.slice(0, 5));
    expect(samplePerpBook(new Rng("t"), pop, pop)[0]).to.not.deep.equal(a[0]);
  });

  it("sizes margin for the initial margin on the larger notional, the immediate loss and the fee", () => {
    // Long: executed 10 100 above mark 10 000 at 10×: 1 010 initial + 100 loss + 6 fee (5 bps, up) + 10 buffer + 1.
    expect(marginFor(10_100n, 10_000n, 10, true, 5n, 10n)).to.equal(1_010n + 100n + 6n + 10n + 1n);
    // Short: proceeds 9 900 below mark 10 000: the loss is the gap, the initial margin on the mark.
    expect(marginFor(9_900n, 10_000n, 10, false, 5n, 10n)).to.equal(1_000n + 100n + 5n + 10n + 1n);
  });

  it("unwinds at most the step's cap, in the exposure's direction", () => {
    expect(unwindAmount(0n, 5n)).to.equal(0n);
    expect(unwindAmount(3n, 5n)).to.equal(3n);
    expect(unwindAmount(30n, 5n)).to.equal(5n);
    expect(unwindAmount(-3n, 5n)).to.equal(-3n);
    expect(unwindAmount(-30n, 5n)).to.equal(-5n);
  });
});
