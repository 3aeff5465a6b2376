import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { END, ENGINE_DOC, START, fillMeasured, measuredBlock } from "../../scripts/bench/engine-doc";
import type { SimSample } from "../../scripts/bench/speed";

function sample(borrowers: number, liquidations: number): SimSample {
  return {
    borrowers,
    blocks: 300,
    wallSeconds: 69.374,
    setupSeconds: 9.451,
    openSeconds: 7.633,
    runSeconds: 53.959,
    transactions: 2309,
    liquidations,
    msPerLiquidation: 51.78,
    txPerSecond: 42.8,
    blocksPerSecond: 5.56,
    peakRssMb: 1210.85,
    split: { mineMs: 0, agentsMs: 0, engineMs: 0, byPhase: {} },
  };
}

const results = (sim: SimSample[]) => ({
  generatedAt: "2026-11-30T20:51:31.887Z",
  machine: { cpu: "Xeon", cores: 2, memoryGb: 24, loadAverageAtStart: [1, 1, 1], platform: "Linux" },
  sim,
});

describe("engine.md Measured block (from bench/results.json)", () => {
  it("one row per simulated size, with liquidations and time per liquidation", () => {
    const block = measuredBlock(results([sample(1000, 1042)]));
    expect(block).to.contain(
      "| 1,000 borrowers x 300 blocks | 1,042 | 69.4 s | 9.5 s (opening 7.6 s) | 54.0 s | 52 | 1.27 GB |",
    );
    expect(block).to.contain("on 2026-11-30 (Xeon, 2 cores;");
    expect(block).to.contain("5,000 borrowers run only with `npm run bench -- --full`.");
  });

  it("states the 5,000 ÷ 1,000 liquidation ratio when both sizes ran", () => {
    const block = measuredBlock(results([sample(1000, 1000), sample(5000, 3500)]));
    expect(block).to.contain("5,000 borrowers liquidated 3,500 positions against 1,000 for 1,000 (×3.50).");
  });

  it("adds the three-market system row when it ran, and says how to run it alone when it did not", () => {
    const without = measuredBlock(results([sample(1000, 1042)]));
    expect(without).to.contain("`npm run bench -- --only system` runs it alone");
    expect(without).not.to.contain("3 markets x 3 assets");
    const withSystem = measuredBlock({ ...results([sample(1000, 1042)]), system: sample(3000, 2500) });
    expect(withSystem).to.contain(
      "| 3 markets x 3 assets, 3,000 borrowers x 300 blocks | 2,500 | 69.4 s | 9.5 s (opening 7.6 s) | 54.0 s | 52 | 1.27 GB |",
    );
  });

  it("replaces only the text between the markers, and refuses a document without them", () => {
    const doc = `# x\n\n${START}\nold 862 liquidations\n${END}\n\nafter\n`;
    const out = fillMeasured(doc, "NEW");
    expect(out).to.equal(`# x\n\n${START}\n\nNEW\n\n${END}\n\nafter\n`);
    expect(fillMeasured(out, "NEWER")).to.equal(`# x\n\n${START}\n\nNEWER\n\n${END}\n\nafter\n`); // idempotent shape
    expect(() => fillMeasured("# no markers", "NEW")).to.throw(/markers/);
  });

  it("docs/engine.md carries the markers and the block generated from bench/results.json", () => {
    const doc = fs.readFileSync(ENGINE_DOC, "utf8");
    const file = path.join(__dirname, "..", "..", "bench", "results.json");
    const block = measuredBlock(JSON.parse(fs.readFileSync(file, "utf8")));
    expect(doc).to.contain(`${START}\n\n${block}\n\n${END}`);
  });
});
