import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { summarize } from "../../scripts/sim/metrics";
import { parseScenario } from "../../scripts/sim/scenario";
import { runDirName, writeRun, type RunOutput } from "../../scripts/report/write-run";
import { sampleRun } from "../helpers/records";

function makeRun(): RunOutput {
  const { blocks, liquidations, timings } = sampleRun();
  return {
    scenario: parseScenario({ name: "sample", seed: 7 }),
    summary: summarize(blocks, liquidations, timings),
    blocks,
    liquidations,
  };
}

describe("writeRun", () => {
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-out-"));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  it("writes every file into out/<scenario>-<seed>-<timestamp>/", () => {
    const now = new Date("2024-05-01T12:30:05.123Z");
    const dir = writeRun(makeRun(), { outDir: out, now });
    expect(path.basename(dir)).to.equal("sample-7-20240501T123005123Z");
    expect(runDirName("a b", "1", now)).to.equal("a_b-1-20240501T123005123Z");
    expect(fs.readdirSync(dir).sort()).to.deep.equal(
      [
        "bad-debt.svg",
        "blocks.csv",
        "fees.svg",
        "gas.svg",
        "health.svg",
        "liquidations.csv",
        "liquidations.svg",
        "oracle-error.svg",
        "prices.svg",
        "report.html",
        "scenario.json",
        "summary.json",
      ].sort(),
    );
    const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
    expect(summary.generatedAt).to.equal(now.toISOString());
    expect(summary.amplification).to.be.closeTo(2, 1e-12);
    expect(summary.badDebt).to.equal("5000000");
    const scenario = JSON.parse(fs.readFileSync(path.join(dir, "scenario.json"), "utf8")) as {
      borrowers: { count: number };
    };
    expect(scenario.borrowers.count).to.equal(60);
    expect(fs.readdirSync(out)).to.deep.equal([path.basename(dir)]); // no temp dir left
  });

  it("is byte-identical apart from generatedAt for the same run", () => {
    const a = writeRun(makeRun(), { outDir: out, now: new Date("2024-01-01T00:00:00Z") });
    const b = writeRun(makeRun(), { outDir: out, now: new Date("2024-01-02T00:00:00Z") });
    for (const f of ["blocks.csv", "liquidations.csv", "scenario.json", "prices.svg"]) {
      expect(fs.readFileSync(path.join(a, f), "utf8"), f).to.equal(fs.readFileSync(path.join(b, f), "utf8"));
    }
    const strip = (d: string) =>
      fs.readFileSync(path.join(d, "summary.json"), "utf8").replace(/"generatedAt": "[^"]*"/, "");
    expect(strip(a)).to.equal(strip(b));
  });

  it("a failing writer leaves no partial directory and other runs untouched", () => {
    const earlier = writeRun(makeRun(), { outDir: out, now: new Date("2024-01-01T00:00:00Z") });
    const before = fs.readFileSync(path.join(earlier, "summary.json"), "utf8");
    expect(() =>
      writeRun(makeRun(), {
        outDir: out,
        now: new Date("2024-01-03T00:00:00Z"),
        extraFiles: [
          {
            name: "boom.txt",
            content: () => {
              throw new Error("chart failed");
            },
          },
        ],
      }),
    ).to.throw("chart failed");
    expect(fs.readdirSync(out)).to.deep.equal([path.basename(earlier)]);
    expect(fs.readFileSync(path.join(earlier, "summary.json"), "utf8")).to.equal(before);
  });

  it("refuses to overwrite an existing run directory", () => {
    const now = new Date("2024-01-01T00:00:00Z");
    writeRun(makeRun(), { outDir: out, now });
    expect(() => writeRun(makeRun(), { outDir: out, now })).to.throw(/already exists/);
    expect(fs.readdirSync(out)).to.have.length(1);
  });
});
