import { expect } from "chai";
import { failures, markdownTable, percent, rows, type CoverageSummary } from "../../scripts/coverage/summary";

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
});
