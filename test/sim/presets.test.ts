import { expect } from "chai";
import { headline } from "../../scripts/sim/presets";
import { sampleRunResult as run } from "../helpers/run-result";

describe("preset headline", () => {
  it("reports amplification on the peak and on the settled measure, and the AMM drawdowns behind them", () => {
    const h = headline(run(true));
    // exogenous −20%; AMM lowest 60 (−40%), last block 78 (−22%, the gap to 80 never closes within 50 bps)
    expect(h.shockPct).to.be.closeTo(20, 1e-9);
    expect(h.ammDrawdownPct).to.be.closeTo(40, 1e-9);
    expect(h.amplification).to.be.closeTo(2, 1e-12);
    expect(h.ammSettledDrawdownPct).to.be.closeTo(22, 1e-9);
    expect(h.amplificationSettled).to.be.closeTo(1.1, 1e-12);
    // cascade window blocks 3..7: AMM 70, 60, 65, 70, 72 → mean drawdown 32.6%
    expect(h.ammTimeWeightedDrawdownPct).to.be.closeTo(32.6, 1e-9);
    // oracle lowest 60
    expect(h.oracleDrawdownPct).to.be.closeTo(40, 1e-9);
  });

  it("puts the frictionless baseline (physics) next to the engine's figures", () => {
    const h = headline(run(true));
    expect(h.baselineLiquidations).to.equal(5);
    expect(h.baselineBadDebt).to.be.closeTo(3.5, 1e-12);
    expect(h.baselineAmplification).to.be.closeTo(0.75, 1e-12);
    expect(h.baselineAmplificationSettled).to.be.closeTo(0.5, 1e-12);
    expect(h.liquidations).to.equal(4); // the engine's, unchanged by the baseline
  });

  it("reports keepers' realized profit: gross, net of gas, and the unsold inventory apart", () => {
    const h = headline(run(true));
    // realized gross 4 × 20 USDC; gas 4 × 2 + 0.8 USDC; one unsold token marked at the last external price 80
    expect(h.keeperGrossProfit).to.be.closeTo(80, 1e-9);
    expect(h.keeperNetProfit).to.be.closeTo(71.2, 1e-9);
    expect(h.keeperUnsoldAtExternal).to.be.closeTo(80, 1e-9);
  });

  it("leaves the baseline columns empty for a run without a baseline", () => {
    const h = headline(run(false));
    expect(h.baselineLiquidations).to.equal(null);
    expect(h.baselineBadDebt).to.equal(null);
    expect(h.baselineAmplification).to.equal(null);
    expect(h.baselineAmplificationSettled).to.equal(null);
  });
});
