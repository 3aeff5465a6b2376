/**
 * Stale-oracle and frozen-feed comparison (issue 8, oracle manipulation). A LUNA-like collapse in which the oracle
 * fails near 0.10, either by freezing (no more rounds: the answer ages) or by clamping at a floor (rounds keep coming
 * at 0.10: fresh but wrong), with an exploiter who buys collateral on the AMM and borrows against the oracle's
 * valuation (Venus and Blizz, May 2022): a healthy oracle; the frozen feed without and with the market's staleness
 * guard (`maxPriceAge`); the clamped feed with the staleness guard only, and with the floor guard (`BoundedFeed`).
 * Then the guard's cost: a feed that freezes at the bottom of a drop while liquidations are still queued, with a
 * healthy oracle, without and with the staleness guard.
 *
 * Run: `COMPARISON=stale-oracle npx hardhat run scripts/tasks/compare.ts`.
 */
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { loadPreset, presetFile, runOnSnapshot, type ScenarioPatch } from "../presets";
import type { RunResult } from "../engine";
import { fromFixedUnits } from "../wad";
import type { Comparison, ComparisonOptions, ComparisonRow, ComparisonRunner } from "./types";

export const FROZEN_PRESET = "risk/frozen-feed";
export const FLOOR_PRESET = "risk/floor-feed";
export const BOTTOM_PRESET = "risk/frozen-feed-bottom";
/** `LendingPool.MAX_PRICE_AGE`: the largest staleness bound the market accepts, i.e. no guard within a run. */
export const NO_STALENESS_GUARD = 7 * 24 * 3600;

/** Tests shrink each preset: fewer borrowers and blocks, the same failure and the same direction of effect. */
export const SMALL_PATCHES: Record<string, ScenarioPatch> = {
  [FROZEN_PRESET]: { blocks: 95, borrowers: { count: 12 } },
  [FLOOR_PRESET]: { blocks: 95, borrowers: { count: 12 } },
  // The keeper's queue must outlast the guard's 5 blocks, and the run must reach the second leg (block 80).
  [BOTTOM_PRESET]: { blocks: 85, borrowers: { count: 30 } },
};

export interface StaleOracleRow {
  key: string;
  label: string;
  preset: string;
  patch: ScenarioPatch;
}

const noGuard = { market: { collateral: { maxPriceAgeSeconds: NO_STALENESS_GUARD } } };
const healthy = { oracle: { failure: { mode: "none" } } };

export const ROWS: StaleOracleRow[] = [
  { key: "healthy", label: "healthy oracle", preset: FROZEN_PRESET, patch: healthy },
  { key: "frozenOpen", label: "frozen at 0.10, no staleness guard", preset: FROZEN_PRESET, patch: noGuard },
  { key: "frozenGuarded", label: "frozen at 0.10, staleness guard (180 s)", preset: FROZEN_PRESET, patch: {} },
  { key: "floorOpen", label: "clamped at 0.10, staleness guard only", preset: FLOOR_PRESET, patch: {} },
  {
    key: "floorGuarded",
    label: "clamped at 0.10, floor guard",
    preset: FLOOR_PRESET,
    patch: { oracle: { floorGuard: { enabled: true } } },
  },
  { key: "bottomHealthy", label: "two legs, healthy oracle", preset: BOTTOM_PRESET, patch: healthy },
  {
    key: "bottomOpen",
    label: "two legs, frozen at the bottom, no staleness guard",
    preset: BOTTOM_PRESET,
    patch: noGuard,
  },
  {
    key: "bottomGuarded",
    label: "two legs, frozen at the bottom, staleness guard (60 s)",
    preset: BOTTOM_PRESET,
    patch: {},
  },
];

export interface StaleOracleNumbers {
  liquidations: number;
  /** Liquidations in or after the block at which the preset's feed fails (`oracle.failure.atBlock`). */
  liquidationsAfterFailure: number;
  /** Keeper liquidation transactions that reverted in blocks whose price was stale (the guard refused them). */
  liquidationsRefused: number;
  exploiterDebtDrawn: number;
  exploiterCollateralAtMarket: number;
  exploiterProfit: number;
  badDebt: number;
  /** Realized bad debt + shortfall at market of every open position. */
  lendersLoss: number;
  /** The exploiter's part of `lendersLoss` (its debt beyond its collateral at market). */
  lossToExploiter: number;
  /** The rest: the borrowers' book (realized bad debt and positions under water at market). */
  lossOnBook: number;
  staleBlocks: number;
}

/** The numbers of one run, in debt tokens and counts. */
export function numbers(r: RunResult): StaleOracleNumbers {
  const d = (x: bigint) => fromFixedUnits(x, r.scenario.tokens.debt.decimals);
  const e = r.exposure;
  const x = e.exploiter;
  const lossToExploiter = x ? d(x.shortfall) : 0;
  return {
    liquidations: r.summary.liquidations.count,
    liquidationsAfterFailure: r.liquidations.filter((l) => l.block >= r.scenario.oracle.failure.atBlock).length,
    liquidationsRefused: r.bids.filter(
      (b) =>
        (b.kind === "liquidate" || b.kind === "atomic-liquidate") &&
        b.outcome === "reverted" &&
        r.blocks[b.block]?.oracleStale,
    ).length,
    exploiterDebtDrawn: x ? d(x.debtDrawn) : 0,
    exploiterCollateralAtMarket: x ? d(x.collateralValueAtMarket) : 0,
    exploiterProfit: x ? d(x.profit) : 0,
    badDebt: d(e.badDebt),
    lendersLoss: d(e.lendersLoss),
    lossToExploiter,
    lossOnBook: d(e.lendersLoss) - lossToExploiter,
    staleBlocks: r.blocks.filter((b) => b.oracleStale).length,
  };
}

