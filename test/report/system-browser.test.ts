/**
 * report.html's "Markets and the system" section in a real browser: Playwright (playwright-core) driving Debian's
 * Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium), on the synthetic two-market run of
 * test/measures/system-world.ts. `SYSTEM_REPORT_SCREENSHOT=<file.png>` saves a screenshot of the section.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { writeRun } from "../../scripts/report/write-run";
import { twoMarketRun } from "../measures/system-world";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe("report.html's system section in Chromium", function () {
  this.timeout(120_000);
  let out: string;
  let dir: string;
  let browser: Browser;
  let page: Page;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.warn(`    no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
      this.skip();
    }
    out = fs.mkdtempSync(path.join(os.tmpdir(), "system-browser-"));
    dir = writeRun(twoMarketRun(), { outDir: out, now: new Date("2024-01-01T00:00:00Z") });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it("shows the per-market tables and both charts, offline, reachable from the nav", async () => {
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${path.join(dir, "report.html")}`);
    page.removeAllListeners("request");
    await page.click('nav a[href="#system"]');
    const section = page.locator("#system");
    expect(await section.isVisible()).to.equal(true);
    expect(await page.locator("#system h2").textContent()).to.equal("Markets and the system");
    const rows = await page.locator("#system-markets tr > th:first-child").allTextContents();
    expect(rows).to.deep.equal(["market", "a", "b", "system"]);
    expect(await page.locator("#system-markets tr", { hasText: "system" }).textContent()).to.include("1,550 USDC");
    expect(await page.locator("#system-contagion tr", { hasText: "a → b" }).textContent()).to.include("750.00 USDC");
    // Both charts drawn as SVG with visible size, with the markets in their legends.
    for (const id of ["markets\\.svg", "collateral-at-risk\\.svg"]) {
      const svg = page.locator(`#${id} svg`);
      expect(await svg.count(), id).to.equal(1);
      const box = await svg.boundingBox();
      expect(box!.width, id).to.be.greaterThan(300);
      expect(box!.height, id).to.be.greaterThan(150);
    }
    expect(await page.locator("#markets\\.svg svg text", { hasText: "system" }).count()).to.be.greaterThan(0);
    expect(await page.locator("#collateral-at-risk\\.svg svg text", { hasText: "steth" }).count()).to.be.greaterThan(0);
    expect(requests.every((u) => u.startsWith("file://"))).to.equal(true);
    const shot = process.env.SYSTEM_REPORT_SCREENSHOT;
    if (shot) await section.screenshot({ path: shot });
  });
});
