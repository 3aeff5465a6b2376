import { expect } from "chai";
import { summarize } from "../../scripts/sim/metrics";
import { atRiskCsv, systemicCsv } from "../../scripts/report/system-csv";
import { runFiles } from "../../scripts/report/write-run";
import { formatSummary } from "../../scripts/report/console";
import { parseScenario } from "../../scripts/sim/scenario";
import { liquidationRecord } from "../helpers/records";
import { sampleRunResult } from "../helpers/run-result";
import { ONE, blocks, input, liquidations, systemSummaryOf, u } from "./system-world";

/* The world and its known answers: test/measures/system-world.ts. */
const summaryOf = systemSummaryOf;

describe("system measures in the run outputs (two markets, known answers)", () => {
  it("per market and system-wide: liquidations, debt repaid, seized per asset, bad debt", () => {
    const s = summaryOf().system!;
    expect(Object.keys(s.markets)).to.deep.equal(["a", "b"]);
    expect(s.markets.a).to.include({ liquidations: 1, debtRepaid: u(800), badDebt: u(100) });
    expect(s.markets.b).to.include({ liquidations: 1, debtRepaid: u(750), badDebt: u(50) });
    expect(s.system).to.include({ liquidations: 2, debtRepaid: u(1550), badDebt: u(150) });
    expect(s.markets.a.seized).to.deep.equal({ eth: ONE / 2n });
    expect(s.system.seized).to.deep.equal({ eth: (ONE * 9n) / 10n });
  });

  it("aggregate leverage = Σ debt ÷ Σ collateral value, per market and across markets, with its peak", () => {
    const s = summaryOf().system!;
    expect(s.system.leverage.start).to.be.closeTo(16_000 / 30_000, 1e-9);
    expect(s.system.leverage.end).to.be.closeTo(14_300 / 27_000, 1e-9);
    expect(s.system.leverage.peak).to.be.closeTo(14_350 / 24_500, 1e-9);
    expect(s.system.leverage.peakBlock).to.equal(2);
    expect(s.markets.a.leverage.peakBlock).to.equal(2); // 9,100 ÷ 16,000
    expect(s.markets.b.leverage.peak).to.be.closeTo(6_000 / 9_000, 1e-9);
    expect(s.markets.b.leverage.peakBlock).to.equal(1);
  });

  it("collateral at risk per % drop per asset, baskets included", () => {
    const [eth, steth] = summaryOf().system!.atRisk[0].curves;
    const below = (c: typeof eth) => c.system.filter((p) => p.positions > 0).map((p) => p.dropPct)[0];
    expect(below(eth)).to.equal(7); // p1 in a: 1,600 × 0.93 = 1,488 < 1,500
    expect(below(steth)).to.equal(4); // p3 in b: 1,600 × 0.96 = 1,536 < 1,550
    expect(eth.markets.a[9]).to.include({ dropPct: 10, positions: 1, debt: u(1500), collateralValue: u(1800) });
    expect(eth.markets.b[19].positions).to.equal(0); // the basket p2 holds through a 20% eth drop
    expect(steth.system[4].debtShare).to.equal(Math.floor((1550 / 4050) * 1e6) / 1e6);
  });

  it("contagion: b's liquidation is a's forced sales; a's own is exogenous; without the sales nothing is attributed", () => {
    const c = summaryOf().system!.contagion!;
    expect(c.crossMarket).to.deep.equal([{ source: "a", market: "b", liquidations: 1, debtRepaid: u(750) }]);
    expect(c.exogenous.a.liquidations).to.equal(1);
    const none = summaryOf(input(false)).system!.contagion!;
    expect(none.crossMarket).to.deep.equal([]);
    expect(none.exogenous.b.liquidations).to.equal(1);
  });

  it("systemic.csv: each market per block, then the system (`*`), with cumulative bad debt and leverage", () => {
    const lines = systemicCsv(blocks, liquidations).trimEnd().split("\n");
    expect(lines[0]).to.equal(
      "block,market,liquidations,debt_repaid,bad_debt,total_bad_debt,debt,collateral_value,leverage",
    );
    expect(lines).to.have.length(1 + 4 * 3);
    expect(lines[1]).to.equal("0,a,0,0,0,0,10000000000,20000000000,0.5");
    expect(lines[8]).to.equal("2,b,1,750000000,0,0,5250000000,8500000000,0.617647058");
    expect(lines[12]).to.equal("3,*,0,0,50000000,150000000,14300000000,27000000000,0.529629629");
  });

  it("collateral-at-risk.csv: per snapshot, asset and drop, each market then the system", () => {
    const lines = atRiskCsv(summaryOf().system!).trimEnd().split("\n");
    expect(lines[0]).to.equal("block,asset,drop_pct,market,positions,debt,collateral_value,debt_share");
    expect(lines).to.have.length(1 + 2 * 20 * 3);
    expect(lines).to.include("3,eth,10,a,1,1500000000,1800000000,1");
    expect(lines).to.include("3,eth,10,*,1,1500000000,1800000000,0.37037");
  });

  it("the run writes both files and prints per-market, system, at-risk and contagion rows", () => {
    const summary = summaryOf();
    const run = { scenario: parseScenario({ name: "two", seed: 1 }), summary, blocks, liquidations };
    const names = runFiles(run, "t").map((f) => f.name);
    expect(names).to.include.members(["systemic.csv", "collateral-at-risk.csv"]);
    const text = formatSummary({ ...sampleRunResult(false), summary }, "d");
    expect(text).to.match(/^market a +1 liquidations, repaid 800\.00 USDC, bad debt 100\.00 USDC, leverage 0\.50×/m);
    expect(text).to.match(/^system \(all markets\) +2 liquidations, repaid 1,550\.00 USDC, bad debt 150\.00 USDC/m);
    expect(text).to.match(/^at risk if eth falls \(block 3\) +5%: 0 positions.*10%: 1 positions, 1,500\.00 USDC debt/m);
    expect(text).to.match(/^contagion across markets +a → b: 1 liquidations, repaid 750\.00 USDC$/m);
    expect(text).to.match(/^liquidation causes +within-market 0, jointly forced 0, exogenous 1$/m);
  });

  it("a single-market run has none of it: no `system`, no system files, no system rows", () => {
    const plain = blocks.map(({ markets: _markets, ...b }) => b);
    const summary = summarize(plain, [], []);
    expect(summary).to.not.have.property("system");
    const run = { scenario: parseScenario({}), summary, blocks: plain, liquidations: [] };
    expect(runFiles(run, "t").map((f) => f.name)).to.not.include.members(["systemic.csv"]);
    expect(formatSummary(sampleRunResult(false), "d")).to.not.match(/^(market|system|contagion)/m);
  });

  it("refuses a liquidation record in a market the system run does not have", () => {
    const stray = [liquidationRecord(1, { market: "main" })];
    expect(() => summarize(blocks, stray, [])).to.throw(/unknown market "main"/);
  });
});
