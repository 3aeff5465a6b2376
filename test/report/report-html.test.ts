import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { annotations, runCharts, runSpecs } from "../../scripts/report/charts";
import { headline, renderReport } from "../../scripts/report/html";
import { parseCsv, parseRun, readRunDir, units } from "../../scripts/report/run-data";
import { reportFiles, runFiles, writeRun, type RunOutput } from "../../scripts/report/write-run";
import { summarize, toJson } from "../../scripts/sim/metrics";
import { parseScenario } from "../../scripts/sim/scenario";
import { blockRecord, sampleRun } from "../helpers/records";

function makeRun(over: Partial<RunOutput> = {}): RunOutput {
  const { blocks, liquidations, timings } = sampleRun();
  return {
    scenario: parseScenario({ name: "sample", seed: 7, description: "A <small> sample." }),
    summary: summarize(blocks, liquidations, timings),
    blocks,
    liquidations,
    ...over,
  };
}

/** The files a run writes, as texts (name → text), with the chart and report files drawn from them. */
function texts(run: RunOutput, extra: Record<string, string> = {}): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of runFiles(run, "2024-01-01T00:00:00.000Z")) {
    m.set(f.name, typeof f.content === "function" ? f.content() : f.content);
  }
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  for (const f of reportFiles("sample-7", m, "2024-01-01T00:00:00.000Z")) {
    m.set(f.name, typeof f.content === "function" ? f.content() : f.content);
  }
  return m;
}

/** The report's text outside <svg> and <pre> (what a reader reads as numbers). */
const prose = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, "")
    .replace(/<pre>[\s\S]*?<\/pre>/g, "")
    .replace(/<style>[\s\S]*?<\/style>/g, "");

