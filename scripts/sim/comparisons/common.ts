/** What every risk-control comparison shares: running a preset variant on a snapshot and the outcome columns. */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { RunResult } from "../engine";
import { headline, loadPreset, mergeScenario, runOnSnapshot, type ScenarioPatch } from "../presets";
import { fromFixedUnits } from "../wad";
import type { ComparisonColumn } from "./types";

/** Runs `preset` with `patch` (and, for tests, `small` on top) on a chain snapshot that is restored afterwards. */
export function runVariant(
  hre: HardhatRuntimeEnvironment,
  preset: string,
  patch: ScenarioPatch,
  small?: ScenarioPatch,
): Promise<RunResult> {
  const merged = small ? (mergeScenario(patch, small) as ScenarioPatch) : patch;
  return runOnSnapshot(hre, loadPreset(preset, merged));
}

export const OUTCOME_COLUMNS: ComparisonColumn[] = [
  { key: "liquidations", header: "liquidations", unit: "" },
  { key: "baselineLiquidations", header: "baseline liquidations", unit: "" },
  { key: "debtRepaid", header: "debt repaid", unit: "USDC" },
  { key: "ammDrawdownPct", header: "AMM peak drawdown", unit: "%", digits: 1 },
  { key: "amplification", header: "ampl. peak", unit: "", digits: 2 },
  { key: "amplificationSettled", header: "ampl. settled", unit: "", digits: 2 },
  { key: "baselineAmplification", header: "baseline ampl. peak", unit: "", digits: 2 },
  { key: "badDebt", header: "bad debt", unit: "USDC" },
  { key: "underwater", header: "underwater at end (unrealized)", unit: "USDC" },
  { key: "keeperNet", header: "keeper realized net", unit: "USDC" },
];

export function outcomeValues(r: RunResult): Record<string, number | null> {
  const h = headline(r);
  return {
    liquidations: h.liquidations,
    baselineLiquidations: h.baselineLiquidations,
    debtRepaid: h.debtRepaid,
    ammDrawdownPct: h.ammDrawdownPct,
    amplification: h.amplification,
    amplificationSettled: h.amplificationSettled,
    baselineAmplification: h.baselineAmplification,
    badDebt: h.badDebt,
    underwater: fromFixedUnits(r.summary.underwaterAtEnd.shortfall, r.scenario.tokens.debt.decimals),
    keeperNet: h.keeperNetProfit,
  };
}

/** Realized plus unrealized loss: bad debt booked and the shortfall of positions still under water at the end. */
export function totalLoss(v: Record<string, number | string | null>): number {
  return Number(v.badDebt) + Number(v.underwater);
}
