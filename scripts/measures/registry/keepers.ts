/** Measures of the keepers, all together: realized profit, gas, priority fees, unsold inventory. */
import { count, pct, tokens } from "../../report/doc-format";
import { ratio } from "../../sim/wad";
import { sum, unsoldInventory } from "./run-stats";
import type { Measure, Records } from "./types";

const gross = (r: Records) => r.once("keeperGross", () => sum(r.blocks.map((b) => b.keeperGrossProfit)));
const gasCost = (r: Records) => r.once("keeperGasCost", () => sum(r.blocks.map((b) => b.keeperGasCost)));
const fees = (r: Records) => r.once("priorityFees", () => sum(r.blocks.map((b) => b.priorityFeesPaid)));

export const KEEPER_MEASURES: readonly Measure[] = [
  {
    name: "keepers.grossProfit",
    unit: "debt base units",
    description: "Keepers' realized cash flow: Σ sale proceeds + auction incentives − Σ debt repaid.",
    compute: gross,
    column: { header: "keeper_gross_profit", rank: 180, get: (b) => b.keeperGrossProfit },
    console: {
      rank: 120,
      rows: ({ s, money }) => [
        ["keeper gross / net profit (realized)", `${money(s.keepers.grossProfit)} / ${money(s.keepers.netProfit)}`],
      ],
    },
    report: {
      table: "keepers",
      rank: 10,
      rows: ({ s, f }) => [
        ["realized gross profit", f.debt(s.keepers.grossProfit), "sale proceeds + auction incentives − debt repaid"],
      ],
    },
  },
  {
    name: "keepers.gasCost",
    unit: "debt base units",
    description: "Keepers' gas cost, successful and failed transactions, priority fees included.",
    compute: gasCost,
    column: { header: "keeper_gas_cost", rank: 160, get: (b) => b.keeperGasCost },
    report: {
      table: "keepers",
      rank: 20,
      rows: ({ s, f }) => [["gas cost (incl. priority fees)", f.debt(s.keepers.gasCost)]],
    },
  },
  {
    name: "keepers.netProfit",
    unit: "debt base units",
    description: "grossProfit − gasCost (unsold inventory not included).",
    compute: (r) => gross(r) - gasCost(r),
    report: {
      table: "keepers",
      rank: 30,
      rows: ({ s, f }) => [["net profit", f.debt(s.keepers.netProfit), "unsold collateral not included"]],
    },
  },
  {
    name: "keepers.unsold",
    unit: "mixed (object)",
    description:
      "Collateral keepers seized and had not sold at the end (collateral base units), and its value at the last external and AMM prices (debt base units).",
    compute: (r) =>
      unsoldInventory(r.liquidations, r.blocks[r.blocks.length - 1], r.decimals.collateral, r.decimals.debt),
    console: {
      rank: 130,
      rows: ({ r, s, money }) => {
        const c = r.scenario.tokens.collateral;
        return [
          [
            "keeper unsold collateral",
            `${tokens(s.keepers.unsold.collateral, c.decimals, c.symbol, 4)}, worth ${money(s.keepers.unsold.atExternal)} external / ` +
              `${money(s.keepers.unsold.atAmm)} AMM`,
          ],
        ];
      },
    },
    report: {
      table: "keepers",
      rank: 60,
      rows: ({ s, f }) => [
        [
          "unsold collateral at the end",
          f.coll(s.keepers.unsold.collateral),
          `worth ${f.debt(s.keepers.unsold.atExternal)} external / ${f.debt(s.keepers.unsold.atAmm)} AMM`,
        ],
      ],
    },
  },
  {
    name: "keepers.priorityFees",
    unit: "debt base units",
    description: "Part of the keepers' gas cost paid as priority fees.",
    compute: fees,
    column: { header: "priority_fees_paid", rank: 170, get: (b) => b.priorityFeesPaid },
    console: {
      rank: 150,
      rows: ({ s, money, pct: p }) => [
        ["priority fees (share of profit)", `${money(s.keepers.priorityFees)} (${p(s.keepers.feeShareOfProfit)})`],
      ],
    },
    report: {
      table: "keepers",
      rank: 40,
      rows: ({ s, f }) => [
        ["priority fees", `${f.debt(s.keepers.priorityFees)} (${pct(s.keepers.feeShareOfProfit, 1)} of gross profit)`],
      ],
    },
  },
  {
    name: "keepers.gasUsed",
    unit: "gas",
    description: "Gas used by keepers' successful transactions.",
    compute: (r) => sum(r.blocks.map((b) => b.keeperGasUsed)),
    column: { header: "keeper_gas_used", rank: 140, get: (b) => b.keeperGasUsed },
    console: {
      rank: 140,
      rows: ({ r, s }) => [
        [
          "keeper gas in successful / failed txs",
          `${count(s.keepers.gasUsed, "gas")} / ${count(s.keepers.gasWasted, "gas")} ` +
            `(${count(r.droppedKeeperTxs, "txs")} dropped unmined)`,
        ],
      ],
    },
    report: {
      table: "keepers",
      rank: 50,
      rows: ({ s }) => [
        [
          "gas: successful / failed transactions",
          `${count(s.keepers.gasUsed)} / ${count(s.keepers.gasWasted)} gas`,
          "failed = reverted, paid for nothing",
        ],
      ],
    },
  },
  {
    name: "keepers.gasWasted",
    unit: "gas",
    description: "Gas used by keepers' failed (reverted) transactions.",
    compute: (r) => sum(r.blocks.map((b) => b.keeperGasFailed)),
    column: { header: "keeper_gas_failed", rank: 150, get: (b) => b.keeperGasFailed },
  },
  {
    name: "keepers.feeShareOfProfit",
    unit: "ratio",
    description: "Priority fees ÷ gross profit; null when gross profit ≤ 0.",
    compute: (r) => (gross(r) > 0n ? ratio(fees(r), gross(r)) : null),
  },
];
