/** The sample cascade of records.ts as a whole RunResult (summary and, optionally, a frictionless baseline). */
import { summarize } from "../../scripts/sim/metrics";
import { baselineSummary } from "../../scripts/measures/baseline-summary";
import { WAD, type BaselineResult } from "../../scripts/measures/baseline";
import { parseScenario } from "../../scripts/sim/scenario";
import type { RunResult } from "../../scripts/sim/engine";
import { sampleRun } from "./records";

/** The sample cascade of test/helpers/records.ts as a run of the default scenario (USDC 6, WETH 18). */
export function sampleRunResult(withBaseline: boolean): RunResult {
  const { blocks, liquidations, timings } = sampleRun();
  const summary = summarize(blocks, liquidations, timings);
  const scenario = parseScenario({});
  if (withBaseline) {
    const b: BaselineResult = {
      liquidations: 5,
      positionsLiquidated: 4,
      rounds: 2,
      settled: true,
      totalRepaid: 10n,
      totalSeized: 20n,
      badDebt: 3_500_000n, // 3.5 USDC
      initialAmmPrice: 100n * WAD,
      minAmmPrice: 85n * WAD, // drawdown 15% over a 20% shock: 0.75
      finalAmmPrice: 90n * WAD, // 10%: 0.5
      finalExternalPrice: 80n * WAD,
      finalOraclePrice: 80n * WAD,
      records: [],
    };
    summary.baseline = baselineSummary(b, 80n * WAD, summary.exogenousShock, summary, scenario);
  }
  return { scenario, summary, blocks, liquidations, timings } as unknown as RunResult;
}
