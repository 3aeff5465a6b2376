import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { curveFromPositions, leverageOverTime, parseCells } from "../../scripts/dashboard/measures";
import { readFolder } from "../../scripts/dashboard/folder";
import { buildView } from "../../scripts/dashboard/views";
import { parseRun } from "../../scripts/report/run-data";
import { toJson } from "../../scripts/sim/metrics";
import { parseScenario } from "../../scripts/sim/scenario";

/** A run of two positions (health 1.25 and 2) over three blocks at 2,000 USDC per WETH. */
function run() {
  const scenario = toJson(parseScenario({ name: "m" })); // USDC 6 decimals, WETH 18
  const summary = JSON.stringify({ cascade: { firstBlock: null, lastBlock: null } });
  const positions = [
    "borrower,start_collateral,start_debt,start_health,end_collateral,end_debt,end_health,liquidated,liquidations,debt_repaid,bad_debt",
    "0xa,1000000000000000000,1360000000,1.25,0,0,,1,1,1360000000,0",
    "0xb,1000000000000000000,850000000,2,1000000000000000000,850000000,2,0,0,0,0",
  ].join("\n");
  const blocks = [
    "block,external_price,oracle_price,debt_repaid,collateral_seized,total_bad_debt",
    "0,2000,2000,0,0,0",
    "1,1500,1500,1000000000,500000000000000000,0",
    "2,1500,1500,0,0,100000000",
  ].join("\n");
  return parseRun(
    "m",
    new Map([
      ["summary.json", summary],
      ["scenario.json", scenario],
      ["positions.csv", positions],
      ["blocks.csv", blocks],
    ]),
  );
}

describe("dashboard measures", () => {
  it("liquidation-at-price: a position at health h falls past a drop of 1 − 1/h", () => {
    const c = curveFromPositions(run(), [0, 19, 21, 50, 60]);
    expect(c.map((p) => p.positions)).to.deep.equal([0, 0, 1, 1, 2]);
    expect(c[2].debt).to.equal(1360);
    expect(c[2].collateralValue).to.be.closeTo(2000 * 0.79, 1e-9);
    expect(c[4].debt).to.equal(1360 + 850);
  });

  it("aggregate loan-to-value: debt less repaid and written off, over collateral less seized at the external price", () => {
    const l = leverageOverTime(run());
    expect(l[0].ltv).to.be.closeTo(2210 / 4000, 1e-12);
    expect(l[1].ltv).to.be.closeTo(1210 / (1.5 * 1500), 1e-12);
    expect(l[2].debt).to.be.closeTo(1110, 1e-9);
  });

  it("reads a sweep's cells.json and draws VaR / LaR from it; says so when a folder has none", () => {
    expect(parseCells("not json")).to.equal(null);
    expect(
      parseCells('{"cells":[{"cell":"latency=12","runs":20,"metrics":{"badDebt":{"unit":"USDC","p95":5}}}]}'),
    ).to.deep.equal([{ cell: "latency=12", runs: 20, risk: {}, metrics: { badDebt: { unit: "USDC", p95: 5 } } }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dash-"));
    try {
      expect(JSON.stringify(buildView(readFolder(dir), "var"))).to.include("No sweeps in this folder.");
      fs.mkdirSync(path.join(dir, "sweep-a"));
      fs.writeFileSync(
        path.join(dir, "sweep-a", "cells.json"),
        JSON.stringify({
          cells: [
            { cell: "latency=0", runs: 10, metrics: { badDebt: { unit: "USDC", p50: 0, p95: 1234.4, p99: 5000 } } },
            { cell: "latency=12", runs: 10, metrics: { badDebt: { unit: "USDC", p50: 10, p95: 80000, p99: 120000 } } },
          ],
        }),
      );
      const v = buildView(readFolder(dir), "var")!;
      const text = JSON.stringify(v);
      expect(v.blocks.filter((b) => b.kind === "chart")).to.have.length(1);
      expect(text).to.include("80,000 USDC").and.include("1,234 USDC");
      expect(buildView(readFolder(dir), "nope")).to.equal(null);
      // As `npx hardhat sweep` writes it: an array of cells with label, risk and measures, under sweeps/<name>/.
      fs.mkdirSync(path.join(dir, "sweeps", "grid"), { recursive: true });
      const dist = (p95: number) => ({ n: 3, mean: 1, min: 0, max: p95, p5: 0, p50: 1, p95, p99: p95 });
      fs.writeFileSync(
        path.join(dir, "sweeps", "grid", "cells.json"),
        JSON.stringify([
          {
            index: 0,
            label: "amm.depth=1000000",
            params: {},
            runs: 3,
            risk: { VaR95: 43210.4, VaR99: 50000, ES95: 50000, LaR95: 900000, pBadDebt: 0.6667 },
            measures: { badDebt: dist(43210.4), liquidations: dist(70), amplification: dist(2) },
          },
        ]),
      );
      const grid = JSON.stringify(buildView(readFolder(dir), "var"));
      expect(grid).to.include("sweeps/grid: badDebt").and.include("sweeps/grid: liquidations");
      expect(grid).to.not.include("sweeps/grid: amplification"); // the loss measures only
      expect(grid).to.include("43,210 debt tokens").and.include("66.7%");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
