import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { BLOCK_COLUMNS, LIQUIDATION_COLUMNS, POSITION_COLUMNS } from "../../scripts/report/csv";
import { bidsCsv, keepersCsv, methodsCsv, sweepCsv } from "../../scripts/report/gas-war";
import { sampleRunResult } from "../helpers/run-result";

const DOCS = path.join(__dirname, "..", "..", "docs");
const text = ["engine.md", "outputs.md"].map((f) => fs.readFileSync(path.join(DOCS, f), "utf8")).join("\n");
/** Names documented in a table's cell (`name`, `.name`, `a.name`, `name[]`, and an object as `name.field`). */
const documented = (name: string) =>
  new RegExp(
    `\\|[^|\\n]*\`(?:[\\w.]*\\.)?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:\\[\\])?(?:\\.[\\w.]+)?\``,
  ).test(text);
const header = (csv: string) => csv.split("\n")[0].split(",");

describe("docs/outputs.md and docs/engine.md document every output", () => {
  const csvs: Record<string, string[]> = {
    "blocks.csv": BLOCK_COLUMNS.map(([h]) => h),
    "liquidations.csv": LIQUIDATION_COLUMNS.map(([h]) => h),
    "positions.csv": POSITION_COLUMNS.map(([h]) => h),
    "bids.csv": header(bidsCsv([])),
    "keepers.csv": header(keepersCsv([])),
    "methods.csv": header(methodsCsv([])),
    "sweep.csv": header(sweepCsv([])),
  };
  for (const [file, columns] of Object.entries(csvs)) {
    it(`every column of ${file}`, () => {
      expect(columns.filter((c) => !documented(c))).to.deep.equal([]);
    });
  }

  it("every summary.json field", () => {
    const summary = sampleRunResult(true).summary as unknown as Record<string, unknown>;
    const names = Object.entries(summary).flatMap(([k, v]) =>
      v !== null && typeof v === "object" && !Array.isArray(v) && ["keepers", "liquidations"].includes(k)
        ? Object.keys(v).map((leaf) => `${k}.${leaf}`)
        : [k],
    );
    const missing = names.filter((n) => !documented(n) && !documented(n.split(".").at(-1)!));
    expect(missing).to.deep.equal([]);
  });
});
