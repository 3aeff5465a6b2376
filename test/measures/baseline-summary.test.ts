import { expect } from "chai";
import { summarize, toJson } from "../../scripts/sim/metrics";
import { baselineSummary, presentFrictions } from "../../scripts/measures/baseline-summary";
import { WAD, type BaselineResult } from "../../scripts/measures/baseline";
import { parseScenario } from "../../scripts/sim/scenario";
import { baselineSection } from "../../scripts/report/html";
import { parseRun } from "../../scripts/report/run-data";
import { sampleRun } from "../helpers/records";

const result = (over: Partial<BaselineResult>): BaselineResult => ({
  liquidations: 4,
  positionsLiquidated: 3,
  rounds: 2,
  settled: true,
  totalRepaid: 10n,
  totalSeized: 20n,
  badDebt: 1n,
  initialAmmPrice: 100n * WAD,
  minAmmPrice: 70n * WAD,
  finalAmmPrice: 76n * WAD,
  finalExternalPrice: 76n * WAD,
  finalOraclePrice: 76n * WAD,
  records: [],
  ...over,
});

describe("baseline summary and the settled amplification", () => {
  it("summarize: amplificationSettled takes the AMM once arbitrage has closed the gap (here: never, so the last block)", () => {
    const { blocks, liquidations, timings } = sampleRun();
    const s = summarize(blocks, liquidations, timings);
    // AMM 78 at the last block against an external 80: the gap never closes within 50 bps.
    expect(s.settledBlock).to.equal(9);
    expect(s.ammSettledDrawdown).to.be.closeTo(0.22, 1e-12);
    expect(s.amplificationSettled).to.be.closeTo(1.1, 1e-12);
    // Cascade window blocks 3..7: AMM 70, 60, 65, 70, 72.
    expect(s.ammTimeWeightedDrawdown).to.be.closeTo(0.326, 1e-12);
    expect(s.amplification).to.be.closeTo(2, 1e-12);
  });

  it("decomposes the amplification: physics is the baseline's, frictions the engine's minus it", () => {
    const s = parseScenario({});
    const b = baselineSummary(result({}), 80n * WAD, 0.2, { amplification: 2, amplificationSettled: 1.1 }, s);
    expect(b.amplification).to.be.closeTo(1.5, 1e-12); // (100 − 70) / 100 ÷ 0.2
    expect(b.amplificationSettled).to.be.closeTo(1.2, 1e-12); // (100 − 76) / 100 ÷ 0.2
    expect(b.decomposition.frictions).to.be.closeTo(0.5, 1e-12);
    expect(b.decomposition.frictionsSettled).to.be.closeTo(-0.1, 1e-12);
    expect(b.shockedPrice).to.equal(80);
    expect(
      baselineSummary(result({}), 80n * WAD, 0, { amplification: null, amplificationSettled: null }, s),
    ).to.have.nested.property("decomposition.frictions", null);
  });

  it("names the frictions a run has, and fewer when the scenario removes them", () => {
    const full = presentFrictions(parseScenario({}));
    expect(full.some((f) => f.startsWith("latency: oracle 12 s"))).to.equal(true);
    expect(full.some((f) => f.startsWith("throughput:"))).to.equal(true);
    const live = presentFrictions(
      parseScenario({
        oracle: { source: "amm-spot-live" },
        liquidation: { mechanism: "fixed-bonus" },
        riskControls: { circuitBreaker: { enabled: true } },
      }),
    );
    expect(live.some((f) => f.startsWith("latency:"))).to.equal(false);
    expect(live).to.include("mechanism: circuit breaker");
    expect(live.some((f) => f.startsWith("execution:"))).to.equal(false); // atomic keepers by default
    const legacy = presentFrictions(parseScenario({ keeperModel: "legacy" }));
    expect(legacy.some((f) => f.startsWith("execution: legacy"))).to.equal(true);
    expect(legacy).to.include("throughput: at most 12 keeper actions per block"); // 4 keepers × 3
  });

  it("the report puts the engine next to the baseline", () => {
    const { blocks, liquidations, timings } = sampleRun();
    const s = summarize(blocks, liquidations, timings);
    s.baseline = baselineSummary(result({}), 80n * WAD, s.exogenousShock, s, parseScenario({}));
    const scenario = toJson(parseScenario({}));
    const run = (summary: unknown) =>
      parseRun(
        "r",
        new Map([
          ["summary.json", toJson(summary)],
          ["scenario.json", scenario],
        ]),
      );
    const html = baselineSection(run(s));
    expect(html).to.contain("Physics and frictions");
    expect(html).to.contain('<td class="v">4</td>'); // baseline liquidations
    expect(baselineSection(run(summarize(blocks, liquidations, timings)))).to.equal("");
  });
});
