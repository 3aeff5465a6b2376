import { expect } from "chai";
import * as path from "node:path";
import { gridCells, parseVary } from "../../scripts/sweep/grid";
import type { RunRecord } from "../../scripts/sweep/job";
import { MEASURES, type Measures } from "../../scripts/sweep/measures";
import { cellHash, deploymentKey, runIdOf, runScenarioOf } from "../../scripts/sweep/run-one";
import { cellStats, cellsCsv, runsCsv } from "../../scripts/sweep/tables";

const DEFAULT = path.join(__dirname, "..", "..", "scenarios", "default.json");

function record(cell: number, seed: string, badDebt: number, debtLiquidated: number): RunRecord {
  const measures = Object.fromEntries(MEASURES.map((m) => [m.key, 0])) as Measures;
  Object.assign(measures, { badDebt, debtLiquidated, amplification: null });
  return {
    runId: `c${cell}-${seed}`,
    cell,
    params: {},
    seed,
    measures,
    seconds: 1,
    reusedWorld: false,
    reusedPositions: false,
    memoReads: 0,
    worker: "w",
  };
}

describe("sweep tables and run ids", () => {
  it("per cell: VaR95/VaR99 and ES95 of bad debt, LaR95 of debt liquidated, probability of bad debt", () => {
    const cells = gridCells([parseVary("amm.depth=1e6,2e6")]);
    // Cell 0: bad debt 0..19 over 20 seeds (one in twenty is 0); cell 1: none.
    const records = [
      ...Array.from({ length: 20 }, (_, i) => record(0, String(i + 1), i, 100 * i)),
      ...Array.from({ length: 4 }, (_, i) => record(1, String(i + 1), 0, 50)),
    ];
    const [c0, c1] = cellStats(cells, records);
    expect(c0.runs).to.equal(20);
    expect(c0.risk.VaR95).to.be.closeTo(18.05, 1e-9); // h = 19 × 0.95 = 18.05 → 18 + 0.05
    expect(c0.risk.VaR99).to.be.closeTo(18.81, 1e-9);
    expect(c0.risk.ES95).to.equal(19); // only 19 ≥ 18.05
    expect(c0.risk.LaR95).to.be.closeTo(1805, 1e-9);
    expect(c0.risk.pBadDebt).to.equal(0.95);
    expect(c0.measures.amplification.n).to.equal(0); // undefined in every run: left out, not zero
    expect(c1.risk).to.deep.include({ VaR95: 0, pBadDebt: 0, LaR95: 50 });
    const csv = cellsCsv(["amm.depth"], [c0, c1]).trim().split("\n");
    expect(csv[0].startsWith("cell,amm.depth,runs,pBadDebt,VaR95,VaR99,ES95,LaR95,badDebt.mean")).to.equal(true);
    expect(csv[2].startsWith("1,2e6,4,0,0,0,0,50,")).to.equal(true);
    expect(runsCsv([], records.slice(0, 1)).split("\n")[1]).to.match(/^c0-1,0,1,0,/);
  });

  it("names a run by its resolved scenario: the same run however it is asked for, the seed last", () => {
    const a = runScenarioOf(DEFAULT, ["amm.depth=5e6"], [], "7");
    const b = runScenarioOf(DEFAULT, [], ["amm.depth=5000000"], "7");
    expect(runIdOf(a)).to.equal(runIdOf(b));
    expect(runIdOf(a)).to.match(/^[0-9a-f]{16}-7$/);
    const other = runScenarioOf(DEFAULT, [], ["amm.depth=5e6"], "8");
    expect(cellHash(other)).to.equal(cellHash(a));
    expect(runIdOf(other)).to.not.equal(runIdOf(a));
    expect(cellHash(runScenarioOf(DEFAULT, [], ["amm.depth=6e6"], "7"))).to.not.equal(cellHash(a));
  });

  it("keeps a deployment across seeds and agents, not across market or AMM fields", () => {
    const base = runScenarioOf(DEFAULT, [], [], "1");
    const key = deploymentKey(base, 2000);
    expect(
      deploymentKey(runScenarioOf(DEFAULT, [], ["arbitrage.minEdgeBps=40", "borrowers.count=9"], "2"), 2000),
    ).to.equal(key);
    expect(deploymentKey(runScenarioOf(DEFAULT, [], ["amm.depth=5e6"], "1"), 2000)).to.not.equal(key);
    expect(deploymentKey(runScenarioOf(DEFAULT, [], ["market.closeFactor=0.4"], "1"), 2000)).to.not.equal(key);
    expect(deploymentKey(base, 2100)).to.not.equal(key);
  });
});
