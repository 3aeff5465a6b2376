/**
 * Isolated vs shared pools, as two topologies of one preset: the same crash of one collateral (WETH −40% into a thin
 * AMM) beside a calm one (WBTC, flat, no AMM), with one market and two lender groups for both (shared, the preset as
 * written) or one market per collateral, each with its own group (isolated, `isolatedMarkets`). Both groups withdraw
 * once they see a loss. Measures contagion with the general lender-group measures (engine/lender-groups.ts): what the
 * lenders who wanted exposure to the calm asset only lose, how much of their claim they can withdraw, what they took.
 */
import * as fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { RunResult } from "../engine";
import type { LenderGroupSummary } from "../metrics";
import { presetFile, runPreset, type ScenarioPatch } from "../presets";
import { fromFixedUnits } from "../wad";
import type { Comparison, ComparisonOptions, ComparisonRunner } from "./types";

export const PRESET = "risk/isolation";

type MarketJson = {
  id: string;
  collaterals: { asset: string }[];
  lenders: { id: string }[];
  borrowers: { id: string; count?: number; basket: { asset: string }[] }[];
};

/** The preset's (shared) markets as written. */
export function sharedMarkets(): MarketJson[] {
  return (JSON.parse(fs.readFileSync(presetFile(PRESET), "utf8")) as { markets: MarketJson[] }).markets;
}

/**
 * The isolated topology of a shared market: one market per collateral, named after the population whose basket is
 * that collateral alone, with that population and the lender group of the same name (the preset names its groups
 * and populations alike: crash, calm). Every other field (config, keepers) is the shared market's.
 */
export function isolatedMarkets(shared: MarketJson): MarketJson[] {
  return shared.collaterals.map((c) => {
    const population = shared.borrowers.find((b) => b.basket.length === 1 && b.basket[0].asset === c.asset);
    const lenders = shared.lenders.filter((l) => l.id === population?.id);
    if (!population || lenders.length !== 1)
      throw new Error(`${PRESET}: collateral ${c.asset} needs one population and one lender group of the same name`);
    return { ...shared, id: population.id, collaterals: [c], lenders, borrowers: [population] };
  });
}

/** Runs the preset in one topology (tests: fewer borrowers on each side and fewer blocks, the same crash). */
export function runIsolationMode(
  hre: HardhatRuntimeEnvironment,
  mode: "shared" | "isolated",
  options: ComparisonOptions = {},
): Promise<RunResult> {
  const [shared] = sharedMarkets();
  const small = options.small
    ? { ...shared, borrowers: shared.borrowers.map((b) => (b.id === "calm" ? { ...b, count: 5 } : b)) }
    : shared;
  const patch: ScenarioPatch = {
    ...(options.small ? { blocks: 30, borrowers: { count: 20 } } : {}),
    markets: mode === "shared" ? [small] : isolatedMarkets(small),
  };
  return runPreset(hre, PRESET, patch);
}

/** The calm and crash groups' summaries of a run (throws if the run did not record the lender groups). */
export function groupsOf(r: RunResult): { calm: LenderGroupSummary; crash: LenderGroupSummary } {
  const g = r.summary.lenders;
  if (!g?.calm || !g.crash) throw new Error(`${PRESET}: the run has no calm and crash lender groups`);
  return { calm: g.calm, crash: g.crash };
}

export const isolation: ComparisonRunner = async (hre, options = {}) =>
  compareIsolation(await runIsolationMode(hre, "shared", options), await runIsolationMode(hre, "isolated", options));

