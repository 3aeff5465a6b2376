import { expect } from "chai";
import {
  DEFAULT_PER_CONTRACT_UNDER,
  failures,
  markdownTable,
  perContractFailures,
  perContractScope,
  percent,
  rows,
  underFloor,
  type CoverageSummary,
} from "../../scripts/coverage/summary";

const counter = (covered: number, total: number) => ({
  covered,
  total,
  pct: total === 0 ? 100 : (covered / total) * 100,
});
const file = (lines: [number, number], branches: [number, number]) => ({
  lines: counter(...lines),
  statements: counter(...lines),
  functions: counter(1, 1),
  branches: counter(...branches),
});

describe("coverage gate: summary", () => {
  const summary: CoverageSummary = {
    "/repo/contracts/risk/CircuitBreaker.sol": file([95, 100], [80, 100]),
    "/repo/contracts/amm/ConstantProductPool.sol": file([100, 100], [100, 100]),
    "/repo/contracts/interfaces/IThing.sol": {
      lines: counter(0, 0),
      statements: counter(0, 0),
      functions: counter(0, 0),
      branches: counter(0, 0),
    },
    total: file([195, 200], [180, 200]),
  };

  it("lists contracts by path under contracts/, the total last, files with nothing to cover left out", () => {
    expect(rows(summary).map((r) => r.file)).to.deep.equal([
      "amm/ConstantProductPool.sol",
      "risk/CircuitBreaker.sol",
      "all files",
    ]);
  });

  it("rounds percentages down to two decimals, 100% for nothing to cover", () => {
    expect(percent(counter(2, 3))).to.equal(66.66);
    expect(percent(counter(0, 0))).to.equal(100);
  });

  it("fails the whole below either threshold, and only then", () => {
    const total = rows(summary).at(-1)!;
    expect(failures(total, { lines: 97.5, branches: 90 })).to.deep.equal([]);
    expect(failures(total, { lines: 97.51, branches: 90 })).to.deep.equal(["lines 97.5% < 97.51%"]);
    expect(failures(total, { lines: 95, branches: 90.01 })).to.deep.equal(["branches 90% < 90.01%"]);
  });

  it("writes one Markdown row per contract with covered/total counts", () => {
    const md = markdownTable(rows(summary));
    expect(md).to.contain("| `risk/CircuitBreaker.sol` | 95.00% (95/100) | 95.00% (95/100) | 80.00% (80/100) |");
    expect(md.split("\n")).to.have.length(5);
  });

  describe("per-contract floor (issue 20)", () => {
    // The whole passes (99% lines, 95% branches) while one derivatives contract is below both thresholds.
    const mixed: CoverageSummary = {
      "/repo/contracts/derivatives/perp/PerpMath.sol": file([94, 100], [55, 100]),
      "/repo/contracts/derivatives/options/Black76.sol": file([95, 100], [90, 100]),
      "/repo/contracts/lending/LendingPool.sol": file([900, 900], [900, 900]),
      "/repo/contracts/lendingx/Other.sol": file([10, 100], [10, 100]),
      total: file([1099, 1200], [1055, 1200]),
    };
    const t = { lines: 95, branches: 90 };

    it("applies to contracts/derivatives by default", () => {
      expect(DEFAULT_PER_CONTRACT_UNDER).to.deep.equal(["derivatives"]);
      expect(underFloor("derivatives/perp/PerpMath.sol", DEFAULT_PER_CONTRACT_UNDER)).to.equal(true);
      expect(underFloor("lending/LendingPool.sol", DEFAULT_PER_CONTRACT_UNDER)).to.equal(false);
    });

    it("fails each contract under the folders below either threshold, at exactly the threshold passes", () => {
      expect(perContractFailures(rows(mixed), ["derivatives"], t)).to.deep.equal([
        "derivatives/perp/PerpMath.sol: lines 94% < 95%",
        "derivatives/perp/PerpMath.sol: branches 55% < 90%",
      ]);
    });

    it("matches whole folder names only, and '*' takes every contract but never the total", () => {
      expect(perContractFailures(rows(mixed), ["lending/"], t)).to.deep.equal([]);
      expect(underFloor("lendingx/Other.sol", ["lending"])).to.equal(false);
      const all = perContractFailures(rows(mixed), ["*"], t);
      expect(all).to.have.length(4);
      expect(all.filter((m) => m.startsWith("all files"))).to.deep.equal([]);
      expect(perContractFailures(rows(mixed), [], t)).to.deep.equal([]);
    });

    it("describes the rule for the log and docs/COVERAGE.md", () => {
      expect(perContractScope(["derivatives"])).to.equal("each contract under `contracts/derivatives/` on its own");
      expect(perContractScope(["derivatives/", "bridge"])).to.equal(
        "each contract under `contracts/derivatives/`, `contracts/bridge/` on its own",
      );
      expect(perContractScope(["*"])).to.equal("each contract on its own");
    });
  });
});
