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
  { key: "debtRepaid", header: "debt repaid", unit: "USDC" },
  { key: "ammDrawdownPct", header: "AMM peak drawdown", unit: "%", digits: 1 },
  { key: "badDebt", header: "bad debt", unit: "USDC" },
  { key: "underwater", header: "underwater at end (unrealized)", unit: "USDC" },
];

export function outcomeValues(r: RunResult): Record<string, number> {
  const h = headline(r);
  return {
    liquidations: h.liquidations,
    debtRepaid: h.debtRepaid,
    ammDrawdownPct: h.ammDrawdownPct,
    badDebt: h.badDebt,
    underwater: fromFixedUnits(r.summary.underwaterAtEnd.shortfall, r.scenario.tokens.debt.decimals),
  };
}

/** Realized plus unrealized loss: bad debt booked and the shortfall of positions still under water at the end. */
export function totalLoss(v: Record<string, number | string | null>): number {
  return Number(v.badDebt) + Number(v.underwater);
}
