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

/**
 * Runs a scenario on a snapshot and restores the chain, so runs do not see each other's state; `onBlock` reports
 * progress (scripts/report/progress.ts).
 */
export async function runOnSnapshot(
  hre: HardhatRuntimeEnvironment,
  scenario: Scenario,
  csvDir = SCENARIOS_DIR,
  onBlock?: (done: number, total: number) => void,
): Promise<RunResult> {
  const { takeSnapshot } = await import("@nomicfoundation/hardhat-network-helpers");
  const snapshot = await takeSnapshot();
  try {
    return await runScenario(hre, scenario, {
      readCsv: (f) => fs.readFileSync(path.resolve(csvDir, f), "utf8"),
      onBlock,
    });
  } finally {
    await snapshot.restore();
  }
}

/** Loads and runs a preset (patched) on a snapshot; `onBlock` reports progress. */
export function runPreset(
  hre: HardhatRuntimeEnvironment,
  name: string,
  patch: ScenarioPatch = {},
  onBlock?: (done: number, total: number) => void,
) {
  return runOnSnapshot(hre, loadPreset(name, patch), path.dirname(presetFile(name)), onBlock);
}

/** The numbers a preset is judged by, in human units (debt tokens, percent, blocks). */
export interface Headline {
  shockPct: number;
  /** AMM peak drawdown, percent: one block's wick can set it. */
  ammDrawdownPct: number;
  /** AMM drawdown once arbitrage has closed the gap after the cascade (`summary.ammSettledDrawdown`), percent. */
  ammSettledDrawdownPct: number;
  /** Mean AMM drawdown over the cascade window (`summary.ammTimeWeightedDrawdown`), percent. */
  ammTimeWeightedDrawdownPct: number;
  externalDrawdownPct: number;
  /** Peak drawdown of the price the market read (the oracle), percent. */
  oracleDrawdownPct: number;
  /** Peak amplification: AMM peak drawdown ÷ exogenous shock (null without a shock). */
  amplification: number | null;
  /** Settled amplification: AMM settled drawdown ÷ exogenous shock (null without a shock). */
  amplificationSettled: number | null;
  /**
   * The frictionless baseline of the same world (`summary.baseline`: instant, atomic, unlimited, gas-free keepers):
   * its liquidations, bad debt (debt tokens) and amplification, peak and settled — the physics, next to which the
   * engine's figures measure the frictions. Null when the run has no baseline.
   */
  baselineLiquidations: number | null;
  baselineBadDebt: number | null;
  baselineAmplification: number | null;
  baselineAmplificationSettled: number | null;
  liquidations: number;
  auctionTakes: number;
  rounds: number;
  cascadeBlocks: number;
  debtRepaid: number;
  badDebt: number;
  /** Keepers' realized gross profit: Σ sale proceeds + auction incentives − Σ debt repaid (debt tokens). */
  keeperGrossProfit: number;
  /** Keepers' realized net profit: realized gross − gas (unsold inventory not included), debt tokens. */
  keeperNetProfit: number;
  /** Collateral keepers still held at the end, valued at the last external price (debt tokens). */
  keeperUnsoldAtExternal: number;
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
  const b = s.baseline;
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
    ammSettledDrawdownPct: 100 * s.ammSettledDrawdown,
    ammTimeWeightedDrawdownPct: 100 * s.ammTimeWeightedDrawdown,
    externalDrawdownPct: 100 * s.externalPeakDrawdown,
    oracleDrawdownPct: 100 * s.oraclePeakDrawdown,
    amplification: s.amplification,
    amplificationSettled: s.amplificationSettled,
    baselineLiquidations: b ? b.liquidations : null,
    baselineBadDebt: b ? debt(b.badDebt) : null,
    baselineAmplification: b ? b.amplification : null,
    baselineAmplificationSettled: b ? b.amplificationSettled : null,
    liquidations: s.liquidations.count,
    auctionTakes: s.liquidations.auctionTakes,
    rounds: s.cascade.rounds,
    cascadeBlocks: s.cascade.lengthBlocks,
    debtRepaid: debt(s.liquidations.debtRepaid),
    badDebt: debt(s.badDebt),
    keeperGrossProfit: debt(s.keepers.grossProfit),
    keeperNetProfit: debt(s.keepers.netProfit),
    keeperUnsoldAtExternal: debt(s.keepers.unsold.atExternal),
    borrowerLoss: loss,
    saleToExternal: soldExt > 0 ? soldAt / soldExt : null,
    liquidationPriceToExternal: seizedExt > 0 ? repaidAll / seizedExt : null,
    timeToClear: s.cascade.lengthBlocks,
    neverLiquidated: s.timeToLiquidation.neverLiquidated,
  };
}
