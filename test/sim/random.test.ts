import { expect } from "chai";
import { Rng, hashSeed } from "../../scripts/sim/random";

describe("Rng", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const draw = (seed: string) => {
      const r = new Rng(seed);
      return Array.from({ length: 20 }, () => r.uniform());
    };
    expect(draw("a")).to.deep.equal(draw("a"));
    expect(draw("a")).to.not.deep.equal(draw("b"));
    expect(hashSeed("x")).to.deep.equal(hashSeed("x"));
  });

  it("draws uniforms in [0,1) with a plausible mean, and normals with plausible moments", () => {
    const r = new Rng("moments");
    const n = 20_000;
    let sumU = 0;
    let sum = 0;
    let sumSq = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (u < 0 || u >= 1) outOfRange++;
      sumU += u;
      const z = r.normal(1, 2);
      sum += z;
      sumSq += z * z;
    }
    expect(outOfRange).to.equal(0);
    expect(sumU / n).to.be.closeTo(0.5, 0.01);
    const mean = sum / n;
    expect(mean).to.be.closeTo(1, 0.05);
    expect(Math.sqrt(sumSq / n - mean * mean)).to.be.closeTo(2, 0.05);
  });

  it("lognormal has median e^mu; choice and int stay in range; fork is independent of use", () => {
    const r = new Rng("ln");
    const draws = Array.from({ length: 5001 }, () => r.lognormal(Math.log(20), 0.8)).sort((a, b) => a - b);
    expect(draws[2500]).to.be.closeTo(20, 1.5);
    for (let i = 0; i < 100; i++) expect(["a", "b", "c"]).to.include(r.choice(["a", "b", "c"]));
    expect(() => r.int(0)).to.throw(RangeError);
    const fresh = new Rng("ln").fork("x").uniform();
    expect(r.fork("x").uniform()).to.equal(fresh);
  });
});
