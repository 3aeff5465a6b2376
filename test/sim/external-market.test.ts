import { expect } from "chai";
import { applyNetFlow, externalPrices, initialExternalState } from "../../scripts/sim/external-market";

describe("external market impact", () => {
  const params = { depth: 1_000_000, impactModel: "exponential" as const, recoveryPerBlock: 0 };

  it("follows the path without flow", () => {
    expect(externalPrices(params, [100, 90, 80], [0, 0, 0])).to.deep.equal([100, 90, 80]);
  });

  it("selling depth moves the price by e^-1 (exponential) or to zero (linear); buying lifts it", () => {
    expect(applyNetFlow(params, initialExternalState(100), 100, 1_000_000).price).to.be.closeTo(100 / Math.E, 1e-9);
    expect(
      applyNetFlow({ ...params, impactModel: "linear" }, initialExternalState(100), 100, 1_000_000).price,
    ).to.equal(0);
    expect(applyNetFlow(params, initialExternalState(100), 100, -10_000).price).to.be.greaterThan(100);
    expect(applyNetFlow(params, initialExternalState(100), 100, 10_000).price).to.be.closeTo(99.005, 1e-3);
  });

  it("accumulates flow and lets it fade with recovery", () => {
    const sticky = externalPrices(params, [100, 100, 100], [10_000, 0, 0]);
    expect(sticky[2]).to.be.closeTo(sticky[0], 1e-12);
    const fading = externalPrices({ ...params, recoveryPerBlock: 0.5 }, [100, 100, 100], [10_000, 0, 0]);
    expect(fading[1]).to.be.greaterThan(fading[0]);
    expect(fading[2]).to.be.greaterThan(fading[1]);
    expect(() => applyNetFlow({ ...params, depth: 0 }, initialExternalState(1), 1, 1)).to.throw(RangeError);
  });
});
