/**
 * Presets as code sees them: load `scenarios/<name>.json` with a deep-merged patch (tests shrink a preset's world
 * this way), run it on a chain snapshot that is restored afterwards, and pull the headline numbers out of a run.
 * CSV paths are resolved relative to the preset file, as the `cascade` task does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { parseScenario, type Scenario, type ScenarioInput } from "./scenario";
import { runScenario, type RunResult } from "./engine";
import { fromFixedUnits } from "./wad";

import { SCENARIOS_DIR, presetNames } from "./preset-names";

export { SCENARIOS_DIR, presetNames };

/** A deep partial of a scenario; arrays (keepers) replace, objects merge. */
export type ScenarioPatch = { [key: string]: unknown };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Deep merge: objects merge key by key, everything else (arrays included) is replaced by the patch. A union
 * member (`kind`/`policy`) of another variant replaces the whole object: its fields do not mix.
 */
export function mergeScenario(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch === undefined ? base : patch;
  for (const tag of ["kind", "policy"]) if (tag in patch && patch[tag] !== base[tag]) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = mergeScenario(base[k], v);
  return out;
}

export function presetFile(name: string): string {
  return path.join(SCENARIOS_DIR, `${name}.json`);
}

/** The preset's JSON with `patch` merged in, validated (a bad patch names the field). */
export function loadPreset(name: string, patch: ScenarioPatch = {}): Scenario {
  const file = presetFile(name);
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as ScenarioInput;
  return parseScenario(mergeScenario(json, patch), file);
}

/** Runs a scenario on a snapshot and restores the chain, so runs do not see each other's state. */
export async function runOnSnapshot(
  hre: HardhatRuntimeEnvironment,
  scenario: Scenario,
  csvDir = SCENARIOS_DIR,
): Promise<RunResult> {
  const { takeSnapshot } = await import("@nomicfoundation/hardhat-network-helpers");
  const snapshot = await takeSnapshot();
  try {
    return await runScenario(hre, scenario, {
      readCsv: (f) => fs.readFileSync(path.resolve(csvDir, f), "utf8"),
    });
  } finally {
    await snapshot.restore();
  }
}

/** Loads and runs a preset (patched) on a snapshot. */
export function runPreset(hre: HardhatRuntimeEnvironment, name: string, patch: ScenarioPatch = {}) {
  return runOnSnapshot(hre, loadPreset(name, patch), path.dirname(presetFile(name)));
}

/** The numbers a preset is judged by, in human units (debt tokens, percent, blocks). */
export interface Headline {
  shockPct: number;
  ammDrawdownPct: number;
  externalDrawdownPct: number;
  amplification: number | null;
  liquidations: number;
  auctionTakes: number;
  rounds: number;
  cascadeBlocks: number;
  debtRepaid: number;
  badDebt: number;
  keeperNetProfit: number;
  /** Seized collateral valued at the external price minus what the liquidations repaid: the borrowers' loss. */
  borrowerLoss: number;
  /** Mean realized sale price ÷ external price over sold collateral (1 = sold at the market). */
  saleToExternal: number | null;
  /**
   * Σ repaid ÷ Σ(seized × external price) over liquidations: the price the protocol got for collateral, relative
   * to the market (fixed bonus ≈ 1/(1 + bonus); an auction taken near zero ≈ 0). Null without liquidations.
   */
  liquidationPriceToExternal: number | null;
  /** Blocks from the first to the last liquidation (0 without any). */
  timeToClear: number;
  neverLiquidated: number;
}

export function headline(r: RunResult): Headline {
  const s = r.summary;
  const dd = r.scenario.tokens.debt.decimals;
  const cd = r.scenario.tokens.collateral.decimals;
  const debt = (x: bigint) => fromFixedUnits(x, dd);
  let loss = 0;
  let soldAt = 0;
  let soldExt = 0;
  let repaidAll = 0;
  let seizedExt = 0;
  for (const l of r.liquidations) {
    repaidAll += debt(l.debtRepaid);
    seizedExt += fromFixedUnits(l.collateralSeized, cd) * l.externalPrice;
    loss += fromFixedUnits(l.collateralSeized, cd) * l.externalPrice - debt(l.debtRepaid);
    if (l.collateralSold > 0n) {
      soldAt += debt(l.saleProceeds);
      soldExt += fromFixedUnits(l.collateralSold, cd) * l.externalPrice;
    }
  }
  return {
    shockPct: 100 * s.exogenousShock,
    ammDrawdownPct: 100 * s.ammPeakDrawdown,
    externalDrawdownPct: 100 * s.externalPeakDrawdown,
    amplification: s.amplification,
    liquidations: s.liquidations.count,
    auctionTakes: s.liquidations.auctionTakes,
    rounds: s.cascade.rounds,
    cascadeBlocks: s.cascade.lengthBlocks,
    debtRepaid: debt(s.liquidations.debtRepaid),
    badDebt: debt(s.badDebt),
    keeperNetProfit: debt(s.keepers.netProfit),
    borrowerLoss: loss,
    saleToExternal: soldExt > 0 ? soldAt / soldExt : null,
    liquidationPriceToExternal: seizedExt > 0 ? repaidAll / seizedExt : null,
    timeToClear: s.cascade.lengthBlocks,
    neverLiquidated: s.timeToLiquidation.neverLiquidated,
  };
}
