import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import { cascade, resolveScenarioPath, splitSets } from "../../../scripts/tasks/cascade";

describe("npx hardhat cascade", function () {
  this.timeout(300_000);
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-"));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  const tiny = [
    "borrowers.count=8",
    "blocks=10",
    "path.atBlock=2",
    'keepers=[{"strategy":"flash","count":1,"capital":0}]',
  ];

  it("runs end-to-end on a tiny scenario and writes every output file", async () => {
    const snapshot = await takeSnapshot();
    const originalWrite = process.stdout.write.bind(process.stdout);
    let printed = "";
    process.stdout.write = ((chunk: string) => {
      printed += chunk;
      return true;
    }) as typeof process.stdout.write;
    let dir: string;
    try {
      ({ dir } = await cascade({ scenario: "default", out, json: true, set: tiny }, hre));
    } finally {
      process.stdout.write = originalWrite;
      await snapshot.restore();
    }
    const files = fs.readdirSync(dir).sort();
    for (const f of ["scenario.json", "summary.json", "blocks.csv", "liquidations.csv", "report.html", "prices.svg"]) {
      expect(files).to.include(f);
    }
    const summary = JSON.parse(printed);
    expect(summary.outDir).to.equal(dir);
    expect(summary.blocks).to.equal(10);
    const resolved = JSON.parse(fs.readFileSync(path.join(dir, "scenario.json"), "utf8"));
    expect(resolved.borrowers.count).to.equal(8); // the overrides were applied and the resolved input saved
    expect(fs.readFileSync(path.join(dir, "blocks.csv"), "utf8").trim().split("\n")).to.have.length(11);
  });

  it("refuses a bad value naming the field, and writes nothing", async () => {
    await expect(
      cascade({ scenario: "default", out, json: true, set: ["oracle.latencySeconds=-3"] }, hre),
    ).to.be.rejectedWith(/oracle\.latencySeconds: must be >= 0/);
    expect(fs.readdirSync(out)).to.deep.equal([]);
  });

  it("names the presets when the scenario does not exist", () => {
    expect(() => resolveScenarioPath(hre.config.paths.root, "nope")).to.throw(
      /no preset of that name \(presets: .*default/,
    );
  });

  it("splits --set on the commas that start a new override", () => {
    expect(splitSets('a=1,b.c={"x":1,"y":2},d=[1,2]')).to.deep.equal(["a=1", 'b.c={"x":1,"y":2}', "d=[1,2]"]);
  });
});
