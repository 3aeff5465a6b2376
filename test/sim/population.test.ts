import { expect } from "chai";
import {
  collateralValue,
  borrowersFromScenario,
  generateBorrowers,
  healthFactorWad,
  type PopulationParams,
} from "../../scripts/sim/population";
import { parseScenario } from "../../scripts/sim/scenario";
import { WAD, toWad } from "../../scripts/sim/wad";

const base: PopulationParams = {
  count: 200,
  size: { kind: "lognormal", median: 20, sigma: 0.8 },
  health: { kind: "uniform", min: 1.03, max: 1.25 },
  price: 2000,
  ltv: 0.83,
  liquidationThreshold: 0.85,
  collateralDecimals: 18,
  debtDecimals: 6,
};

describe("borrower population", () => {
  it("hits each target health within rounding and respects the LTV", () => {
    const borrowers = generateBorrowers(base, "seed");
    expect(borrowers).to.have.length(200);
    for (const b of borrowers) {
      const value = collateralValue(b.collateral, toWad(base.price), 18, 6);
      expect(b.debt).to.be.lessThanOrEqual((value * toWad(base.ltv)) / WAD);
      const hf = Number(healthFactorWad(value, toWad(base.liquidationThreshold), b.debt)) / 1e18;
      expect(hf).to.be.at.least(b.targetHealth - 1e-9);
      expect(hf - b.targetHealth).to.be.below(1e-4); // one debt base unit on thousands of tokens
      expect(b.cappedAtLtv).to.equal(false); // 1.03 > 0.85/0.83 ≈ 1.0241
    }
  });

  it("caps debt at the LTV when the target health is below threshold ÷ ltv", () => {
    const borrowers = generateBorrowers({ ...base, health: { kind: "uniform", min: 0.9, max: 1.0 } }, "low");
    for (const b of borrowers) {
      expect(b.cappedAtLtv).to.equal(true);
      expect(b.health).to.be.closeTo(0.85 / 0.83, 1e-4);
    }
  });

  it("supports uniform sizes, normal and leverage health, and small decimals", () => {
    const normal = generateBorrowers(
      {
        ...base,
        size: { kind: "uniform", min: 1, max: 2 },
        health: { kind: "normal", mean: 1.1, stdDev: 0.5, min: 1.05, max: 1.2 },
        collateralDecimals: 8,
      },
      "n",
    );
    for (const b of normal) {
      expect(b.collateral).to.be.within(10n ** 8n, 2n * 10n ** 8n);
      expect(b.targetHealth).to.be.within(1.05, 1.2);
    }
    const leverage = generateBorrowers({ ...base, health: { kind: "leverage", min: 3, max: 5 } }, "l");
    for (const b of leverage) expect(b.targetHealth).to.be.within(0.85 / 0.8 - 1e-9, 0.85 / (1 - 1 / 3) + 1e-9);
  });

  it("is deterministic per seed", () => {
    expect(generateBorrowers(base, "a")).to.deep.equal(generateBorrowers(base, "a"));
    expect(generateBorrowers(base, "a")).to.not.deep.equal(generateBorrowers(base, "b"));
    const s = parseScenario({});
    const pop = borrowersFromScenario(s, 2000);
    expect(pop).to.have.length(60);
    expect(pop).to.deep.equal(borrowersFromScenario(s, 2000));
  });
});
