import { expect } from "chai";
import { comparisonDoc, comparisonTable } from "../../scripts/report/comparison-doc";
import type { Comparison } from "../../scripts/sim/comparisons/types";
import { OUTCOME_COLUMNS, outcomeValues } from "../../scripts/sim/comparisons/common";
import { sampleRunResult } from "../helpers/run-result";

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

describe("risk-controls outcome columns", () => {
  it("every outcome column has a value: amplification peak and settled, the baseline, keeper realized net", () => {
    const values = outcomeValues(sampleRunResult(true));
    for (const col of OUTCOME_COLUMNS) expect(values, col.key).to.have.property(col.key);
    expect(values.amplification).to.be.closeTo(2, 1e-12);
    expect(values.amplificationSettled).to.be.closeTo(1.1, 1e-12);
    expect(values.baselineLiquidations).to.equal(5);
    expect(values.baselineAmplification).to.be.closeTo(0.75, 1e-12);
    expect(values.keeperNet).to.be.closeTo(71.2, 1e-9);
    expect(outcomeValues(sampleRunResult(false)).baselineLiquidations).to.equal(null);
  });

  it("the document defines the new columns and links engine.md's Outputs", () => {
    const doc = comparisonDoc([], { generatedAt: "2026-11-27T00:00:00Z", seconds: 1 });
    expect(doc).to.contain("*Ampl. peak* and *ampl. settled*");
    expect(doc).to.contain("(engine.md#outputs-every-column-and-summary-field)");
  });
});