describe("report.html", () => {
  it("parses CSV back: quoted cells, empty cells as null, big base units as strings", () => {
    const rows = parseCsv('a,b,c,d\n1,"x,""y""",,123456789012345678901\n');
    expect(rows).to.deep.equal([{ a: 1, b: 'x,"y"', c: null, d: "123456789012345678901" }]);
    expect(units("123456789012345678901", 18)).to.be.closeTo(123.456789012345678901, 1e-12);
    expect(units("-5000000", 6)).to.equal(-5);
  });

  it("opens with a headline sentence from the run's numbers and the scenario's description", () => {
    const html = texts(makeRun()).get("report.html")!;
    const run = makeRun();
    const s = run.summary;
    // The sample: a 20% exogenous fall, the AMM 40% down, 4 liquidations, 5 USDC bad debt.
    expect(s.exogenousShock).to.be.closeTo(0.2, 1e-12);
    expect(html).to.include(
      '<p class="headline" id="headline">A 20% shock became a 40% AMM drawdown (2.00× amplification): 4 liquidations, 5.00 USDC bad debt.</p>',
    );
    expect(html).to.include('<p class="description">A &lt;small&gt; sample.</p>');
  });

  it("formats every number with its unit: no raw base units, no long floats outside the charts", () => {
    const html = texts(makeRun()).get("report.html")!;
    const text = prose(html);
    expect(text).to.include("4,000 USDC"); // debt repaid: 4 × 1,000 USDC, from 4,000,000,000 base units
    expect(text).to.include("1,000,000 / 100,000 gas"); // successful / failed keeper gas, with separators
    expect(text).to.not.match(/\d{7,}/); // no base-unit integers
    expect(text).to.not.match(/\d\.\d{5,}/); // no 16-digit floats
  });

  it("has a per-keeper table, links to every file, annotated charts and no script or remote asset", () => {
    const m = texts(makeRun());
    const html = m.get("report.html")!;
    expect(html).to.match(/<table id="keeper-table">[\s\S]*keeper\/fixed-bonus\/0\.0/);
    for (const f of m.keys()) expect(html, f).to.include(`<a href="${f}">${f}</a>`);
    expect(html.match(/<svg /g)?.length).to.equal(7);
    expect(html).to.not.match(/<(script|link|img)\b|src=/);
    expect(m.get("prices.svg")).to.include(">shock<"); // the shock marker's label
  });

  it("annotates the shock block, the cascade window and the breaker-tripped spans", () => {
    const sample = sampleRun();
    const blocks = sample.blocks.map((b, i) => ({ ...b, breakerTripped: i >= 4 && i <= 6 }));
    const summary = summarize(blocks, sample.liquidations, sample.timings);
    const run = parseRun("x", texts(makeRun({ blocks, summary })));
    expect(annotations(run)).to.deep.equal({ shockBlock: 2, cascade: { first: 3, last: 7 }, breaker: [[4, 6]] });
    const html = renderReport({ run, charts: runCharts(run), generatedAt: "t" });
    expect(html).to.include('id="risk-controls"');
    expect(html).to.include('<th>blocks with the breaker tripped</th><td class="v">3</td>');
  });

  it("puts prices on a log axis when they span a decade, linear otherwise", () => {
    const fall = [100, 100, 50, 20, 5, 1, 0.5, 0.5, 0.5, 0.5].map((p, i) =>
      blockRecord(i, { exogenousPrice: p, externalPrice: p, ammPrice: p, oraclePrice: p }),
    );
    const yScale = (r: RunOutput) =>
      JSON.stringify(runSpecs(parseRun("x", texts(r))).find((c) => c.file === "prices.svg")!.spec).includes('"log"');
    expect(yScale(makeRun({ blocks: fall }))).to.equal(true);
    expect(yScale(makeRun())).to.equal(false);
  });

  it("adds the gas-war section (competition, keeper table, bids chart) when the run has gas-war files", () => {
    const gasWar = toJson({
      keepers: 2,
      dissipation: 0.25,
      priorityFees: 10_000_000n,
      grossProfit: 40_000_000n,
      bids: 3,
      replacements: 2,
      failedTxs: 1,
      wastedGas: 90_000n,
      medianWinningBidGwei: 3.5,
      medianRaisePct: 12.5,
      meanBlocksToLiquidation: 1.5,
      liquidations: 4,
    });
    const keepers =
      "keeper,opportunities,bids,replacements,wins,losses,gas_in_wins,gas_in_losses,priority_fees,gas_cost,gross_profit,net_profit\nkeeper/fixed-bonus/0.0,4,3,2,1,1,250000,90000,10000000,12000000,40000000,28000000\n";
    const bids =
      "block,round,keeper,borrower,kind,priority_fee_gwei,raise_pct,outcome,gas_used,hash\n3,0,keeper/fixed-bonus/0.0,0xb,liquidate,3,,won,250000,0x1\n3,1,keeper/fixed-bonus/0.1,0xb,liquidate,3.4,12.5,reverted,90000,0x2\n";
    const html = texts(makeRun(), { "gas-war.json": gasWar, "keepers.csv": keepers, "bids.csv": bids }).get(
      "report.html",
    )!;
    expect(html).to.include("2 competing keepers paid 25.0% of their 40.00 USDC gross profit in priority fees.");
    expect(html).to.include('<th>dissipation</th><td class="v">25.0%</td>');
    expect(html).to.match(/<table id="gas-war-keepers">[\s\S]*<td class="v">28.00 USDC<\/td>/);
    expect(html).to.match(/<figure id="bids">\s*<svg/);
    expect(html).to.include('<a href="bids.csv">bids.csv</a>');
  });

  it("a run written to disk reads back into the same report", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-report-"));
    try {
      const dir = writeRun(makeRun(), { outDir: out, now: new Date("2024-01-01T00:00:00Z") });
      const run = readRunDir(dir);
      expect(headline(run)).to.equal(
        "A 20% shock became a 40% AMM drawdown (2.00× amplification): 4 liquidations, 5.00 USDC bad debt.",
      );
      expect(run.files).to.include("report.html");
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
