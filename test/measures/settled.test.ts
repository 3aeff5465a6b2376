import { expect } from "chai";
import { settledMeasures, type PricePoint } from "../../scripts/measures/settled";

const point = (block: number, amm: number, external: number, liquidations = 0, exogenous = external): PricePoint => ({
  block,
  exogenousPrice: exogenous,
  externalPrice: external,
  ammPrice: amm,
  liquidations,
});

describe("settled measures", () => {
  // A wick: the AMM touches 1,000 for one block, then arbitrage brings it back to the external 1,500.
  const wick = [
    point(0, 2000, 2000),
    point(1, 1500, 1500, 0),
    point(2, 1000, 1500, 3),
    point(3, 1200, 1500, 1),
    point(4, 1490, 1500),
    point(5, 1500, 1500),
  ];

  it("settled drawdown: the first block after the last liquidation where the gap has closed", () => {
    const m = settledMeasures(wick, 100);
    expect(m.settledBlock).to.equal(4); // |1490 − 1500| ÷ 1500 = 67 bps ≤ 100
    expect(m.ammSettledDrawdown).to.be.closeTo(0.255, 1e-12);
    expect(settledMeasures(wick, 10).settledBlock).to.equal(5);
  });

  it("time-weighted drawdown: the mean over the cascade window, so a one-block wick counts once", () => {
    // Window blocks 2..3: drawdowns 0.5 and 0.4.
    expect(settledMeasures(wick, 100).ammTimeWeightedDrawdown).to.be.closeTo(0.45, 1e-12);
  });

  it("without liquidations it uses the exogenous trough; the last block when the gap never closes", () => {
    const quiet = [point(0, 2000, 2000), point(1, 1800, 1500, 0, 1500), point(2, 1700, 1600, 0, 1600)];
    const m = settledMeasures(quiet, 10);
    expect(m.settledBlock).to.equal(2);
    expect(m.ammSettledDrawdown).to.be.closeTo(0.15, 1e-12);
    expect(m.ammTimeWeightedDrawdown).to.be.closeTo(0.1, 1e-12);
    expect(settledMeasures([], 10)).to.deep.equal({
      settledBlock: null,
      ammSettledDrawdown: 0,
      ammTimeWeightedDrawdown: 0,
    });
  });
});
