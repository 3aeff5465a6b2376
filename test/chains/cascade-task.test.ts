import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { cascade } from "../../scripts/tasks/cascade";

/** Runs `fn` with stdout captured (the task prints its summary there). */
async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

describe("npx hardhat cascade --scenario chains/<name>", function () {
  this.timeout(900_000);
  const tiny = ["durationSec=60", "crash.atSec=12"];

  it("writes each chain and the contagion measures; the same scenario and seed give the same bytes", async () => {
    const outs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "chains-cascade-")));
    const dirs: string[] = [];
    for (const out of outs) {
      const { dir } = await quiet(() =>
        cascade({ scenario: "chains/shared-whale", borrowers: 3, out, json: true, set: tiny }, hre),
      );
      dirs.push(dir);
    }
    const files = fs.readdirSync(dirs[0]).sort();
    expect(files).to.deep.equal([
      "liquidations.csv",
      "prices.svg",
      "report.html",
      "scenario.json",
      "summary.json",
      "ticks.csv",
    ]);
    for (const f of files) {
      expect(fs.readFileSync(path.join(dirs[1], f)), f).to.deep.equal(fs.readFileSync(path.join(dirs[0], f)));
    }
    const summary = JSON.parse(fs.readFileSync(path.join(dirs[0], "summary.json"), "utf8"));
    expect(summary.chains.map((c: { name: string }) => c.name)).to.deep.equal(["A", "B"]);
    expect(summary.ticks).to.equal(30); // 60 s of B's 2 s blocks
    expect(summary.chains[1].blocks - summary.chains[0].blocks).to.be.greaterThan(0);
    expect(summary.contagion).to.have.keys([
      "firstLiquidationOnASec",
      "firstLiquidationOnBSec",
      "firstLiquidationDelaySec",
      "badDebtOnBCausedByA",
      "underwaterOnBCausedByA",
      "liquidationsOnBCausedByA",
    ]);
    const ticks = fs.readFileSync(path.join(dirs[0], "ticks.csv"), "utf8").trim().split("\n");
    expect(ticks).to.have.length(31);
    for (const out of outs) fs.rmSync(out, { recursive: true, force: true });
  });

  it("refuses a bad field with one line naming it, before building anything", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "chains-cascade-"));
    await expect(
      cascade({ scenario: "chains/shared-whale", out, json: true, set: ["crash.drop=2"] }, hre),
    ).to.be.rejectedWith(/crash\.drop: must be in \[0, 0\.99\] \(got 2\) \(from --set crash\.drop=2\)/);
    expect(fs.readdirSync(out)).to.deep.equal([]);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
