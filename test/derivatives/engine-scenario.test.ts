import { expect } from "chai";
import { ScenarioError, parseScenario } from "../../scripts/sim/scenario";
import { loadPreset } from "../../scripts/sim/presets";
import { renderScenarioReference } from "../../scripts/sim/scenario/docs";

/** The `perp` and `options` scenario sections (issue 20): optional, defaults applied, bad input one line each. */
describe("derivatives scenario sections", () => {
  const problems = (json: unknown): string[] => {
    try {
      parseScenario(json);
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems;
      throw e;
    }
    return [];
  };

  it("are absent unless asked for, so other scenarios resolve as before", () => {
    const s = parseScenario({});
    expect("perp" in s).to.equal(false);
    expect("options" in s).to.equal(false);
  });

  it("fill every default of a present section", () => {
    const s = parseScenario({ perp: {}, options: {} });
    expect(s.perp!.longs.count).to.equal(40);
    expect(s.perp!.vault.unwindPerBlock).to.equal(20);
    expect(s.options!.strikes).to.deep.equal([0.9, 0.95, 1.0]);
    expect(s.options!.dealer.hedges).to.equal(true);
  });

  it("reject bad input with one line naming the field, the value and the allowed range", () => {
    expect(problems({ perp: { market: { maxLeverag: 3 } } })).to.deep.equal([
      "perp.market.maxLeverag: not a perp market parameter (one of " +
        "maxLeverage, mmrFractionOfImrWad, oiMmrFactorWad, takerFeeBps, liquidationFeeBps, keeperShareBps, " +
        "liquidationSpreadMmrMultipleWad, backstopEquityFractionWad, largePositionNotional, sliceBps, sliceCooldown, " +
        "fundingPeriod, maxFundingRatePerSecondWad, maxOracleAge, maxOpenPositions, maxAdlPerLiquidation, " +
        'minPositionNotional) (got "maxLeverag")',
    ]);
    expect(problems({ perp: { market: { maxLeverage: 10 }, longs: { maxLeverage: 12 } } })).to.deep.equal([
      "perp.longs.maxLeverage: must be <= the market's maxLeverage (10) (got 12)",
    ]);
    expect(problems({ perp: { longs: { minLeverage: 9, maxLeverage: 5 } } })).to.deep.equal([
      "perp.longs.minLeverage: must be <= maxLeverage (5) (got 9)",
    ]);
    expect(problems({ options: { writers: { minUnits: 50 } } })).to.deep.equal([
      "options.writers.minUnits: must be <= maxUnits (40) (got 50)",
    ]);
    expect(problems({ options: { vol: 0 } })).to.deep.equal(["options.vol: must be > 0 (got 0)"]);
    expect(problems({ options: { strikes: [] } })).to.deep.equal(["options.strikes: length must be >= 1 (got [])"]);
    expect(problems({ perp: {}, markets: [{ id: "main" }] })).to.deep.equal([
      "perp: a derivatives venue needs a single-asset scenario (no `assets` or `markets`)",
    ]);
  });

  it("are documented field by field in the generated reference", () => {
    const doc = renderScenarioReference();
    for (const f of [
      "perp.insuranceFund",
      "perp.longs.medianNotional",
      "options.dealer.hedges",
      "options.keeper.bidAt",
    ])
      expect(doc).to.include(`\`${f}\``);
  });

  it("the presets parse", () => {
    expect(loadPreset("derivatives/perp-long-squeeze").perp!.insuranceFund).to.equal(5000);
    expect(loadPreset("derivatives/short-gamma-spiral").options!.dealer.units).to.equal(600);
  });
});
