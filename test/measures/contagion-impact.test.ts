import { expect } from "chai";
import { priceWithout, pricesWithout, splitImpact } from "../../scripts/measures/contagion-impact";
import { type ExternalMarketParams, applyNetFlow, initialExternalState } from "../../scripts/sim/external-market";
import { Rng } from "../../scripts/sim/random";

const BLOCKS = 200;

function randomFlows(seed: string) {
  const rng = new Rng(seed);
  const sales = (p: number) => Array.from({ length: BLOCKS }, () => (rng.bernoulli(p) ? rng.uniformIn(0, 50_000) : 0));
  const path = Array.from({ length: BLOCKS }, (_, i) => 2000 * (1 - i / 1000));
  return {
    path,
    forcedSales: { a: sales(0.2), b: sales(0.1), c: sales(0.05) },
    otherFlow: Array.from({ length: BLOCKS }, () => rng.uniformIn(-20_000, 20_000)),
  };
}

describe("contagion: the external market's impact split by source", () => {
  for (const impactModel of ["exponential", "linear"] as const) {
    const params: ExternalMarketParams = { depth: 2_000_000, impactModel, recoveryPerBlock: 0.1 };

    it(`the parts sum to applyNetFlow's impact, block by block (${impactModel})`, () => {
      const f = randomFlows(impactModel);
      const split = splitImpact({ asset: "x", params, ...f });
      let state = initialExternalState(f.path[0]);
      for (let i = 0; i < BLOCKS; i++) {
        const total = f.forcedSales.a[i] + f.forcedSales.b[i] + f.forcedSales.c[i] + f.otherFlow[i];
        state = applyNetFlow(params, state, f.path[i], total);
        expect(split.impact[i]).to.be.closeTo(state.impact, 1e-12);
        expect(split.price[i]).to.be.closeTo(state.price, 1e-9);
        const parts = split.bySource.a[i] + split.bySource.b[i] + split.bySource.c[i] + split.other[i];
        expect(parts).to.be.closeTo(split.impact[i], 1e-12);
      }
      expect(Math.max(...split.bySource.a)).to.be.greaterThan(0.01); // the flows are not negligible
    });

    it(`without a source, the price the plan's formula gives (${impactModel})`, () => {
      const f = randomFlows(`${impactModel}/cf`);
      const split = splitImpact({ asset: "x", params, ...f });
      for (let i = 0; i < BLOCKS; i++) {
        const p = priceWithout(split, ["a"], i);
        const expected =
          impactModel === "exponential"
            ? split.price[i] * Math.exp(split.bySource.a[i])
            : f.path[i] * Math.max(0, 1 - (split.impact[i] - split.bySource.a[i]));
        expect(p).to.be.closeTo(expected, 1e-9);
        if (split.bySource.a[i] > 0) expect(p).to.be.greaterThan(split.price[i]);
        // Without every source only the other flows move the price.
        const onlyOther = f.path[i] * (impactModel === "exponential" ? Math.exp(-split.other[i]) : 1 - split.other[i]);
        expect(priceWithout(split, ["a", "b", "c"], i)).to.be.closeTo(onlyOther, 1e-9);
        expect(priceWithout(split, ["nobody"], i)).to.equal(split.price[i]);
      }
      expect(pricesWithout(split, ["b"])).to.deep.equal(split.path.map((_, i) => priceWithout(split, ["b"], i)));
    });
  }

  it("refuses blocks outside the path and flows longer than it", () => {
    const params: ExternalMarketParams = { depth: 1, impactModel: "linear", recoveryPerBlock: 0 };
    const split = splitImpact({ asset: "x", params, path: [1, 1], forcedSales: { a: [0.1] } });
    expect(split.price).to.deep.equal([0.9, 0.9]);
    expect(() => priceWithout(split, ["a"], 2)).to.throw(RangeError, "x: block 2 outside the path (0 … 1)");
    expect(() => splitImpact({ asset: "x", params, path: [1], forcedSales: { a: [0, 1] } })).to.throw(
      RangeError,
      "x: a has flows for 2 blocks, the path 1",
    );
  });
});
