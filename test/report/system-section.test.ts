import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeRun } from "../../scripts/report/write-run";
import { summarize } from "../../scripts/sim/metrics";
import { parseScenario } from "../../scripts/sim/scenario";
import { sampleRun } from "../helpers/records";
import { twoMarketRun } from "../measures/system-world";

/** Writes a run into a temporary folder and returns its files' texts (name → text). */
function written(run: Parameters<typeof writeRun>[0]): Map<string, string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "system-section-"));
  try {
    const dir = writeRun(run, { outDir: out, now: new Date("2024-01-01T00:00:00Z") });
    return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const section = (html: string) => html.match(/<section id="system">[\s\S]*?<\/section>/)?.[0] ?? "";

describe("report.html: Markets and the system (two markets, synthetic records)", () => {
  const files = written(twoMarketRun());
  const html = files.get("report.html")!;
  const sys = section(html);

  it("writes the system files and links them; the nav has the section", () => {
    for (const f of ["systemic.csv", "collateral-at-risk.csv", "markets.svg", "collateral-at-risk.svg"]) {
      expect(files.has(f), f).to.equal(true);
      expect(html).to.include(`<a href="${f}">${f}</a>`);
    }
    expect(html).to.include('<a href="#system">system</a>');
  });

  it("has a row per market and one for the system, with the known totals and leverage", () => {
    const table = sys.match(/<table id="system-markets">[\s\S]*?<\/table>/)![0];
    expect(table).to.include(
      '<tr><th>a</th><td class="v">1</td><td class="v">800.00 USDC</td><td class="v">100.00 USDC</td><td class="v">0.50×</td><td class="v">0.51×</td><td class="v">0.57× (block 2)</td></tr>',
    );
    expect(table).to.include(
      '<tr><th>system</th><td class="v">2</td><td class="v">1,550 USDC</td><td class="v">150.00 USDC</td>',
    );
  });

  it("tables collateral at risk at 5, 10 and 20% and draws both charts inside the section", () => {
    const atRisk = sys.match(/<table id="system-at-risk">[\s\S]*?<\/table>/)![0];
    expect(atRisk).to.include("<th>−5%</th><th>−10%</th><th>−20%</th>");
    expect(atRisk).to.include(
      '<tr><th>eth in a</th><td class="v">0 · 0.00 USDC (0.0%)</td><td class="v">1 · 1,500 USDC (100.0%)</td>',
    );
    expect(atRisk).to.include('<tr><th>steth in system</th><td class="v">1 · 1,550 USDC (38.3%)</td>');
    expect(sys).to.match(/<figure id="markets\.svg">\s*<svg/);
    expect(sys).to.match(/<figure id="collateral-at-risk\.svg">\s*<svg/);
    // The section's charts are not repeated under Charts.
    const charts = html.match(/<section id="charts">[\s\S]*?<\/section>/)![0];
    expect(charts).to.not.include("markets.svg");
  });

  it("attributes b's liquidation to a's forced sales", () => {
    const c = sys.match(/<table id="system-contagion">[\s\S]*?<\/table>/)![0];
    expect(c).to.include(
      '<tr><th>a → b</th><td class="v">across markets</td><td class="v">1</td><td class="v">750.00 USDC</td></tr>',
    );
    expect(sys).to.match(/<tr><th>a<\/th><td class="v">0<\/td><td class="v">1<\/td><td class="v">0<\/td><\/tr>/);
  });

  it("a single-market run has no such section, file or chart", () => {
    const { blocks, liquidations, timings } = sampleRun();
    const one = written({
      scenario: parseScenario({}),
      summary: summarize(blocks, liquidations, timings),
      blocks,
      liquidations,
    });
    expect(section(one.get("report.html")!)).to.equal("");
    expect(one.get("report.html")).to.not.include('href="#system"');
    for (const f of ["systemic.csv", "collateral-at-risk.csv", "markets.svg"]) expect(one.has(f), f).to.equal(false);
  });
});
