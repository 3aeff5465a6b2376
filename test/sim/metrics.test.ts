import { expect } from "chai";
import { cascadeShape, summarize, toJson, timeToLiquidation } from "../../scripts/sim/metrics";
import { blockRecord, sampleRun } from "../helpers/records";

describe("run metrics", () => {
  const { blocks, liquidations, timings } = sampleRun();
  const s = summarize(blocks, liquidations, timings);

  it("amplification is AMM peak drawdown over the exogenous shock", () => {
    expect(s.exogenousShock).to.be.closeTo(0.2, 1e-12);
    expect(s.ammPeakDrawdown).to.be.closeTo(0.4, 1e-12);
    expect(s.amplification).to.be.closeTo(2, 1e-12);
    expect(s.oraclePeakDrawdown).to.be.closeTo(0.4, 1e-12);
  });

  it("guards a zero shock", () => {
    expect(summarize([blockRecord(0), blockRecord(1)], [], []).amplification).to.equal(null);
  });

  it("cascade length spans first to last liquidation; rounds count runs of consecutive blocks", () => {
    expect(s.cascade).to.deep.equal({ firstBlock: 3, lastBlock: 7, lengthBlocks: 5, rounds: 2 });
    expect(cascadeShape([blockRecord(0)])).to.deep.equal({
      firstBlock: null,
      lastBlock: null,
      lengthBlocks: 0,
      rounds: 0,
    });
    const three = [1, 0, 1, 1, 0, 0, 1].map((n, i) => blockRecord(i, { liquidations: n }));
    expect(cascadeShape(three).rounds).to.equal(3);
  });

  it("counts, volumes, bad debt and the share sold below the external price", () => {
    expect(s.liquidations).to.deep.include({
      count: 4,
      fixedBonus: 3,
      auctionTakes: 1,
      debtRepaid: 4_000_000_000n,
      collateralSold: 4n * 10n ** 18n,
    });
    // Sold 1 + 3 + 1 (+0) tokens; 1 + 1 of them below the external price.
    expect(s.liquidations.soldBelowExternalShare).to.equal(0.4);
    expect(s.badDebt).to.equal(5_000_000n);
  });

  it("keeper profit, gas and the share of profit paid as priority fees", () => {
    expect(s.keepers).to.deep.equal({
      grossProfit: 80_000_000n,
      gasCost: 8_800_000n,
      netProfit: 71_200_000n,
      priorityFees: 2_000_000n,
      gasUsed: 1_000_000n,
      gasWasted: 100_000n,
      feeShareOfProfit: 0.025,
    });
  });

  it("oracle error statistics in percent of the external price", () => {
    // errors: 0,0,25,12.5,12.5,25,18.75,12.5,10,6.25 (%)
    const errs = [0, 0, 25, 12.5, 12.5, 25, 18.75, 12.5, 10, 6.25];
    expect(s.oracleError.meanAbsPct).to.be.closeTo(errs.reduce((a, b) => a + b) / 10, 1e-9);
    expect(s.oracleError.maxAbsPct).to.be.closeTo(25, 1e-9);
    expect(s.oracleError.rmsPct).to.be.closeTo(Math.sqrt(errs.reduce((a, b) => a + b * b, 0) / 10), 1e-9);
  });

  it("time from liquidatable to liquidated", () => {
    expect(s.timeToLiquidation).to.deep.equal({
      liquidated: 3,
      neverLiquidated: 1,
      meanBlocks: 4 / 3,
      medianBlocks: 1,
      maxBlocks: 3,
    });
    expect(timeToLiquidation([]).meanBlocks).to.equal(null);
  });

  it("serializes bigint as decimal strings", () => {
    const json = JSON.parse(toJson(s)) as { badDebt: string; keepers: { netProfit: string } };
    expect(json.badDebt).to.equal("5000000");
    expect(json.keepers.netProfit).to.equal("71200000");
    expect(toJson({ x: NaN, y: 10n ** 30n })).to.equal(
      '{\n  "x": null,\n  "y": "1000000000000000000000000000000"\n}\n',
    );
  });
});
