/** The run's charts from its block records: prices, liquidations, bad debt, keeper gas, priority fees. */
import type { BlockRecord } from "../sim/metrics";
import { fromFixedUnits } from "../sim/wad";
import { barChart, lineChart } from "./svg";

export interface Chart {
  /** File name in the run directory. */
  file: string;
  title: string;
  svg: string;
}

export function runCharts(blocks: readonly BlockRecord[], debtDecimals: number, debtSymbol: string): Chart[] {
  const debt = (v: bigint) => fromFixedUnits(v, debtDecimals);
  const xLabel = "block";
  const charts: [string, string, (title: string) => string][] = [
    [
      "prices.svg",
      "Prices: exogenous, external, AMM, oracle",
      (title) =>
        lineChart(
          [
            { name: "exogenous", values: blocks.map((b) => b.exogenousPrice), color: "#999" },
            { name: "external", values: blocks.map((b) => b.externalPrice) },
            { name: "AMM", values: blocks.map((b) => b.ammPrice) },
            { name: "oracle", values: blocks.map((b) => b.oraclePrice) },
          ],
          { title, xLabel, yLabel: `${debtSymbol} per collateral` },
        ),
    ],
    [
      "liquidations.svg",
      "Liquidations per block",
      (title) =>
        barChart(
          blocks.map((b) => b.liquidations),
          { title, xLabel, yLabel: "count", name: "liquidations" },
        ),
    ],
    [
      "bad-debt.svg",
      "Bad debt (cumulative)",
      (title) =>
        lineChart([{ name: "bad debt", values: blocks.map((b) => debt(b.totalBadDebt)), color: "#d62728" }], {
          title,
          xLabel,
          yLabel: debtSymbol,
        }),
    ],
    [
      "gas.svg",
      "Keeper gas per block",
      (title) =>
        lineChart(
          [
            { name: "successful", values: blocks.map((b) => Number(b.keeperGasUsed)) },
            { name: "failed (wasted)", values: blocks.map((b) => Number(b.keeperGasFailed)) },
          ],
          { title, xLabel, yLabel: "gas" },
        ),
    ],
    [
      "fees.svg",
      "Keeper costs and profit per block",
      (title) =>
        lineChart(
          [
            { name: "gross profit", values: blocks.map((b) => debt(b.keeperGrossProfit)), color: "#2ca02c" },
            { name: "gas cost", values: blocks.map((b) => debt(b.keeperGasCost)) },
            { name: "priority fees", values: blocks.map((b) => debt(b.priorityFeesPaid)) },
          ],
          { title, xLabel, yLabel: debtSymbol },
        ),
    ],
  ];
  return charts.map(([file, title, draw]) => ({ file, title, svg: draw(title) }));
}
