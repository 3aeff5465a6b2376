import { expect } from "chai";
import { depegPath } from "../../scripts/sim/depeg-path";
import { depegPrice } from "../../scripts/sim/depeg";
import { generatePath } from "../../scripts/sim/paths";
import { Rng } from "../../scripts/sim/random";
import { parseScenario } from "../../scripts/sim/scenario";

const params = { peg: 1, lowPct: 8, startBlock: 5, durationBlocks: 10, recoveryHalfLifeBlocks: 20, noise: 0 };

describe("depeg path", () => {
  it("stays at the peg through startBlock, falls linearly to the trough, then halves the gap every half-life", () => {
    const p = depegPath(params, 80, new Rng("d"));
    expect(p.slice(0, 6).every((x) => x === 1)).to.equal(true);
    expect(p[10]).to.be.closeTo(0.96, 1e-12); // halfway down
    expect(p[15]).to.be.closeTo(0.92, 1e-12); // trough: 8% below the peg
    expect(p[35]).to.be.closeTo(0.96, 1e-12); // one half-life later: half the gap
    expect(p[55]).to.be.closeTo(0.98, 1e-12); // two half-lives
    expect(Math.min(...p)).to.be.closeTo(0.92, 1e-12);
  });

  it("the gap is continuous at the trough and never negative", () => {
    const gap = (i: number) => 1 - depegPrice(params, i);
    expect(gap(15)).to.be.closeTo(0.08, 1e-15);
    expect(gap(16)).to.be.closeTo(0.08 * Math.pow(2, -1 / 20), 1e-15);
    for (let i = 0; i < 200; i++) expect(gap(i)).to.be.within(-1e-15, 0.08 + 1e-15);
  });

  it("noise: block 0 is the peg, draws are seeded and stay near the deterministic path", () => {
    const noisy = { ...params, noise: 0.002 };
    const a = depegPath(noisy, 60, new Rng("n"));
    expect(a[0]).to.equal(1);
    expect(a).to.deep.equal(depegPath(noisy, 60, new Rng("n")));
    expect(a).to.not.deep.equal(depegPath(noisy, 60, new Rng("m")));
    const flat = depegPath(params, 60, new Rng("n"));
    for (let i = 1; i < 60; i++) expect(Math.abs(Math.log(a[i] / flat[i]))).to.be.below(0.002 * 6);
  });

  it("generatePath reads a scenario's depeg spec with its documented defaults", () => {
    const s = parseScenario({ path: { kind: "depeg", peg: 2000 } });
    expect(s.path).to.deep.equal({
      kind: "depeg",
      peg: 2000,
      lowPct: 7,
      startBlock: 10,
      durationBlocks: 20,
      recoveryHalfLifeBlocks: 50,
      noise: 0,
    });
    const p = generatePath(s.path, { blocks: 40, blockTimeSeconds: 12, seed: "s" });
    expect(p[10]).to.equal(2000);
    expect(p[30]).to.be.closeTo(2000 * 0.93, 1e-9);
  });

  it("rejects a trough at or below zero", () => {
    expect(() => parseScenario({ path: { kind: "depeg", lowPct: 100 } })).to.throw("path.lowPct: must be < 100");
  });
});
