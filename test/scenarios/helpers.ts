/** Shared by the preset tests: run a preset shrunk to a small world, and per-keeper-strategy profit. */
import hre from "hardhat";
import type { RunResult } from "../../scripts/sim/engine";
import { headline, runPreset, type Headline, type ScenarioPatch } from "../../scripts/sim/presets";

/** Tests shrink every preset to this many borrowers (the presets themselves can be larger). */
export const SMALL_BORROWERS = 20;

export async function small(name: string, patch: ScenarioPatch = {}): Promise<{ r: RunResult; h: Headline }> {
  const borrowers = { count: SMALL_BORROWERS, ...((patch.borrowers as object | undefined) ?? {}) };
  const r = await runPreset(hre, name, { ...patch, borrowers });
  return { r, h: headline(r) };
}

/** Net profit (gross − gas, debt tokens) per keeper strategy, from the liquidation records. */
export function profitByStrategy(r: RunResult): Record<string, number> {
  const out: Record<string, number> = {};
  const unit = 10 ** r.scenario.tokens.debt.decimals;
  for (const l of r.liquidations) {
    const strategy = l.keeper.split("/")[1];
    out[strategy] = (out[strategy] ?? 0) + Number(l.grossProfit - l.gasCost) / unit;
  }
  return out;
}

/** Liquidations per borrower. */
export function liquidationsPerBorrower(r: RunResult): number[] {
  const n = new Map<string, number>();
  for (const l of r.liquidations) n.set(l.borrower, (n.get(l.borrower) ?? 0) + 1);
  return [...n.values()];
}
