/**
 * Circuit breaker, both faces: a flash crash on a spot oracle (the halt lets arbitrage restore the AMM before
 * liquidations resume) and a slow crash of the market itself (the halt only delays liquidations while positions
 * sink under water).
 */
import { OUTCOME_COLUMNS, outcomeValues, runVariant, totalLoss } from "./common";
import type { Comparison, ComparisonRow, ComparisonRunner } from "./types";

const FACES = [
  { preset: "risk/breaker-flash-crash", face: "flash crash, spot oracle" },
  { preset: "risk/breaker-slow-crash", face: "slow crash, external oracle" },
] as const;

export const circuitBreakerComparison: ComparisonRunner = async (hre, options = {}) => {
  const pins = {
    ...(options.small ? { borrowers: { count: 15 } } : {}),
    ...(options.keeperModel ? { keeperModel: options.keeperModel } : {}),
  };
  const small = Object.keys(pins).length ? pins : undefined;
  const rows: ComparisonRow[] = [];
  for (const { preset, face } of FACES) {
    for (const enabled of [false, true]) {
      const r = await runVariant(hre, preset, { riskControls: { circuitBreaker: { enabled } } }, small);
      rows.push({
        label: `${face}: ${enabled ? "with breaker" : "without"}`,
        values: {
          ...outcomeValues(r),
          tripped: r.summary.riskControls.breakerTrippedBlocks,
          firstLiquidation: r.summary.cascade.firstBlock,
        },
      });
    }
  }
  const [flashOff, flashOn, slowOff, slowOn] = rows.map((r) => r.values);
  const arrow = (a: number | string | null, b: number | string | null, digits = 0) =>
    `${Number(a).toLocaleString("en-US", { maximumFractionDigits: digits })} → ${Number(b).toLocaleString("en-US", { maximumFractionDigits: digits })}`;
  const finding =
    `Flash crash, with the breaker: liquidations ${arrow(flashOff.liquidations, flashOn.liquidations)}, bad debt ` +
    `${arrow(flashOff.badDebt, flashOn.badDebt)} USDC, AMM peak drawdown ${arrow(flashOff.ammDrawdownPct, flashOn.ammDrawdownPct, 1)}%. ` +
    `Slow crash, with the breaker: realized plus unrealized loss ${arrow(totalLoss(slowOff), totalLoss(slowOn))} USDC` +
    (totalLoss(slowOn) > totalLoss(slowOff)
      ? " — it hurts: the liquidations it holds back happen lower, or not at all."
      : " — it does not hurt here.");
  const comparison: Comparison = {
    id: "circuit-breaker",
    title: "Circuit breaker",
    presets: FACES.map((f) => f.preset),
    command:
      "npx hardhat cascade --scenario risk/breaker-flash-crash --set riskControls.circuitBreaker.enabled=false (and =true; same for risk/breaker-slow-crash)",
    columns: [
      ...OUTCOME_COLUMNS,
      { key: "tripped", header: "blocks tripped", unit: "" },
      { key: "firstLiquidation", header: "first liquidation", unit: "block" },
    ],
    rows,
    finding,
  };
  return comparison;
};
