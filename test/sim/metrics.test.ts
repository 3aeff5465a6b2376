import { expect } from "chai";
import {
  actorResults,
  cascadeShape,
  positionRecords,
  summarize,
  toJson,
  timeToLiquidation,
} from "../../scripts/sim/metrics";
import { blockRecord, liquidationRecord, sampleRun } from "../helpers/records";

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
      // one record (1 token) unsold, marked at the last block's external (80) and AMM (78) prices
      unsold: { collateral: 10n ** 18n, atExternal: 80_000_000n, atAmm: 78_000_000n },
      priorityFees: 2_000_000n,
      gasUsed: 1_000_000n,
      gasWasted: 100_000n,
      feeShareOfProfit: 0.025,
    });
  });

  it("per-actor results: realized gross (proceeds − repaid), unsold collateral, keepers and the attacker apart", () => {
    const records = [
      liquidationRecord(1, { keeper: "keeper/fixed-bonus/0.0", saleProceeds: 1_100n, debtRepaid: 1_000n }),
      liquidationRecord(2, {
        keeper: "attacker",
        debtRepaid: 500n,
        collateralSeized: 7n,
        collateralSold: 0n,
        saleProceeds: 0n,
        gasCost: 9n,
      }),
      liquidationRecord(3, {
        keeper: "keeper/fixed-bonus/0.0",
        saleProceeds: 900n,
        debtRepaid: 1_000n,
        collateralSeized: 10n,
        collateralSold: 4n,
        gasCost: 1n,
      }),
    ];
    const [keeper, attacker] = actorResults(records);
    expect(keeper.actor).to.equal("keeper/fixed-bonus/0.0");
    expect(keeper.liquidations).to.equal(2);
    expect(keeper.grossProfit).to.equal(2_000n - 2_000n);
    expect(keeper.unsoldCollateral).to.equal(6n);
    expect(keeper.gasCost).to.equal(2_000_000n + 1n);
    expect(attacker).to.deep.include({ actor: "attacker", grossProfit: -500n, unsoldCollateral: 7n, gasCost: 9n });
    // the attacker's collateral is not keepers' unsold inventory
    const summary = summarize([blockRecord(0, { externalPrice: 100, ammPrice: 90 })], records, []);
    expect(summary.keepers.unsold.collateral).to.equal(6n);
    expect(summary.actors).to.have.length(2);
  });

  it("positions at the start and end with their liquidations and bad debt", () => {
    const start = new Map([
      ["0xA", { collateral: 10n, debt: 5n, health: 1.2 }],
      ["0xB", { collateral: 3n, debt: 2n, health: 1.1 }],
    ]);
    const end = new Map([
      ["0xA", { collateral: 0n, debt: 0n, health: Infinity }],
      ["0xB", { collateral: 3n, debt: 2n, health: 1.05 }],
    ]);
    const records = [
      liquidationRecord(1, { borrower: "0xa", debtRepaid: 3n }),
      liquidationRecord(2, { borrower: "0xA", debtRepaid: 1n }),
    ];
    const rows = positionRecords(start, end, records, new Map([["0xa", 1n]]));
    expect(rows[0]).to.deep.equal({
      borrower: "0xA",
      startCollateral: 10n,
      startDebt: 5n,
      startHealth: 1.2,
      endCollateral: 0n,
      endDebt: 0n,
      endHealth: Infinity,
      liquidations: 2,
      debtRepaid: 4n,
      badDebt: 1n,
    });
    expect(rows[1]).to.deep.include({ borrower: "0xB", liquidations: 0, debtRepaid: 0n, badDebt: 0n });
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
