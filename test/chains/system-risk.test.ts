import { expect } from "chai";
import { aggregateRisk } from "../../scripts/chains/system-risk";

const WAD = 10n ** 18n;

describe("chains/system-risk aggregateRisk", () => {
  it("sums leverage over every position and counts at risk only indebted positions under the line", () => {
    const r = aggregateRisk(
      [
        { collateralValue: 100n * WAD, debtValue: 70n * WAD, healthFactor: (WAD * 105n) / 100n },
        { collateralValue: 300n * WAD, debtValue: 100n * WAD, healthFactor: 2n * WAD },
        { collateralValue: 50n * WAD, debtValue: 0n, healthFactor: 0n },
        { collateralValue: 50n * WAD, debtValue: 10n * WAD, healthFactor: (WAD * 11n) / 10n },
      ],
      (WAD * 11n) / 10n,
    );
    expect(r.totalCollateral).to.equal(500n * WAD);
    expect(r.collateralAtRisk).to.equal(100n * WAD);
    expect(r.leverage).to.equal((180n * WAD) / 500n);
  });

  it("rounds leverage up and reads 0 with no collateral", () => {
    const r = aggregateRisk([{ collateralValue: 3n, debtValue: 1n, healthFactor: WAD }], WAD);
    expect(r.leverage).to.equal(WAD / 3n + 1n);
    expect(aggregateRisk([], WAD)).to.deep.equal({ leverage: 0n, collateralAtRisk: 0n, totalCollateral: 0n });
  });
});
