/** Measures of the lenders' losses: bad debt written off, and positions still under water at the end. */
import { count } from "../../report/doc-format";
import type { Measure } from "./types";

export const LOSS_MEASURES: readonly Measure[] = [
  {
    name: "badDebt",
    unit: "debt base units",
    description: "Bad debt the market wrote off by the end of the run (cumulative, as blocks.csv's total_bad_debt).",
    compute: (r) => (r.blocks.length === 0 ? 0n : r.blocks[r.blocks.length - 1].totalBadDebt),
    column: { header: "total_bad_debt", rank: 130, get: (b) => b.totalBadDebt },
    console: { rank: 100, rows: ({ s, money }) => [["bad debt", money(s.badDebt)]] },
    report: {
      table: "losses",
      rank: 10,
      rows: ({ s, f }) => [["bad debt written off", f.debt(s.badDebt), "realized by the market"]],
    },
  },
  {
    name: "underwaterAtEnd",
    unit: "mixed (object)",
    description:
      "Open positions worth less than their debt at the last external price, and their shortfall (debt base units): bad debt not realized by the end.",
    compute: (r) => r.underwaterAtEnd,
    console: {
      rank: 110,
      rows: ({ s, money }) => [
        [
          "underwater at the end (unrealized)",
          `${count(s.underwaterAtEnd.positions, "positions")}, shortfall ${money(s.underwaterAtEnd.shortfall)} at the external price`,
        ],
      ],
    },
    report: {
      table: "losses",
      rank: 20,
      rows: ({ s, f }) => [
        [
          "under water at the end (unrealized)",
          `${count(s.underwaterAtEnd.positions)} positions, ${f.debt(s.underwaterAtEnd.shortfall)}`,
          "debt above collateral value at the last external price",
        ],
      ],
    },
  },
];