/** The comparison's rows and finding, read off a shared and an isolated run. */
export function compareIsolation(shared: RunResult, isolated: RunResult): Comparison {
  const usdc = (x: bigint) => fromFixedUnits(x, shared.scenario.tokens.debt.decimals);
  const pct = (x: number) => 100 * x;
  const values = (r: RunResult) => {
    const { calm, crash } = groupsOf(r);
    return {
      badDebt: usdc(r.summary.badDebt),
      underwater: usdc(r.summary.underwaterAtEnd.shortfall),
      calmLoss: usdc(calm.loss),
      calmLossPct: calm.lossPct,
      calmWithdrawable: pct(calm.worstWithdrawable),
      calmProRata: pct(calm.worstProRata),
      calmWithdrawn: usdc(calm.withdrawn),
      calmSupplied: usdc(calm.supplied),
      crashLoss: usdc(crash.loss),
      crashLossPct: crash.lossPct,
      crashWithdrawn: usdc(crash.withdrawn),
      crashExitBlock: crash.firstWithdrawalBlock,
    };
  };
  const sv = values(shared);
  const iv = values(isolated);
  const fmt = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits });
  const lossText =
    sv.calmLoss > 0
      ? `In the shared market the calm lenders lost ${fmt(sv.calmLoss)} USDC (${fmt(sv.calmLossPct, 2)}% of their ` +
        `deposit) and the crash lenders ${fmt(sv.crashLoss)} USDC (${fmt(sv.crashLossPct, 2)}%): the crash lenders, ` +
        `who saw the first write-off, withdrew ${fmt(sv.crashWithdrawn)} USDC from block ${sv.crashExitBlock}, ` +
        `so the write-offs after their exit fell on the calm lenders who stayed`
      : `In the shared market the calm lenders lost nothing (${fmt(-sv.calmLoss, 2)} USDC earned)`;
  const isoText =
    iv.calmLoss <= 0
      ? `; isolated, they lost nothing (earned ${fmt(-iv.calmLoss, 2)} USDC), never saw a loss and so never ` +
        `withdrew, and the crash lenders bore ${fmt(iv.crashLossPct, 2)}% instead of ${fmt(sv.crashLossPct, 2)}%.`
      : `; isolated, they still lost ${fmt(iv.calmLoss)} USDC.`;
  const liquidityText =
    ` Withdrawals: the calm lenders' worst withdrawable share (first in line) was ${fmt(sv.calmWithdrawable, 1)}% ` +
    `shared vs ${fmt(iv.calmWithdrawable, 1)}% isolated, and ${fmt(sv.calmProRata, 1)}% vs ` +
    `${fmt(iv.calmProRata, 1)}% if every lender asks at once; shared, they took out ${fmt(sv.calmWithdrawn)} USDC ` +
    `of their ${fmt(sv.calmSupplied)}.`;
  return {
    id: "isolation",
    title: "Isolated vs shared pools",
    presets: [`${PRESET}.json`],
    command:
      `npx hardhat cascade --scenario ${PRESET} (shared); the isolated topology: ` +
      "COMPARISON=isolation npx hardhat run scripts/tasks/compare.ts (runs both)",
    columns: [
      { key: "badDebt", header: "bad debt written off", unit: "USDC" },
      { key: "underwater", header: "bad debt still in book", unit: "USDC" },
      { key: "calmLoss", header: "calm lenders' loss", unit: "USDC", digits: 2 },
      { key: "calmLossPct", header: "calm lenders' loss", unit: "%", digits: 3 },
      { key: "calmWithdrawable", header: "calm worst withdrawable (first in line)", unit: "%", digits: 1 },
      { key: "calmProRata", header: "calm worst withdrawable (all ask at once)", unit: "%", digits: 1 },
      { key: "calmWithdrawn", header: "calm lenders withdrew", unit: "USDC" },
      { key: "crashLoss", header: "crash lenders' loss", unit: "USDC" },
      { key: "crashLossPct", header: "crash lenders' loss", unit: "%", digits: 2 },
      { key: "crashWithdrawn", header: "crash lenders withdrew", unit: "USDC" },
      { key: "crashExitBlock", header: "crash lenders' first withdrawal", unit: "block" },
    ],
    rows: [
      { label: "shared market (one market, two lender groups)", values: sv },
      { label: "isolated markets (one per collateral)", values: iv },
    ],
    finding: lossText + isoText + liquidityText,
  };
}
