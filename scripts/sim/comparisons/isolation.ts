/**
 * Isolated vs shared pools: the same crash of one collateral (WETH −40% into a thin AMM) beside a calm one (WBTC,
 * flat), with one market and one lender base for both (shared) or one market per collateral (isolated). Measures
 * contagion: what the lenders who wanted exposure to the calm asset only lose, and how much of their claim they can
 * withdraw.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { runPreset, type ScenarioPatch } from "../presets";
import { fromFixedUnits } from "../wad";
import { receivedShare, type IsolationSummary } from "../isolation-metrics";
import type { Comparison, ComparisonOptions, ComparisonRunner } from "./types";

export const PRESET = "risk/isolation";

/** A smaller world for tests: fewer borrowers on each side and fewer blocks, the same crash. */
export const SMALL_PATCH: ScenarioPatch = {
  blocks: 30,
  borrowers: { count: 20 },
  isolation: { calmBorrowers: { count: 5 } },
};

/** Runs the preset in one mode and returns its contagion summary (throws if the run has none). */
export async function runIsolationMode(
  hre: HardhatRuntimeEnvironment,
  mode: "shared" | "isolated",
  options: ComparisonOptions = {},
): Promise<{ iso: IsolationSummary; decimals: number }> {
  const base = options.small ? SMALL_PATCH : {};
  const patch = { ...base, isolation: { ...((base.isolation as object | undefined) ?? {}), mode } };
  const r = await runPreset(hre, PRESET, patch);
  if (!r.summary.isolation) throw new Error(`${PRESET}: the run has no isolation summary`);
  return { iso: r.summary.isolation, decimals: r.scenario.tokens.debt.decimals };
}

export const isolation: ComparisonRunner = async (hre, options = {}) => {
  const shared = await runIsolationMode(hre, "shared", options);
  const isolated = await runIsolationMode(hre, "isolated", options);
  const usdc = (x: bigint) => fromFixedUnits(x, shared.decimals);
  const pct = (x: number) => 100 * x;
  const values = (s: IsolationSummary) => ({
    crashBadDebt: usdc(s.crashBadDebt),
    crashUnrealized: usdc(s.crashUnrealizedBadDebt),
    calmLoss: usdc(s.calm.loss),
    calmLossPct: s.calm.lossPct,
    calmWithdrawable: pct(s.calm.worstWithdrawableFraction),
    calmProRata: pct(s.calm.worstProRataFraction),
    calmExitAlone: pct(receivedShare(s.endWithdrawals.calmFirst)),
    calmExitAfterRun: pct(receivedShare(s.endWithdrawals.crashRun)),
    crashLoss: usdc(s.crash.loss),
    crashLossPct: s.crash.lossPct,
  });
  const sv = values(shared.iso);
  const iv = values(isolated.iso);
  const fmt = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits });
  const lendersAbsorbed = sv.calmLoss + sv.crashLoss;
  const calmPart = lendersAbsorbed > 0 ? (100 * sv.calmLoss) / lendersAbsorbed : 0;
  const lossText =
    sv.calmLoss > 0
      ? `In the shared market the calm lenders lost ${fmt(sv.calmLoss)} USDC (${fmt(sv.calmLossPct, 2)}% of their ` +
        `deposit): ${fmt(calmPart, 1)}% of what the lenders absorbed of the crash's ${fmt(sv.crashBadDebt)} USDC bad ` +
        `debt, their ${fmt(100 * shared.iso.calmShareOfSupply, 1)}% share of supply`
      : `In the shared market the calm lenders lost nothing (${fmt(-sv.calmLoss, 2)} USDC earned)`;
  const isoText =
    iv.calmLoss <= 0
      ? `; isolated, they lost nothing (earned ${fmt(-iv.calmLoss, 2)} USDC) and the crash lenders bore ` +
        `${fmt(iv.crashLossPct, 2)}% instead of ${fmt(sv.crashLossPct, 2)}%.`
      : `; isolated, they still lost ${fmt(iv.calmLoss)} USDC.`;
  const liquidityText =
    ` Withdrawals: first in line, a calm lender could take out at worst ${fmt(sv.calmWithdrawable, 1)}% of its claim ` +
    `from the shared market vs ${fmt(iv.calmWithdrawable, 1)}% from its own (the shared market pools both lender ` +
    `bases' cash); if every lender asks at once, ${fmt(sv.calmProRata, 1)}% vs ${fmt(iv.calmProRata, 1)}%; and after ` +
    `the crash lenders withdrew first, it got ${fmt(sv.calmExitAfterRun, 1)}% vs ${fmt(iv.calmExitAfterRun, 1)}% of ` +
    `its claim.`;
  const comparison: Comparison = {
    id: "isolation",
    title: "Isolated vs shared pools",
    presets: [`${PRESET}.json`],
    command: `npx hardhat cascade --scenario ${PRESET} --set isolation.mode=shared (and =isolated)`,
    columns: [
      { key: "crashBadDebt", header: "crash bad debt", unit: "USDC" },
      { key: "crashUnrealized", header: "crash bad debt still in book", unit: "USDC" },
      { key: "calmLoss", header: "calm lenders' loss", unit: "USDC", digits: 2 },
      { key: "calmLossPct", header: "calm lenders' loss", unit: "%", digits: 3 },
      { key: "calmWithdrawable", header: "calm worst withdrawable (first in line)", unit: "%", digits: 1 },
      { key: "calmProRata", header: "calm worst withdrawable (all ask at once)", unit: "%", digits: 1 },
      { key: "calmExitAlone", header: "calm exit received / asked", unit: "%", digits: 1 },
      { key: "calmExitAfterRun", header: "calm exit after crash lenders' run", unit: "%", digits: 1 },
      { key: "crashLoss", header: "crash lenders' loss", unit: "USDC" },
      { key: "crashLossPct", header: "crash lenders' loss", unit: "%", digits: 2 },
    ],
    rows: [
      { label: "shared market (one lender base)", values: sv },
      { label: "isolated markets (one per collateral)", values: iv },
    ],
    finding: lossText + isoText + liquidityText,
  };
  return comparison;
};
