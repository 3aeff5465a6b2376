/**
 * Dynamic collateral requirements against static ones on the same volatility regime shift: losses and liquidations
 * on one side, the borrowing given up (ltv in force) on the other.
 */
import { OUTCOME_COLUMNS, outcomeValues, runVariant, totalLoss } from "./common";
import type { Comparison, ComparisonRow, ComparisonRunner } from "./types";

const PRESET = "risk/dynamic-risk";

export const dynamicRiskComparison: ComparisonRunner = async (hre, options = {}) => {
  const small = options.small ? { borrowers: { count: 20 } } : undefined;
  const rows: ComparisonRow[] = [];
  for (const enabled of [false, true]) {
    const r = await runVariant(hre, PRESET, { riskControls: { dynamicRisk: { enabled } } }, small);
    const last = r.blocks[r.blocks.length - 1];
    rows.push({
      label: enabled ? "dynamic ltv / threshold" : "static",
      values: {
        ...outcomeValues(r),
        minThreshold: r.summary.riskControls.minLiquidationThreshold,
        ltvAtEnd: last?.ltv ?? null,
      },
    });
  }
  const [off, on] = rows.map((r) => r.values);
  const pct = (x: number | string | null) => `${(100 * Number(x)).toFixed(1)}%`;
  const lossOff = totalLoss(off);
  const lossOn = totalLoss(on);
  const finding =
    `Realized plus unrealized loss ${Math.round(lossOff).toLocaleString("en-US")} → ` +
    `${Math.round(lossOn).toLocaleString("en-US")} USDC and liquidations ${off.liquidations} → ${on.liquidations} ` +
    `with dynamic parameters; the price: ltv for new borrowing ${pct(off.ltvAtEnd)} → ${pct(on.ltvAtEnd)} at the end ` +
    `(the lowest liquidation threshold in force: ${pct(on.minThreshold)}).`;
  const comparison: Comparison = {
    id: "dynamic-risk",
    title: "Dynamic collateral requirements",
    presets: [PRESET],
    command:
      "npx hardhat cascade --scenario risk/dynamic-risk --set riskControls.dynamicRisk.enabled=false (and =true)",
    columns: [
      ...OUTCOME_COLUMNS,
      { key: "minThreshold", header: "lowest threshold", unit: "ratio", digits: 3 },
      { key: "ltvAtEnd", header: "ltv at end", unit: "ratio", digits: 3 },
    ],
    rows,
    finding,
  };
  return comparison;
};
