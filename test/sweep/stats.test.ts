import { expect } from "chai";
import {
  describe as dist,
  empiricalCdf,
  expectedShortfall,
  mean,
  probabilityPositive,
  quantile,
} from "../../scripts/sweep/stats";

describe("sweep statistics", () => {
  it("quantiles interpolate between order statistics (type 7, as R and NumPy)", () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // h = 9 × 0.95 = 8.55 → 9 + 0.55 × (10 − 9)
    expect(quantile(xs, 0.95)).to.be.closeTo(9.55, 1e-12);
    expect(quantile(xs, 0.5)).to.equal(5.5);
    expect(quantile(xs, 0)).to.equal(1);
    expect(quantile(xs, 1)).to.equal(10);
    expect(quantile([7], 0.99)).to.equal(7);
    expect(quantile([], 0.5)).to.equal(null);
    expect(() => quantile(xs, 1.5)).to.throw(/outside/);
  });

  it("expected shortfall is the mean of the runs at or beyond the quantile", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    // p95 = 1 + 0.95 × 99 = 95.05: the runs ≥ it are 96..100, mean 98
    expect(expectedShortfall(xs, 0.95)).to.equal(98);
    expect(expectedShortfall([], 0.95)).to.equal(null);
  });

  it("describes a distribution, leaving out runs without a value", () => {
    const d = dist([3, null, 1, 2, Number.NaN]);
    expect(d).to.deep.include({ n: 3, mean: 2, min: 1, max: 3, p50: 2 });
    expect(d.p5).to.be.closeTo(1.1, 1e-12);
    expect(mean([])).to.equal(null);
  });

  it("probability of a positive loss and the empirical CDF", () => {
    expect(probabilityPositive([0, 0, 5, 1])).to.equal(0.5);
    expect(probabilityPositive([null])).to.equal(null);
    expect(empiricalCdf([2, 1, 2, 3])).to.deep.equal([
      { value: 1, share: 0.25 },
      { value: 2, share: 0.75 },
      { value: 3, share: 1 },
    ]);
  });
});
