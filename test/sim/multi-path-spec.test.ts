import { expect } from "chai";
import { assetPathFromSpec } from "../../scripts/sim/multi-path-spec";
import { multiAssetPaths } from "../../scripts/sim/multi-path";
import { generatePath } from "../../scripts/sim/paths";
import { depegCurve } from "../../scripts/sim/depeg";
import { parseScenario } from "../../scripts/sim/scenario";

const ctx = { blocks: 120, blockTimeSeconds: 12, seed: "preset-seed" };

describe("multi-asset paths from scenario path specs", () => {
  for (const kind of ["step", "linear", "gbm", "jump", "regime", "depeg"] as const) {
    it(`a lone ${kind} asset gives generatePath's path exactly (every preset keeps its numbers)`, () => {
      const spec = parseScenario({ path: kind === "depeg" ? { kind, noise: 0.003 } : { kind } }).path;
      const paths = multiAssetPaths({ assets: [{ id: "eth", path: assetPathFromSpec(spec, ctx) }] }, ctx);
      expect(paths.eth).to.deep.equal(generatePath(spec, ctx));
    });
  }

  it("a csv path is replayed and passed as given prices", () => {
    const spec = parseScenario({ path: { kind: "csv", file: "p.csv" } }).path;
    const withCsv = { ...ctx, readCsv: () => "block,price\n0,100\n10,90\n" };
    const path = assetPathFromSpec(spec, withCsv);
    expect(path.kind).to.equal("given");
    expect(multiAssetPaths({ assets: [{ id: "x", path }] }, ctx).x).to.deep.equal(generatePath(spec, withCsv));
  });

  it("the depeg kind maps field for field", () => {
    const d = { peg: 1, lowPct: 5, startBlock: 3, durationBlocks: 6, recoveryHalfLifeBlocks: 10 };
    const path = assetPathFromSpec({ kind: "depeg", ...d }, ctx);
    expect(multiAssetPaths({ assets: [{ id: "steth", path }] }, ctx).steth).to.deep.equal(depegCurve(d, ctx.blocks));
  });
});
