import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MEASURES, type Measure } from "../../scripts/measures/registry";
import { checkMeasures, summaryOf, withCache } from "../../scripts/measures/registry/assemble";
import { summarize, toJson } from "../../scripts/sim/metrics";
import { blocksCsv } from "../../scripts/report/csv";
import { formatSummary } from "../../scripts/report/console";
import { writeRun } from "../../scripts/report/write-run";
import { parseScenario } from "../../scripts/sim/scenario";
import { sampleRunResult } from "../helpers/run-result";
import { sampleRun } from "../helpers/records";
import { DOC_FILE, withTable } from "../../scripts/measures/registry/doc";

/** A toy measure, defined once: the busiest block's liquidations. */
const BUSIEST: Measure = {
  name: "busiestBlock",
  unit: "count",
  description: "Most liquidations landed in one block.",
  compute: (r) => Math.max(0, ...r.blocks.map((b) => b.liquidations)),
  column: { header: "liquidations_so_far", rank: 75, get: (b) => b.block + 1000 * b.liquidations },
  console: {
    rank: 75,
    rows: ({ s }) => [["busiest block", `${(s as unknown as { busiestBlock: number }).busiestBlock} liquidations`]],
  },
  report: {
    table: "liquidations",
    rank: 25,
    rows: ({ s }) => [
      ["busiest block", `${(s as unknown as { busiestBlock: number }).busiestBlock} liquidations`, "toy"],
    ],
  },
};
const WITH_TOY = [...MEASURES, BUSIEST];

describe("the measure registry", () => {
  const { blocks, liquidations, timings } = sampleRun();
  const busiest = Math.max(...blocks.map((b) => b.liquidations));

  it("the sample has a block with more than one liquidation (so the toy's value is not a default)", () => {
    expect(busiest).to.be.greaterThan(1);
  });

  it("a registered toy measure appears in summary.json, blocks.csv, the console and report.html", () => {
    const summary = summarize(blocks, liquidations, timings, undefined, undefined, { measures: WITH_TOY });
    expect((summary as unknown as Record<string, unknown>).busiestBlock).to.equal(busiest);
    expect(JSON.parse(toJson(summary)).busiestBlock).to.equal(busiest);

    // blocks.csv: the column sits where its rank puts it (after `liquidations`, rank 70; before `auctions_kicked`, 80).
    const header = blocksCsv(blocks, WITH_TOY).split("\n")[0].split(",");
    const at = header.indexOf("liquidations_so_far");
    expect(header.slice(at - 1, at + 2)).to.deep.equal(["liquidations", "liquidations_so_far", "auctions_kicked"]);
    const second = blocksCsv(blocks, WITH_TOY).split("\n")[2].split(",");
    expect(Number(second[at])).to.equal(blocks[1].block + 1000 * blocks[1].liquidations);

    // The console: after "liquidations" (rank 70), before "debt repaid" (rank 80).
    const r = { ...sampleRunResult(false), summary };
    const lines = formatSummary(r, "out/run", WITH_TOY).split("\n");
    const i = lines.findIndex((l) => l.startsWith("busiest block"));
    expect(lines[i]).to.match(new RegExp(`^busiest block\\s+${busiest} liquidations$`));
    expect(lines[i - 1]).to.match(/^liquidations /);
    expect(lines[i + 1]).to.match(/^debt repaid /);

    // report.html, written from the run's files: a row of the Liquidations table.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "registry-"));
    try {
      const run = { scenario: parseScenario({ name: "toy", seed: 1 }), summary, blocks, liquidations };
      const dir = writeRun(run, { outDir: out, now: new Date("2024-01-01T00:00:00Z"), measures: WITH_TOY });
      const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
      const table = html.match(/<table id="summary-liquidations">[\s\S]*?<\/table>/)![0];
      expect(table).to.include(
        `<tr><th>busiest block</th><td class="v">${busiest} liquidations</td><td class="n">toy</td></tr>`,
      );
      expect(fs.readFileSync(path.join(dir, "blocks.csv"), "utf8").split("\n")[0]).to.include("liquidations_so_far");
      expect(JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")).busiestBlock).to.equal(busiest);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("without the toy nothing of it shows: the default outputs are the registry's", () => {
    const summary = summarize(blocks, liquidations, timings);
    expect(summary).to.not.have.property("busiestBlock");
    expect(blocksCsv(blocks)).to.not.include("liquidations_so_far");
    expect(formatSummary(sampleRunResult(false), "out/run")).to.not.include("busiest block");
  });

  it("refuses a measure defined twice and a blocks.csv column defined twice", () => {
    expect(() => checkMeasures([...MEASURES, { ...BUSIEST, name: "badDebt" }])).to.throw(/"badDebt" is defined twice/);
    expect(() => checkMeasures([...MEASURES, { ...BUSIEST, column: { ...BUSIEST.column!, header: "ltv" } }])).to.throw(
      /column "ltv" is defined twice/,
    );
  });

  it("nests dotted names in list order, leaves undefined out, and computes shared results once", () => {
    let calls = 0;
    const shared = (r: Parameters<NonNullable<Measure["compute"]>>[0]) => r.once("x", () => ++calls);
    const list: Measure[] = [
      { name: "a.b", unit: "count", description: "", compute: shared },
      { name: "c", unit: "count", description: "", compute: () => undefined },
      { name: "a.d", unit: "count", description: "", compute: (r) => shared(r) + 1 },
    ];
    const records = withCache({
      blocks,
      liquidations,
      timings,
      underwaterAtEnd: { positions: 0, shortfall: 0n },
      decimals: { collateral: 18, debt: 6 },
    });
    expect(JSON.stringify(summaryOf(list, records))).to.equal('{"a":{"b":1,"d":2}}');
    expect(calls).to.equal(1);
  });

  it("every measure has a description, and docs/measures.md lists them all (npm run docs:measures)", () => {
    const doc = fs.readFileSync(DOC_FILE, "utf8");
    for (const m of MEASURES) {
      expect(m.description.length, m.name).to.be.greaterThan(5);
      expect(doc, m.name).to.include(`| \`${m.name}\``);
    }
    expect(doc, "docs/measures.md is out of date: npm run docs:measures").to.equal(withTable(doc));
  });
});
