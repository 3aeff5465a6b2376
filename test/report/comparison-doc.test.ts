import { expect } from "chai";
import { comparisonDoc, comparisonTable } from "../../scripts/report/comparison-doc";
import type { Comparison } from "../../scripts/sim/comparisons/types";

const c: Comparison = {
  id: "x",
  title: "X control",
  presets: ["risk/x"],
  command: "npx hardhat cascade --scenario risk/x",
  columns: [
    { key: "n", header: "liquidations", unit: "" },
    { key: "loss", header: "bad debt", unit: "USDC", digits: 1 },
  ],
  rows: [
    { label: "without", values: { n: 12, loss: 1234.56 } },
    { label: "with", values: { n: 3, loss: null } },
  ],
  finding: "fewer",
};

describe("risk-controls document", () => {
  it("renders one row per variant with units in the header and the column's digits", () => {
    expect(comparisonTable(c).split("\n")).to.deep.equal([
      "|  | liquidations | bad debt (USDC) |",
      "| --- | ---: | ---: |",
      "| without | 12 | 1,234.6 |",
      "| with | 3 | – |",
    ]);
  });

  it("puts the hand-written text first, falls back to the title, and names the presets and the command", () => {
    const doc = comparisonDoc(
      [
        { c, text: "## X control\n\nWhat it does." },
        { c: { ...c, title: "Y control" }, text: null },
      ],
      { generatedAt: "2026-11-27T00:00:00Z", seconds: 61 },
    );
    expect(doc).to.contain("## X control\n\nWhat it does.\n\n**Measured** (presets: `risk/x`)");
    expect(doc).to.contain("## Y control\n\n**Measured**");
    expect(doc).to.contain("**Reading**: fewer");
    expect(doc).to.contain("2026-11-27, 61 s");
    expect(doc.endsWith("\n")).to.equal(true);
  });
});
