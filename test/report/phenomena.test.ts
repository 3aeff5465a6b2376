import { expect } from "chai";
import * as p from "../../scripts/report/phenomena";
import { mdTable, money, pct, sig, verdict, verdictSentence } from "../../scripts/report/doc-format";
import { HEADLINE_HEADERS, headlineRow, headlineTable } from "../../scripts/report/scenarios-doc";
import type { Headline } from "../../scripts/sim/presets";

/** A headline with every field set; override what a test needs. */
function h(over: Partial<Headline> = {}): Headline {
  return {
    shockPct: 15,
    ammDrawdownPct: 20,
    ammSettledDrawdownPct: 16,
    ammTimeWeightedDrawdownPct: 18,
    externalDrawdownPct: 15,
    oracleDrawdownPct: 15,
    amplification: 1.3,
    amplificationSettled: 1.05,
    baselineLiquidations: 12,
    baselineBadDebt: 0,
    baselineAmplification: 1.2,
    baselineAmplificationSettled: 1.0,
    liquidations: 10,
    auctionTakes: 0,
    rounds: 3,
    cascadeBlocks: 8,
    debtRepaid: 100_000,
    badDebt: 0,
    keeperGrossProfit: 5_000,
    keeperNetProfit: 4_000,
    keeperUnsoldAtExternal: 0,
    borrowerLoss: 5_000,
    saleToExternal: 0.97,
    liquidationPriceToExternal: 0.95,
    timeToClear: 8,
    neverLiquidated: 0,
    ...over,
  };
}

describe("generated documents: formatting and verdicts", () => {
  it("formats numbers, percentages and tables; null is a dash", () => {
    expect(sig(1234.5678)).to.equal("1,230");
    expect(sig(0.012345, 2)).to.equal("0.012");
    expect(sig(null)).to.equal("–");
    expect(money(1234567.6)).to.equal("1,234,568");
    expect(money(null)).to.equal("–");
    expect(pct(0.18493)).to.equal("18.49%");
    expect(mdTable(["a", "b"], [["1", "2"]])).to.equal("| a | b |\n| --- | --- |\n| 1 | 2 |");
  });

  it("a verdict holds when every check holds, flips when none does, partly otherwise", () => {
    const yes = { what: "x", holds: true, measured: "1 vs 0" };
    const no = { what: "y", holds: false, measured: "0 vs 1" };
    expect(verdict([yes, yes])).to.equal("holds");
    expect(verdict([no, no])).to.equal("flips");
    expect(verdict([yes, no])).to.equal("partly");
    expect(verdictSentence([yes], "rational keepers")).to.equal("Still shows under rational keepers: x: yes (1 vs 0).");
    expect(verdictSentence([no], "rational keepers")).to.match(/^\*\*Finding: the direction flips\*\* under/);
    expect(verdictSentence([yes, no], "k")).to.contain("y: **no** (0 vs 1)");
  });
});

