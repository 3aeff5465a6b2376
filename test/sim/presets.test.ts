import { expect } from "chai";
import { summarize } from "../../scripts/sim/metrics";
import { baselineSummary } from "../../scripts/measures/baseline-summary";
import { WAD, type BaselineResult } from "../../scripts/measures/baseline";
import { parseScenario } from "../../scripts/sim/scenario";
import { headline } from "../../scripts/sim/presets";
import type { RunResult } from "../../scripts/sim/engine";
import { sampleRun } from "../helpers/records";

/** The sample cascade of test/helpers/records.ts as a run of the default scenario (USDC 6, WETH 18). */
function run(withBaseline: boolean): RunResult {
  const { blocks, liquidations, timings } = sampleRun();
  const summary = summarize(blocks, liquidations, timings);
  const scenario = parseScenario({});
  if (withBaseline) {
    const b: BaselineResult = {
      liquidations: 5,
      positionsLiquidated: 4,
      rounds: 2,
      settled: true,
      totalRepaid: 10n,
      totalSeized: 20n,
      badDebt: 3_500_000n, // 3.5 USDC
      initialAmmPrice: 100n * WAD,
      minAmmPrice: 85n * WAD, // drawdown 15% over a 20% shock: 0.75
      finalAmmPrice: 90n * WAD, // 10%: 0.5
      finalExternalPrice: 80n * WAD,
      finalOraclePrice: 80n * WAD,
      records: [],
    };
    summary.baseline = baselineSummary(b, 80n * WAD, summary.exogenousShock, summary, scenario);
  }
  return { scenario, summary, blocks, liquidations, timings } as unknown as RunResult;
}

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
