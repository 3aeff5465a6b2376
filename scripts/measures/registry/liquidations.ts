/** Measures of the liquidations: the cascade's shape, counts, amounts, time to liquidation, per actor. */
import { count, fixed, pct } from "../../report/doc-format";
import { actorResults, cascadeShape, soldBelowExternalShare, sum, timeToLiquidation } from "./run-stats";
import type { Measure } from "./types";

export const LIQUIDATION_MEASURES: readonly Measure[] = [
  {
    name: "cascade",
    unit: "block index",
    description:
      "First and last block with a liquidation, their span in blocks, and the runs of consecutive such blocks.",
    compute: (r) => cascadeShape(r.blocks),
    console: {
      rank: 60,
      rows: ({ s }) => [
        [
          "cascade",
          s.cascade.firstBlock === null
            ? "none"
            : `blocks ${s.cascade.firstBlock}-${s.cascade.lastBlock} (${s.cascade.lengthBlocks} blocks, ${s.cascade.rounds} rounds)`,
        ],
      ],
    },
    report: {
      table: "liquidations",
      rank: 10,
      rows: ({ s }) => [
        [
          "cascade window",
          s.cascade.firstBlock === null ? "none" : `blocks ${s.cascade.firstBlock}–${s.cascade.lastBlock}`,
          `${count(s.cascade.lengthBlocks)} blocks, ${count(s.cascade.rounds)} rounds`,
        ],
      ],
    },
  },
  {
    name: "liquidations.count",
    unit: "count",
    description: "Liquidations (fixed-bonus liquidations and auction takes).",
    compute: (r) => r.blocks.reduce((a, b) => a + b.liquidations, 0),
    column: { header: "liquidations", rank: 70, get: (b) => b.liquidations },
    console: {
      rank: 70,
      rows: ({ s }) => [
        [
          "liquidations",
          `${count(s.liquidations.count)} (fixed bonus ${count(s.liquidations.fixedBonus)}, auction takes ` +
            `${count(s.liquidations.auctionTakes)}, kicks ${count(s.liquidations.auctionsKicked)})`,
        ],
      ],
    },
    report: {
      table: "liquidations",
      rank: 20,
      rows: ({ s }) => [
        [
          "liquidations",
          count(s.liquidations.count),
          `fixed bonus ${count(s.liquidations.fixedBonus)}, auction takes ${count(s.liquidations.auctionTakes)}, auctions kicked ${count(s.liquidations.auctionsKicked)}`,
        ],
      ],
    },
  },
  {
    name: "liquidations.fixedBonus",
    unit: "count",
    description: "Fixed-bonus liquidations.",
    compute: (r) => r.liquidations.filter((l) => l.kind === "fixed-bonus").length,
  },
  {
    name: "liquidations.auctionTakes",
    unit: "count",
    description: "Auction takes.",
    compute: (r) => r.liquidations.filter((l) => l.kind === "auction-take").length,
    column: { header: "auctions_taken", rank: 90, get: (b) => b.auctionsTaken },
  },
  {
    name: "liquidations.auctionsKicked",
    unit: "count",
    description: "Auctions started.",
    compute: (r) => r.blocks.reduce((a, b) => a + b.auctionsKicked, 0),
    column: { header: "auctions_kicked", rank: 80, get: (b) => b.auctionsKicked },
  },
  {
    name: "liquidations.debtRepaid",
    unit: "debt base units",
    description: "Debt repaid by liquidations.",
    compute: (r) => sum(r.blocks.map((b) => b.debtRepaid)),
    column: { header: "debt_repaid", rank: 120, get: (b) => b.debtRepaid },
    console: { rank: 80, rows: ({ s, money }) => [["debt repaid", money(s.liquidations.debtRepaid)]] },
    report: {
      table: "liquidations",
      rank: 30,
      rows: ({ s, f }) => [["debt repaid", f.debt(s.liquidations.debtRepaid)]],
    },
  },
  {
    name: "liquidations.collateralSeized",
    unit: "collateral base units",
    description: "Collateral seized from borrowers.",
    compute: (r) => sum(r.blocks.map((b) => b.collateralSeized)),
    column: { header: "collateral_seized", rank: 100, get: (b) => b.collateralSeized },
    report: {
      table: "liquidations",
      rank: 40,
      rows: ({ s, f }) => [
        [
          "collateral seized / sold",
          `${f.coll(s.liquidations.collateralSeized)} / ${f.coll(s.liquidations.collateralSold)}`,
        ],
      ],
    },
  },
  {
    name: "liquidations.collateralSold",
    unit: "collateral base units",
    description: "Seized collateral liquidators sold (AMM or external market).",
    compute: (r) => sum(r.blocks.map((b) => b.collateralSold)),
    column: { header: "collateral_sold", rank: 110, get: (b) => b.collateralSold },
  },
  {
    name: "liquidations.soldBelowExternalShare",
    unit: "ratio",
    description: "Share of sold collateral (by amount) sold below the external price of its block; null if none sold.",
    compute: (r) => soldBelowExternalShare(r.liquidations),
    console: {
      rank: 90,
      rows: ({ s, pct: p }) => [["sold below external price", p(s.liquidations.soldBelowExternalShare)]],
    },
    report: {
      table: "liquidations",
      rank: 50,
      rows: ({ s }) => [
        [
          "sold below the external price",
          pct(s.liquidations.soldBelowExternalShare, 1),
          "share of the sold collateral, by amount",
        ],
      ],
    },
  },
];

export const TIME_TO_LIQUIDATION: Measure = {
  name: "timeToLiquidation",
  unit: "blocks",
  description:
    "Blocks from first liquidatable to first liquidated (mean, median, max) and positions liquidated / never liquidated.",
  compute: (r) => timeToLiquidation(r.timings),
  console: {
    rank: 170,
    rows: ({ s }) => {
      const t = s.timeToLiquidation;
      return [
        [
          "time to liquidation mean / max",
          `${fixed(t.meanBlocks, 1)} / ${count(t.maxBlocks)} blocks from liquidatable ` +
            `to liquidated; ${count(t.neverLiquidated)} of ` +
            `${count(t.liquidated + t.neverLiquidated)} positions that became ` +
            `liquidatable were never liquidated`,
        ],
      ];
    },
  },
  report: {
    table: "liquidations",
    rank: 60,
    rows: ({ s }) => {
      const tl = s.timeToLiquidation;
      return [
        [
          "time to liquidation mean / median / max",
          `${tl.meanBlocks === null ? "–" : tl.meanBlocks.toFixed(1)} / ${tl.medianBlocks ?? "–"} / ${tl.maxBlocks ?? "–"} blocks`,
          "from first liquidatable to first liquidated",
        ],
        [
          "liquidatable but never liquidated",
          count(tl.neverLiquidated),
          "positions that fell below health 1 and were still open at the end",
        ],
      ];
    },
  },
};

export const ACTORS: Measure = {
  name: "actors",
  unit: "mixed (object)",
  description: "Per actor that liquidated (keepers, the attacker): liquidations, amounts, gross profit, gas, unsold.",
  compute: (r) => actorResults(r.liquidations),
};
