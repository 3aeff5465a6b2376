import { expect } from "chai";
import {
  amountIn,
  amountOut,
  heldCost,
  medianCost,
  prizeAt,
  requiredDrop,
  sellToReachPrice,
  spotFlashCost,
  type CostInputs,
} from "../../scripts/sim/attack-cost";

const R = { collateral: 1_000, debt: 2_000_000 };
const inputs = (over: Partial<CostInputs> = {}): CostInputs => ({
  reserves: R,
  price: 2000,
  feeBps: 30,
  lenderFeeBps: 30,
  requiredDrop: 0.2,
  blockSeconds: 12,
  latencyBlocks: 3,
  arbCapacityPerBlock: 200_000,
  ...over,
});

describe("attack cost math (scripts/sim/attack-cost.ts)", () => {
  it("sellToReachPrice lands the V2 spot exactly on the target, fee included", () => {
    for (const target of [1900, 1500, 800]) {
      const X = sellToReachPrice(R, target, 30);
      const out = amountOut(X, R.collateral, R.debt, 30);
      expect((R.debt - out) / (R.collateral + X)).to.be.closeTo(target, 1e-6);
    }
    expect(sellToReachPrice(R, 2100, 30)).to.equal(0);
    // amountIn inverts amountOut
    expect(amountIn(amountOut(50, R.collateral, R.debt, 30), R.collateral, R.debt, 30)).to.be.closeTo(50, 1e-9);
  });

  it("requiredDrop: health 1.25 to 1.0 needs 20%, to 0.98 needs 21.6%; a position already below needs none", () => {
    expect(requiredDrop(1.25, 1)).to.be.closeTo(0.2, 1e-12);
    expect(requiredDrop(1.25, 0.98)).to.be.closeTo(0.216, 1e-12);
    expect(requiredDrop(0.9, 0.98)).to.equal(0);
  });

  it("prizeAt: close factor above fullCloseHealthFactor, whole debt below, seized capped by collateral", () => {
    const m = { liquidationBonusBps: 500, closeFactor: 0.5, fullCloseHealthFactor: 0.95 };
    const positions = [
      { borrower: "a", collateral: 10, debt: 14_000, health: 1.1 }, // at −10%: 0.99 → half
      { borrower: "b", collateral: 10, debt: 14_000, health: 1.3 }, // stays healthy
    ];
    const p = prizeAt(positions, 0.1, 2000, m);
    expect(p.victims).to.deep.equal(["a"]);
    expect(p.repay).to.equal(7_000);
    // seized 7000 × 1.05 / 1800 = 4.083 WETH worth 8,166.7 at 2,000
    expect(p.prize).to.be.closeTo((7_000 * 1.05 * 2000) / 1800 - 7_000, 1e-6);
    const deep = prizeAt([{ borrower: "c", collateral: 10, debt: 14_000, health: 1.1 }], 0.3, 2000, m);
    expect(deep.repay).to.equal(14_000); // health 0.77 < 0.95: whole debt
    expect(deep.prize).to.be.closeTo(10 * 2000 - 14_000, 1e-6); // all 10 WETH seized
  });

  it("spot in one transaction costs only the round trip's fees (about 3 × 0.3% of the dump)", () => {
    const e = spotFlashCost(inputs());
    expect(e.blocks).to.equal(0);
    expect(e.capital).to.equal(0);
    const dumpValue = e.pushAmount * 2000;
    expect(e.total).to.be.within(0.006 * dumpValue, 0.01 * dumpValue);
    expect(e.fees).to.be.closeTo(e.total, 0.05 * e.total);
  });

  it("a TWAP must be held for W·d/D blocks plus the latency; arbitrage capacity is what makes it expensive", () => {
    const e = heldCost(inputs(), 600, "amm-twap");
    expect(e.blocks).to.equal(Math.ceil((600 * 0.2) / (e.holdDrop! * 12)) + 3);
    expect(e.holdDrop).to.be.at.least(0.2);
    const noArbs = heldCost(inputs({ arbCapacityPerBlock: 0 }), 600, "amm-twap");
    expect(noArbs.arbitrageLoss).to.equal(0);
    expect(noArbs.total).to.be.lessThan(e.total / 5);
    // a longer window costs more; a lagged spot (no window) costs only the latency blocks
    expect(heldCost(inputs(), 1800, "amm-twap").total).to.be.greaterThan(e.total);
    const lagged = heldCost(inputs(), 0, "amm-spot");
    expect(lagged.blocks).to.equal(3);
    expect(lagged.total).to.be.lessThan(e.total);
    // the spot held in one transaction is far cheaper than any held variant
    expect(spotFlashCost(inputs()).total).to.be.lessThan(lagged.total);
  });

  it("median: the majority's slowest AMM source; impossible when the majority needs the external market", () => {
    const twap = heldCost(inputs(), 600, "amm-twap");
    const m = medianCost(inputs(), ["external", "amm-spot", "amm-twap"], 600);
    expect(m.total).to.equal(twap.total);
    expect(m.feasible).to.equal(true);
    const ext = medianCost(inputs(), ["external", "external", "amm-spot"], 600);
    expect(ext.feasible).to.equal(false);
    expect(ext.total).to.equal(Infinity);
  });
});
