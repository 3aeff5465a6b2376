/**
 * Oracle manipulation (issue 8): the same attacker against the same book on three oracles — the AMM's live spot,
 * its TWAP, and the median of (external, AMM spot, AMM TWAP) — in one flash transaction and over many blocks with
 * its own capital. Rows are measured runs of `scenarios/risk/oracle-attack.json`; the attack cost estimate is the
 * off-chain curve math of `scripts/sim/attack-cost.ts` for that oracle.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { loadPreset, presetFile, runOnSnapshot, headline, type ScenarioPatch } from "../presets";
import type { RunResult } from "../engine";
import type { Comparison, ComparisonOptions, ComparisonRow, ComparisonRunner } from "./types";
import * as path from "node:path";

export const PRESET = "risk/oracle-attack";

const ORACLES = [
  { source: "amm-spot-live", label: () => "AMM spot (live)" },
  { source: "amm-twap", label: (windowSeconds: number) => `AMM TWAP ${windowSeconds / 60} min` },
  { source: "median", label: () => "median (external, spot, TWAP)" },
] as const;

/** Multi-block attacker's own capital (debt tokens of collateral): enough to hold the spot down for the window. */
const MULTI_BLOCK_CAPITAL = 20_000_000;

/** Patches of one row; `small` shrinks the book and the TWAP window (same direction of every effect). */
export function rowPatch(source: string, mode: "flash" | "multi-block", small = false): ScenarioPatch {
  const patch: ScenarioPatch = {
    oracle: { source, ...(small ? { twapWindowSeconds: 240 } : {}) },
    attack: { mode, ...(mode === "multi-block" ? { capital: MULTI_BLOCK_CAPITAL } : {}) },
  };
  if (small) {
    patch.borrowers = { count: 15 };
    patch.blocks = 45;
    (patch.attack as Record<string, unknown>).maxHoldBlocks = 35;
  }
  return patch;
}

export async function runRow(
  hre: HardhatRuntimeEnvironment,
  source: string,
  mode: "flash" | "multi-block",
  small = false,
): Promise<RunResult> {
  const s = loadPreset(PRESET, rowPatch(source, mode, small));
  return runOnSnapshot(hre, s, path.dirname(presetFile(PRESET)));
}

const round = (x: number) => Math.round(x);

export const oracleManipulation: ComparisonRunner = async (hre, options: ComparisonOptions = {}) => {
  const rows: ComparisonRow[] = [];
  const results: { oracle: string; mode: string; r: RunResult }[] = [];
  for (const mode of ["flash", "multi-block"] as const) {
    for (const o of ORACLES) {
      const r = await runRow(hre, o.source, mode, options.small);
      results.push({ oracle: o.source, mode, r });
      const a = r.attack!;
      const h = headline(r);
      const cost = a.costEstimate;
      rows.push({
        label: `${o.label(r.scenario.oracle.twapWindowSeconds)}, ${mode}`,
        values: {
          oracle: o.source,
          mode,
          netProfit: round(a.netProfit),
          grossProfit: round(a.grossProfit),
          costs: round(a.swapFees + a.priceImpact + a.gasCost),
          attackerLiquidated: a.positionsLiquidated,
          liquidations: h.liquidations,
          badDebt: round(h.badDebt),
          requiredDropPct: a.requiredDropPct === null ? null : Math.round(a.requiredDropPct * 10) / 10,
          costEstimate: cost && cost.feasible ? round(cost.total) : null,
          holdBlocks: cost ? cost.blocks : null,
          heldBlocks: a.heldBlocks,
          prizeEstimate: round(a.prizeEstimate),
          outcome: a.reverted
            ? `reverted ${a.revertReason?.split("(")[0] ?? ""}` +
              (a.revertedProfit !== null ? ` (would lose ${Math.round(-a.revertedProfit)} USDC)` : "")
            : a.positionsLiquidated
              ? "liquidated"
              : "nothing",
        },
      });
    }
  }
  return {
    id: "oracle-manipulation",
    title: "Oracle manipulation",
    presets: [`${PRESET}.json`],
    command:
      "npx hardhat cascade --scenario risk/oracle-attack --set oracle.source=amm-twap,attack.mode=flash (rows: oracle.source amm-spot-live / amm-twap / median × attack.mode flash / multi-block, multi-block with attack.capital=20000000)",
    columns: [
      { key: "netProfit", header: "attacker net profit", unit: "USDC" },
      { key: "grossProfit", header: "gross (seized − repaid)", unit: "USDC" },
      { key: "costs", header: "fees + price impact + gas", unit: "USDC" },
      { key: "attackerLiquidated", header: "positions liquidated by attacker", unit: "" },
      { key: "liquidations", header: "all liquidations", unit: "" },
      { key: "badDebt", header: "bad debt", unit: "USDC" },
      { key: "requiredDropPct", header: "oracle drop needed", unit: "%", digits: 1 },
      { key: "costEstimate", header: "attack cost estimate", unit: "USDC" },
      { key: "holdBlocks", header: "blocks to hold (estimate)", unit: "blocks" },
      { key: "heldBlocks", header: "blocks held (multi-block)", unit: "blocks" },
      { key: "prizeEstimate", header: "prize estimate", unit: "USDC" },
      { key: "outcome", header: "outcome", unit: "" },
    ],
    rows,
    finding: finding(results),
  } satisfies Comparison;
};

function finding(results: { oracle: string; mode: string; r: RunResult }[]): string {
  const get = (oracle: string, mode: string) => results.find((x) => x.oracle === oracle && x.mode === mode)!.r.attack!;
  const usd = (x: number) => `${Math.round(x).toLocaleString("en-US")} USDC`;
  const spot = get("amm-spot-live", "flash");
  const parts: string[] = [];
  parts.push(
    spot.netProfit > 0
      ? `On the live AMM spot oracle one flash transaction liquidates ${spot.positionsLiquidated} positions and nets ` +
          `${usd(spot.netProfit)} (the move costs about ${usd(spot.costEstimate?.total ?? 0)}).`
      : `On the live AMM spot oracle the flash attack did not pay (net ${usd(spot.netProfit)}).`,
  );
  const failed = ["amm-twap", "median"].filter((o) => {
    const a = get(o, "flash");
    return a.positionsLiquidated === 0 && a.netProfit <= 0;
  });
  if (failed.length) {
    parts.push(
      `Against ${failed.map((o) => (o === "amm-twap" ? "the TWAP" : "the median")).join(" and ")} the same ` +
        `transaction liquidates nothing and reverts with ${get(failed[0], "flash").revertReason?.split("(")[0]} ` +
        `(it would lose ${usd(-(get(failed[0], "flash").revertedProfit ?? 0))} in fees; the attacker pays only gas): ` +
        `the lagged oracle does not move inside one transaction.`,
    );
  }
  const twap = get("amm-twap", "multi-block");
  parts.push(
    `Holding the spot down for the TWAP over ${twap.heldBlocks} blocks ` +
      (twap.netProfit < 0
        ? `costs more than it earns: gross ${usd(twap.grossProfit)}, net ${usd(twap.netProfit)} ` +
          `(estimated cost ${usd(twap.costEstimate?.total ?? 0)}, mostly value handed to arbitrageurs each block).`
        : `pays: gross ${usd(twap.grossProfit)}, net ${usd(twap.netProfit)}.`),
  );
  return parts.join(" ");
}
