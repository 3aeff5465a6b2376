import { expect } from "chai";
import { perBlockTotals } from "../../scripts/measures/system-records";

describe("system measures: per-block liquidations and bad debt from records", () => {
  const liquidations = [
    { block: 1, market: "a", borrower: "x", asset: "eth", repaid: 100n, seized: 7n },
    { block: 1, market: "b", borrower: "y", asset: "eth", repaid: 50n, seized: 3n },
    { block: 1, market: "b", borrower: "z", asset: "steth", repaid: 20n, seized: 2n },
    { block: 3, market: "a", borrower: "x", asset: "eth", repaid: 10n, seized: 1n },
  ];
  const badDebts = [
    { block: 2, market: "b", amount: 40n },
    { block: 3, market: "b", amount: 5n },
  ];

  it("sums per market and across markets, block by block and cumulatively, with a row for every market", () => {
    const rows = perBlockTotals(["a", "b"], 4, liquidations, badDebts);
    expect(rows).to.have.length(4);
    expect(rows[0].markets.a).to.deep.equal({ liquidations: 0, debtRepaid: 0n, seized: {}, badDebt: 0n });
    expect(rows[1].markets.b).to.deep.equal({
      liquidations: 2,
      debtRepaid: 70n,
      seized: { eth: 3n, steth: 2n },
      badDebt: 0n,
    });
    expect(rows[1].system).to.deep.equal({
      liquidations: 3,
      debtRepaid: 170n,
      seized: { eth: 10n, steth: 2n },
      badDebt: 0n,
    });
    expect(rows[2].system.badDebt).to.equal(40n);
    expect(rows[2].system.liquidations).to.equal(0);
    expect(rows[3].cumulative.markets.a).to.deep.equal({
      liquidations: 2,
      debtRepaid: 110n,
      seized: { eth: 8n },
      badDebt: 0n,
    });
    expect(rows[3].cumulative.system).to.deep.equal({
      liquidations: 4,
      debtRepaid: 180n,
      seized: { eth: 11n, steth: 2n },
      badDebt: 45n,
    });
    // The cumulative rows are snapshots: a later block does not change an earlier one.
    expect(rows[1].cumulative.system.badDebt).to.equal(0n);
    expect(rows[2].cumulative.markets.b.badDebt).to.equal(40n);
  });

  it("refuses records outside the run or naming an unknown market", () => {
    expect(() => perBlockTotals(["a"], 4, liquidations, [])).to.throw(RangeError, 'unknown market "b"');
    expect(() => perBlockTotals(["a", "b"], 3, liquidations, [])).to.throw(
      RangeError,
      "block 3 outside the run (0 … 2)",
    );
    expect(() => perBlockTotals(["a", "a"], 3, [], [])).to.throw(RangeError, "markets listed twice");
  });
});
