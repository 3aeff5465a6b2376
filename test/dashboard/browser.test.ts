/**
 * The run report and the dashboard in a real browser: Playwright (playwright-core) driving Debian's Chromium
 * (`CHROMIUM_PATH`, default /usr/bin/chromium; .ci/run installs it). Two small runs are made here, written to a
 * temporary folder, and the pages must show their numbers.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { parseScenario, type ScenarioInput } from "../../scripts/sim/scenario";
import { runOnSnapshot } from "../../scripts/sim/presets";
import { writeRun } from "../../scripts/report/write-run";
import { readRunDir, type RunData } from "../../scripts/report/run-data";
import { headline } from "../../scripts/report/html";
import { count, pct } from "../../scripts/report/doc-format";
import { curveFromPositions, leverageOverTime } from "../../scripts/dashboard/measures";
import { startDashboard, type Dashboard } from "../../scripts/dashboard/server";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A small world with a visible cascade: 16 borrowers, a 25% step at block 4, 20 blocks. */
const TINY: ScenarioInput = {
  name: "tiny",
  seed: 3,
  description: "Sixteen borrowers and a 25% step: the browser test's run.",
  blocks: 20,
  path: { kind: "step", initialPrice: 2000, atBlock: 4, dropPct: 25 },
  borrowers: { count: 16 },
  keepers: [{ strategy: "fixed-bonus", count: 2, capital: 2_000_000 }],
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
  market: { lenderSupply: 20_000_000 },
};

describe("report.html and the dashboard in Chromium", function () {
  this.timeout(300_000);
  let out: string;
  let runs: RunData[];
  let browser: Browser;
  let page: Page;
  let dash: Dashboard;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      // CI installs it (.ci/run); say so loudly rather than pass silently.
      console.warn(`    no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
      this.skip();
    }
    out = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-browser-"));
    const a = await runOnSnapshot(hre, parseScenario(TINY));
    const dirA = writeRun(a, { outDir: out, now: new Date("2024-01-01T00:00:00Z") });
    const b = await runOnSnapshot(hre, parseScenario({ ...TINY, name: "tiny-deep", amm: { depth: 20_000_000 } }));
    const dirB = writeRun(b, { outDir: out, now: new Date("2024-01-01T00:00:01Z") });
    runs = [readRunDir(dirA), readRunDir(dirB)];
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    dash = await startDashboard(out, 0);
  });

  after(async () => {
    await browser?.close();
    await dash?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it("report.html opens offline and shows the run's headline, tables and charts", async () => {
    const run = runs[0];
    const s = run.summary;
    expect(s.liquidations.count, "the tiny run must cascade").to.be.greaterThan(0);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${path.join(out, run.name, "report.html")}`);
    page.removeAllListeners("request");
    expect(await page.textContent("#headline")).to.equal(headline(run));
    expect(await page.textContent("#headline")).to.include(`${count(s.liquidations.count)} liquidation`);
    const liq = await page.locator("#summary-liquidations tr", { hasText: "liquidations" }).first().textContent();
    expect(liq).to.include(count(s.liquidations.count));
    expect(await page.textContent(".description")).to.equal(TINY.description);
    expect(await page.locator("#charts svg").count()).to.be.at.least(7);
    expect(await page.locator("#prices\\.svg svg text", { hasText: "shock" }).count()).to.equal(1);
    expect(requests.every((u) => u.startsWith("file://"))).to.equal(true); // nothing from the network
  });

  it("dashboard: the runs view lists both runs with their numbers", async () => {
    await page.goto(`${dash.url}#runs`);
    await page.waitForSelector("main[data-view=runs]");
    const table = await page.textContent("#runs-table");
    for (const r of runs) {
      expect(table).to.include(r.name);
      expect(table).to.include(`${r.scenario.name} / ${r.scenario.seed}`);
    }
    const rowA = await page.locator("#runs-table tr", { hasText: runs[0].name }).textContent();
    expect(rowA).to.include(pct(runs[0].summary.ammPeakDrawdown, 1));
    // The run's own report opens from the dashboard.
    await page.click(`a[href="runs/${runs[0].name}/report.html"]`);
    expect(await page.textContent("#headline")).to.equal(headline(runs[0]));
  });

  it("dashboard: liquidation-at-price curve and leverage show the positions' numbers, as SVG", async () => {
    await page.goto(`${dash.url}#curve`);
    await page.waitForSelector("main[data-view=curve]");
    expect(await page.locator("#chart-curve svg").count()).to.equal(1);
    const at20 = curveFromPositions(runs[0], [20])[0];
    expect(at20.positions).to.be.greaterThan(0);
    const row = await page.locator("#curve-table tr", { hasText: runs[0].name }).textContent();
    expect(row).to.include(`(${count(at20.positions)})`);

    await page.goto(`${dash.url}#leverage`);
    await page.waitForSelector("main[data-view=leverage]");
    expect(await page.locator("#chart-leverage svg").count()).to.equal(1);
    const first = leverageOverTime(runs[0])[0];
    const lev = await page.locator("#leverage-table tr", { hasText: runs[0].name }).textContent();
    expect(lev).to.include(pct(first.ltv, 1));
  });

  it("dashboard: two runs side by side, markets, keepers, and no sweeps said plainly", async () => {
    const [a, b] = runs;
    await page.goto(`${dash.url}#compare?a=${a.name}&b=${b.name}`);
    await page.waitForSelector("main[data-view=compare]");
    const liq = await page.locator("#compare-table tr", { hasText: "liquidations" }).textContent();
    expect(liq).to.include(count(a.summary.liquidations.count));
    expect(liq).to.include(count(b.summary.liquidations.count));
    expect(await page.locator(".chart svg").count()).to.equal(3);

    await page.goto(`${dash.url}#markets`);
    await page.waitForSelector("main[data-view=markets]");
    expect(await page.locator("#chart-bad-debt svg").count()).to.equal(1);
    await page.goto(`${dash.url}#keepers`);
    await page.waitForSelector("main[data-view=keepers]");
    expect(await page.textContent("#keepers-table")).to.include(a.summary.actors[0].actor);
    await page.goto(`${dash.url}#var`);
    await page.waitForSelector("main[data-view=var]");
    expect(await page.textContent("#no-sweeps")).to.equal("No sweeps in this folder.");
  });
});