export async function runRow(hre: HardhatRuntimeEnvironment, row: StaleOracleRow, small = false): Promise<RunResult> {
  const patch = small ? { ...row.patch, ...SMALL_PATCHES[row.preset] } : row.patch;
  const scenario = loadPreset(row.preset, patch);
  return runOnSnapshot(hre, scenario, path.dirname(presetFile(row.preset)));
}

const money = (x: number) => `${Math.round(x).toLocaleString("en-US")}`;

/** A few sentences read off the rows (keyed by `StaleOracleRow.key`). */
export function finding(n: Record<string, StaleOracleNumbers>): string {
  const { healthy, frozenOpen, frozenGuarded, floorOpen, floorGuarded, bottomHealthy, bottomOpen, bottomGuarded } = n;
  return [
    `A feed frozen near 0.10 while the market fell ten-fold stopped liquidations with or without the guard ` +
      `(${frozenOpen.liquidationsAfterFailure} and ${frozenGuarded.liquidationsAfterFailure} from the freeze on, vs ` +
      `${healthy.liquidationsAfterFailure} with a healthy oracle). Without a staleness bound ` +
      `the exploiter drew ${money(frozenOpen.exploiterDebtDrawn)} USDC against it (lenders' loss ` +
      `${money(frozenOpen.lendersLoss)} vs ${money(healthy.lendersLoss)}); maxPriceAge cut the draw to ` +
      `${money(frozenGuarded.exploiterDebtDrawn)} and the loss to ${money(frozenGuarded.lendersLoss)}.`,
    `A feed clamped at its 0.10 floor stays fresh: maxPriceAge never fired (${floorOpen.staleBlocks} stale blocks) ` +
      `and the exploiter drew ${money(floorOpen.exploiterDebtDrawn)}; the floor guard made the clamped answers ` +
      `stale (${floorGuarded.staleBlocks} refused blocks), held the draw to ` +
      `${money(floorGuarded.exploiterDebtDrawn)} and the loss to ${money(floorGuarded.lendersLoss)} (vs ` +
      `${money(floorOpen.lendersLoss)}).`,
    `The cost: frozen at the bottom of a drop with liquidations still queued, the guard refused ` +
      `${bottomGuarded.liquidationsRefused} liquidation attempts (${bottomGuarded.liquidations} liquidations vs ` +
      `${bottomOpen.liquidations} without it and ${bottomHealthy.liquidations} with a healthy oracle), and the ` +
      `positions left open lost ${money(bottomGuarded.lossOnBook)} on the book after the next leg down (vs ` +
      `${money(bottomOpen.lossOnBook)} without the guard) — while without it the exploiter took ` +
      `${money(bottomOpen.lossToExploiter)}.`,
  ].join(" ");
}

export const staleOracle: ComparisonRunner = async (hre, options: ComparisonOptions = {}): Promise<Comparison> => {
  const results: Record<string, StaleOracleNumbers> = {};
  const rows: ComparisonRow[] = [];
  for (const row of ROWS) {
    const n = numbers(await runRow(hre, row, options.small));
    results[row.key] = n;
    rows.push({ label: row.label, values: { ...n } });
  }
  return {
    id: "stale-oracle",
    title: "Stale and frozen oracle feeds",
    presets: [`${FROZEN_PRESET}.json`, `${FLOOR_PRESET}.json`, `${BOTTOM_PRESET}.json`],
    command:
      "npx hardhat cascade --scenario risk/frozen-feed --set market.collateral.maxPriceAgeSeconds=604800 (rows: risk/frozen-feed, risk/floor-feed, risk/frozen-feed-bottom; oracle.failure.mode=none for a healthy oracle, oracle.floorGuard.enabled=true for the floor guard)",
    columns: [
      { key: "liquidations", header: "liquidations", unit: "" },
      { key: "liquidationsAfterFailure", header: "of which from the failure block on", unit: "" },
      { key: "liquidationsRefused", header: "liquidations refused (stale price)", unit: "" },
      { key: "exploiterDebtDrawn", header: "exploiter debt drawn", unit: "USDC" },
      { key: "exploiterCollateralAtMarket", header: "exploiter collateral at market", unit: "USDC" },
      { key: "exploiterProfit", header: "exploiter profit", unit: "USDC" },
      { key: "badDebt", header: "bad debt realized", unit: "USDC" },
      { key: "lendersLoss", header: "lenders' loss at market", unit: "USDC" },
      { key: "lossToExploiter", header: "of which to the exploiter", unit: "USDC" },
      { key: "lossOnBook", header: "of which on the borrowers' book", unit: "USDC" },
      { key: "staleBlocks", header: "blocks with actions refused", unit: "blocks" },
    ],
    rows,
    finding: finding(results),
  };
};
