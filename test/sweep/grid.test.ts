import { expect } from "chai";
import { cellLabel, gridCells, parseSeeds, parseVary, splitTopLevel } from "../../scripts/sweep/grid";
import { splitSets } from "../../scripts/tasks/cascade";
import { gatherRepeated, varyAxes } from "../../scripts/tasks/sweep";

describe("sweep grid", () => {
  it("expands seed ranges and lists, and refuses backwards ranges, duplicates and unsafe seeds", () => {
    expect(parseSeeds("1-3")).to.deep.equal(["1", "2", "3"]);
    expect(parseSeeds("1,5,9-10,alpha")).to.deep.equal(["1", "5", "9", "10", "alpha"]);
    expect(() => parseSeeds("5-1")).to.throw(/backwards/);
    expect(() => parseSeeds("1-3,2")).to.throw(/seed 2 appears twice/);
    expect(() => parseSeeds("a:b")).to.throw(/neither a range/);
    expect(() => parseSeeds("")).to.throw(/no seeds/);
  });

  it("splits values on top-level commas only", () => {
    expect(splitTopLevel('1,[2,3],{"a":1,"b":"x,y"}')).to.deep.equal(["1", "[2,3]", '{"a":1,"b":"x,y"}']);
  });

  it("builds the cartesian product, first axis slowest, with the overrides cascade --set takes", () => {
    const cells = gridCells([
      parseVary("liquidation.mechanism=fixed-bonus,dutch-auction"),
      parseVary("amm.depth=1e6,5e6,2e7"),
    ]);
    expect(cells).to.have.length(6);
    expect(cells[1].overrides).to.deep.equal(["liquidation.mechanism=fixed-bonus", "amm.depth=5e6"]);
    expect(cells[3].params).to.deep.equal({ "liquidation.mechanism": "dutch-auction", "amm.depth": "1e6" });
    expect(cellLabel(cells[5])).to.equal("liquidation.mechanism=dutch-auction amm.depth=2e7");
    expect(gridCells([])).to.deep.equal([{ index: 0, params: {}, overrides: [] }]);
    expect(cellLabel(gridCells([])[0])).to.equal("all");
  });

  it("refuses an axis without values, a value twice and a field varied twice", () => {
    expect(() => parseVary("amm.depth")).to.throw(/expected field=v1,v2/);
    expect(() => parseVary("amm.depth=")).to.throw(/no values/);
    expect(() => parseVary("amm.depth=1,1")).to.throw(/value 1 appears twice/);
    expect(() => gridCells([parseVary("a=1"), parseVary("a=2")])).to.throw(/varied twice/);
  });

  it("reads --vary as given once (axes joined by ;) or repeated", () => {
    expect(varyAxes(undefined)).to.deep.equal([]);
    expect(varyAxes("a=1,2; b=3")).to.deep.equal(["a=1,2", "b=3"]);
    expect(varyAxes("\u0000repeated:" + JSON.stringify(["a=1,2", "b=3"]))).to.deep.equal(["a=1,2", "b=3"]);
  });

  it("gathers repeated --vary and --set flags into one each (Hardhat refuses a repeated flag)", () => {
    const keepers = 'keepers=[{"strategy":"auction-kicker","count":1},{"strategy":"flash","count":1}]';
    const args = gatherRepeated(["--seeds", "1-5", "--set", "liquidation.mechanism=dutch-auction", "--set", keepers]);
    expect(args.slice(0, 3)).to.deep.equal(["--seeds", "1-5", "--set"]);
    expect(splitSets(args[3])).to.deep.equal(["liquidation.mechanism=dutch-auction", keepers]);
    const vary = gatherRepeated(["--vary", "a=1,2", "--vary", "b=3"]);
    expect(vary[0]).to.equal("--vary");
    expect(varyAxes(vary[1])).to.deep.equal(["a=1,2", "b=3"]);
    expect(gatherRepeated(["--scenario", "default"])).to.deep.equal(["--scenario", "default"]);
  });
});
