import { expect } from "chai";
import { gbmPath } from "../../scripts/sim/paths";
import { Rng } from "../../scripts/sim/random";
import { CorrelationError, choleskyFactor, correlate } from "../../scripts/sim/correlation";
import { DepegParamError, depegCurve, depegPrice } from "../../scripts/sim/depeg";
import { type GbmAssetPath, logReturns, multiAssetPaths, pearson } from "../../scripts/sim/multi-path";

const ctx = { blocks: 400, blockTimeSeconds: 12, seed: "s" };
const gbm = (over: Partial<GbmAssetPath> = {}): GbmAssetPath => ({
  kind: "gbm",
  initialPrice: 2000,
  driftPerYear: 0.1,
  volatilityPerYear: 0.9,
  ...over,
});

describe("multi-asset paths", () => {
  it("one uncorrelated GBM asset reproduces gbmPath for the same seed (jumps and regime included)", () => {
    const jumps = { probability: 0.05, mean: -0.02, stdDev: 0.03 };
    const regime = { atBlock: 150, driftPerYear: -0.5, volatilityPerYear: 2 };
    for (const path of [gbm(), gbm({ jumps, regime })]) {
      const legacy = gbmPath({ ...path, blockTimeSeconds: 12 }, ctx.blocks, new Rng("s/path"));
      expect(multiAssetPaths({ assets: [{ id: "eth", path }] }, ctx).eth).to.deep.equal(legacy);
      expect(multiAssetPaths({ assets: [{ id: "eth", path }], correlation: [[1]] }, ctx).eth).to.deep.equal(legacy);
      const own = multiAssetPaths({ assets: [{ id: "eth", path: { ...path, seed: "mine" } }] }, ctx).eth;
      expect(own).to.deep.equal(gbmPath({ ...path, blockTimeSeconds: 12 }, ctx.blocks, new Rng("mine")));
    }
  });

  it("adding an independent asset leaves the first asset's path unchanged", () => {
    const alone = multiAssetPaths({ assets: [{ id: "eth", path: gbm() }] }, ctx).eth;
    const two = multiAssetPaths(
      {
        assets: [
          { id: "eth", path: gbm() },
          { id: "btc", path: gbm() },
        ],
      },
      ctx,
    );
    expect(two.eth).to.deep.equal(alone);
    expect(two.btc).to.not.deep.equal(alone);
  });

  it("log returns over a long path correlate as the matrix says (seeded, within 0.03)", () => {
    const correlation = [
      [1, 0.8, -0.3],
      [0.8, 1, 0],
      [-0.3, 0, 1],
    ];
    const assets = ["a", "b", "c"].map((id) => ({
      id,
      path: gbm({ volatilityPerYear: 0.6 + id.charCodeAt(0) / 100 }),
    }));
    const paths = multiAssetPaths({ assets, correlation }, { ...ctx, blocks: 20_000 });
    const r = assets.map((a) => logReturns(paths[a.id]));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < i; j++) expect(pearson(r[i], r[j])).to.be.closeTo(correlation[i][j], 0.03);
    }
    const again = multiAssetPaths({ assets, correlation }, { ...ctx, blocks: 20_000 });
    expect(JSON.stringify(again)).to.equal(JSON.stringify(paths)); // chai's deep.equal is slow on long arrays
  });

  it("a perfectly correlated pair (semi-definite) moves in lockstep", () => {
    const p = multiAssetPaths(
      {
        assets: [
          { id: "eth", path: gbm() },
          { id: "steth", path: gbm() },
        ],
        correlation: [
          [1, 1],
          [1, 1],
        ],
      },
      ctx,
    );
    expect(p.steth).to.deep.equal(p.eth);
  });

  it("common jumps arrive in the same blocks for every listed asset, each with its own size", () => {
    const assets = [
      { id: "a", path: gbm({ driftPerYear: 0, volatilityPerYear: 0, initialPrice: 1 }) },
      { id: "b", path: gbm({ driftPerYear: 0, volatilityPerYear: 0, initialPrice: 1 }) },
    ];
    const sizes = { a: { mean: -0.1, stdDev: 0 }, b: { mean: -0.2, stdDev: 0 } };
    const p = multiAssetPaths({ assets, commonJumps: { probability: 0.05, sizes } }, ctx);
    const ra = logReturns(p.a);
    const rb = logReturns(p.b);
    const jumpsA = ra.flatMap((x, i) => (x !== 0 ? [i] : []));
    expect(jumpsA.length).to.be.within(5, 40);
    expect(rb.flatMap((x, i) => (x !== 0 ? [i] : []))).to.deep.equal(jumpsA);
    for (const i of jumpsA) {
      expect(ra[i]).to.be.closeTo(-0.1, 1e-12);
      expect(rb[i]).to.be.closeTo(-0.2, 1e-12);
    }
  });

  it("depeg: flat at the peg, linear to the trough, half the gap back after one half-life", () => {
    const d = { peg: 1, lowPct: 6, startBlock: 10, durationBlocks: 4, recoveryHalfLifeBlocks: 5 };
    const p = depegCurve(d, 40);
    expect(p.slice(0, 11).every((x) => x === 1)).to.equal(true);
    expect(p[12]).to.be.closeTo(0.97, 1e-15);
    expect(p[14]).to.be.closeTo(0.94, 1e-15);
    expect(Math.min(...p)).to.equal(p[14]);
    expect(p[19]).to.be.closeTo(0.97, 1e-15);
    expect(p[24]).to.be.closeTo(0.985, 1e-15);
    expect(p[39]).to.be.closeTo(1 - 0.06 / 32, 1e-15);
    // No fall: the trough at the start block.
    expect(depegPrice({ ...d, durationBlocks: 0 }, 9)).to.equal(1);
    expect(depegPrice({ ...d, durationBlocks: 0 }, 10)).to.be.closeTo(0.94, 1e-15);
    // No recovery: the trough holds.
    expect(
      depegCurve({ ...d, recoveryHalfLifeBlocks: Infinity }, 40)
        .slice(14)
        .every((x) => x === p[14]),
    ).to.equal(true);
    const viaMulti = multiAssetPaths(
      { assets: [{ id: "steth", path: { kind: "depeg", ...d } }] },
      { ...ctx, blocks: 40 },
    );
    expect(viaMulti.steth).to.deep.equal(p);
  });

  it("depeg noise follows the correlated shock of another asset", () => {
    const d = { peg: 1, lowPct: 5, startBlock: 100, durationBlocks: 50, recoveryHalfLifeBlocks: 200 };
    const spec = {
      assets: [
        { id: "eth", path: gbm() },
        { id: "steth", path: { kind: "depeg" as const, ...d, noise: 0.002 } },
      ],
      correlation: [
        [1, 0.9],
        [0.9, 1],
      ],
    };
    const p = multiAssetPaths(spec, { ...ctx, blocks: 10_000 });
    const noise = p.steth.map((x, i) => Math.log(x / depegPrice(d, i))).slice(1);
    expect(pearson(noise, logReturns(p.eth))).to.be.closeTo(0.9, 0.03);
    expect(p.steth[0]).to.equal(1);
  });

  it("refuses bad matrices with a RangeError naming the entry", () => {
    const bad =
      (c: number[][], n = c.length) =>
      () =>
        choleskyFactor(c, n);
    const notPsd = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    expect(bad(notPsd)).to.throw(RangeError, "correlation[2][2]: not positive semi-definite");
    expect(bad(notPsd)).to.throw(CorrelationError);
    expect(
      bad([
        [1, 1, 0],
        [1, 1, 0.5],
        [0, 0.5, 1],
      ]),
    ).to.throw(RangeError, "correlation[2][1]: not positive semi-definite");
    expect(
      bad([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).to.throw(RangeError, "correlation[1][0]: not symmetric");
    expect(
      bad([
        [1, 0],
        [0, 0.9],
      ]),
    ).to.throw(RangeError, "correlation[1][1]: the diagonal must be 1");
    expect(
      bad([
        [1, 2],
        [2, 1],
      ]),
    ).to.throw(RangeError, "correlation[0][1]: must be a number in [-1, 1]");
    expect(bad([[1, 0], [0]])).to.throw(RangeError, "correlation[1][1]: row 1 has 1 entries");
    expect(bad([[1]], 2)).to.throw(RangeError, "expected 2 rows");
    const given = { kind: "given" as const, prices: new Array<number>(ctx.blocks).fill(1) };
    const corr = [
      [1, 0.5],
      [0.5, 1],
    ];
    expect(() =>
      multiAssetPaths(
        {
          assets: [
            { id: "eth", path: gbm() },
            { id: "usdc", path: given },
          ],
          correlation: corr,
        },
        ctx,
      ),
    ).to.throw(RangeError, "correlation[0][1]: must be 0: usdc has no random shock");
  });

  it("refuses bad path parameters, naming the field", () => {
    const d = { peg: 1, lowPct: 100, startBlock: 0, durationBlocks: 1, recoveryHalfLifeBlocks: 1 };
    expect(() => depegCurve(d, 5)).to.throw(DepegParamError, "depeg.lowPct: must be in [0, 100), got 100");
    expect(() => depegCurve({ ...d, lowPct: 5, durationBlocks: 1.5 }, 5)).to.throw(RangeError, "depeg.durationBlocks");
    const dup = {
      assets: [
        { id: "a", path: gbm() },
        { id: "a", path: gbm() },
      ],
    };
    expect(() => multiAssetPaths(dup, ctx)).to.throw(RangeError, 'assets[1].id: "a" is listed twice');
    const jumps = { probability: 1.5, mean: 0, stdDev: 0 };
    expect(() => multiAssetPaths({ assets: [{ id: "a", path: gbm({ jumps }) }] }, ctx)).to.throw(
      RangeError,
      "assets[0] (a).path.jumps.probability",
    );
    const common = { probability: 0.1, sizes: { b: { mean: 0, stdDev: 0 } } };
    expect(() => multiAssetPaths({ assets: [{ id: "a", path: gbm() }], commonJumps: common }, ctx)).to.throw(
      RangeError,
      "commonJumps.sizes.b: not a gbm asset",
    );
  });

  it("correlate multiplies by the lower triangle only", () => {
    const l = choleskyFactor([
      [1, 0.6],
      [0.6, 1],
    ]);
    expect(l[1][1]).to.be.closeTo(0.8, 1e-15);
    expect(correlate(l, [2, 3])).to.deep.equal([2, 0.6 * 2 + l[1][1] * 3]);
  });
});