describe("documented phenomena, checked on the numbers", () => {
  it("thin vs deep: both measures, the baseline, a middle depth in between, and the sale price; ties are no difference", () => {
    const sweep = [
      { depth: 1e6, amplification: 1.4, amplificationSettled: 1.1 },
      { depth: 4e6, amplification: 1.2, amplificationSettled: 1.05 },
      { depth: 2e7, amplification: 1.0, amplificationSettled: 1.0 },
    ];
    const thin = h({ amplification: 1.4, amplificationSettled: 1.1, baselineAmplification: 1.3, saleToExternal: 0.9 });
    const deep = h({ amplification: 1.0, amplificationSettled: 1.0, baselineAmplification: 1.1, saleToExternal: 0.99 });
    expect(verdict(p.thinVsDeep(thin, deep, sweep).checks)).to.equal("holds");
    // the settled measure alone ties (within AMPLIFICATION_TOLERANCE): a partial finding, named
    const tied = p.thinVsDeep(h({ ...thin, amplificationSettled: 1.005 }), deep, sweep);
    expect(verdict(tied.checks)).to.equal("partly");
    expect(p.phenomenaRows([tied])[0][3]).to.equal(
      "**partly** (finding); fails: thin amplifies more than deep, settled",
    );
    // a flat sweep (the middle depth as amplified as the thinnest) fails the middle-depth check
    const flat = [sweep[0], { ...sweep[1], amplification: 1.4 }, sweep[2]];
    expect(p.thinVsDeep(thin, deep, flat).checks.map((c) => c.holds)).to.deep.equal([
      true,
      true,
      true,
      false,
      true,
      true,
    ]);
    // a sale price a hair below the deep AMM's is not "further below the market"
    expect(p.thinVsDeep(h({ ...thin, saleToExternal: 0.985 }), deep, sweep).checks[5].holds).to.equal(false);
  });

  it("oracle lag: bad debt at the longest latency against none, and the back-runner at the preset's latency", () => {
    const sweep = [
      { latencySeconds: 0, badDebt: 0, backrunNet: 10 },
      { latencySeconds: 120, badDebt: 5_000, backrunNet: 300 },
      { latencySeconds: 240, badDebt: 9_000, backrunNet: 200 },
    ];
    expect(verdict(p.oracleLag(sweep, 120).checks)).to.equal("holds");
    const lossless = sweep.map((s) => ({ ...s, badDebt: 0 }));
    expect(p.oracleLag(lossless, 120).checks.map((c) => c.holds)).to.deep.equal([false, true]);
    expect(p.oracleLag(sweep, 60).checks[1].holds).to.equal(false); // no run at the preset's latency
  });

  it("fixed bonus vs auction, Black Thursday, spiral: each check reads its own column", () => {
    const market = h({ ammDrawdownPct: 24, ammSettledDrawdownPct: 20, timeToClear: 20 });
    const auction = h({ ammDrawdownPct: 27, ammSettledDrawdownPct: 19, timeToClear: 26 });
    expect(p.fixedBonusVsAuction(market, auction).checks.map((c) => c.holds)).to.deep.equal([false, true, true]);

    const naive = h({ liquidationPriceToExternal: 0.4, badDebt: 350_000, auctionTakes: 40 });
    const lm2 = h({ liquidationPriceToExternal: null, badDebt: 300_000, auctionTakes: 0 });
    expect(verdict(p.blackThursday(naive, lm2).checks)).to.equal("holds"); // no takes at all is not a cheap take
    expect(p.blackThursday(naive, h({ liquidationPriceToExternal: 0.7 })).checks[1].holds).to.equal(false);

    const amm = h({ liquidations: 19, cascadeBlocks: 17, oracleDrawdownPct: 14, amplification: 1.4 });
    const ext = h({ liquidations: 19, cascadeBlocks: 9, oracleDrawdownPct: 10, amplification: 1.2 });
    const s = p.spiral(amm, ext);
    expect(s.checks[0].holds).to.equal(false); // as many liquidations: not more
    expect(s.checks[0].measured).to.equal("19 vs 19");
    expect(s.checks.slice(1, 4).every((c) => c.holds)).to.equal(true);
  });

  it("toxic spiral and dust read counts passed in by the generator", () => {
    expect(verdict(p.toxicSpiral(h({ badDebt: 38_000 }), [1, 1, 2], 0).checks)).to.equal("holds");
    expect(p.toxicSpiral(h({ badDebt: 0 }), [1, 2, 2], 1).checks.every((c) => !c.holds)).to.equal(true);
    const dear = h({ neverLiquidated: 30, liquidations: 5 });
    const cheap = h({ neverLiquidated: 2, liquidations: 30 });
    const d = p.dust(dear, cheap, 25, 0, { dear: 300, cheap: 1 });
    expect(verdict(d.checks)).to.equal("holds");
    expect(d.expected).to.contain("300 gwei");
    expect(verdict(p.dust(cheap, dear, 0, 25, { dear: 300, cheap: 1 }).checks)).to.equal("flips");
  });

  it("the liquidatable curve: the debt at 3%, the share at 1% and where the steepest step lies", () => {
    const curve = [1, 2, 3, 4, 5].map((shockPct, i) => ({
      shockPct,
      debt: [0.1e6, 1e6, 15e6, 40e6, 45e6][i],
      debtShare: [0.002, 0.02, 0.3, 0.8, 0.9][i],
    }));
    const c = p.liquidatableCurve(curve);
    expect(verdict(c.checks)).to.equal("holds");
    expect(c.checks[2].measured).to.equal("3% → 4%");
    expect(p.liquidatableCurve(curve.map((x) => ({ ...x, debt: x.debt / 10 }))).checks[0].holds).to.equal(false);
  });
});

describe("SCENARIOS.md headline table", () => {
  it("has one cell per header: amplification peak and settled, the baseline next to the engine, realized net", () => {
    const row = headlineRow(
      "spiral",
      h({ baselineLiquidations: null, baselineAmplification: null, baselineAmplificationSettled: null }),
    );
    expect(row).to.have.length(HEADLINE_HEADERS.length);
    const cell = (header: string) => row[HEADLINE_HEADERS.indexOf(header)];
    expect(cell("preset")).to.equal("[spiral](#spiral)");
    expect(cell("AMM dd % peak / settled")).to.equal("20 / 16");
    expect(cell("ampl. peak")).to.equal("1.3");
    expect(cell("ampl. settled")).to.equal("1.05");
    expect(cell("baseline ampl. peak / settled")).to.equal("– / –");
    expect(cell("baseline liq.")).to.equal("–");
    expect(cell("keeper realized net")).to.equal("4,000");
    const table = headlineTable([
      { name: "risk/isolation", h: h(), link: true },
      { name: "variant", h: h(), link: false },
    ]);
    expect(table.split("\n")[2]).to.match(/^\| \[risk\/isolation\]\(#riskisolation\) \| 15 \|/);
    expect(table.split("\n")[3]).to.match(/^\| variant \| 15 \|/);
    expect(table.split("\n")[2]).to.contain("| 1.2 / 1 | 10 (0) | 12 |");
  });
});
