/** Measures of the market's move: the exogenous shock, the AMM's drawdowns, amplification, oracle error. */
import { peakDrawdown } from "../../sim/paths";
import { SETTLED_GAP_BPS, settledMeasures } from "../settled";
import { fixed, pct, times } from "../../report/doc-format";
import { oracleErrorStats } from "./run-stats";
import type { Measure, Records } from "./types";

const shock = (r: Records) => r.once("exogenousShock", () => peakDrawdown(r.blocks.map((b) => b.exogenousPrice)));
const ammPeak = (r: Records) => r.once("ammPeakDrawdown", () => peakDrawdown(r.blocks.map((b) => b.ammPrice)));
const settled = (r: Records) => r.once("settled", () => settledMeasures(r.blocks, SETTLED_GAP_BPS));

export const MARKET_MEASURES: readonly Measure[] = [
  {
    name: "blocks",
    unit: "blocks",
    description: "Blocks simulated.",
    compute: (r) => r.blocks.length,
  },
  {
    name: "amplification",
    unit: "ratio",
    description: "AMM peak drawdown ÷ exogenous shock; null when the exogenous path never falls.",
    compute: (r) => (shock(r) > 0 ? ammPeak(r) / shock(r) : null),
    console: {
      rank: 40,
      rows: ({ s, pct: p }) => [
        [
          "amplification peak / settled",
          s.amplification === null
            ? "n/a (no shock)"
            : `${times(s.amplification)} / ${times(s.amplificationSettled)} (AMM settled drawdown ${p(s.ammSettledDrawdown)} at block ${s.settledBlock})`,
        ],
      ],
    },
    report: {
      table: "market",
      rank: 50,
      rows: ({ s }) => [
        [
          "amplification, peak / settled",
          `${times(s.amplification)} / ${times(s.amplificationSettled)}`,
          "AMM drawdown ÷ exogenous shock",
        ],
      ],
    },
  },
  {
    name: "amplificationSettled",
    unit: "ratio",
    description: "AMM settled drawdown ÷ exogenous shock (a wick cannot dominate it); null when the path never falls.",
    compute: (r) => (shock(r) > 0 ? settled(r).ammSettledDrawdown / shock(r) : null),
  },
  {
    name: "exogenousShock",
    unit: "ratio",
    description: "Largest peak-to-trough fall of the exogenous price path.",
    compute: shock,
    column: { header: "exogenous_price", rank: 30, get: (b) => b.exogenousPrice },
    console: { rank: 20, rows: ({ s, pct: p }) => [["exogenous shock", p(s.exogenousShock)]] },
    report: {
      table: "market",
      rank: 10,
      rows: ({ s }) => [["exogenous shock", pct(s.exogenousShock, 1), "largest fall of the exogenous price path"]],
    },
  },
  {
    name: "ammPeakDrawdown",
    unit: "ratio",
    description: "Deepest AMM price below its first price.",
    compute: ammPeak,
    column: { header: "amm_price", rank: 50, get: (b) => b.ammPrice },
    console: { rank: 30, rows: ({ s, pct: p }) => [["AMM peak drawdown", p(s.ammPeakDrawdown)]] },
    report: {
      table: "market",
      rank: 20,
      rows: ({ s }) => [["AMM peak drawdown", pct(s.ammPeakDrawdown, 1), "deepest AMM price below its start"]],
    },
  },
  {
    name: "ammSettledDrawdown",
    unit: "ratio",
    description: "AMM drawdown once arbitrage has closed the gap after the cascade (scripts/measures/settled.ts).",
    compute: (r) => settled(r).ammSettledDrawdown,
    report: {
      table: "market",
      rank: 30,
      rows: ({ s }) => [
        [
          "AMM settled drawdown",
          pct(s.ammSettledDrawdown, 1),
          `after arbitrage closed the gap (block ${s.settledBlock ?? "–"})`,
        ],
      ],
    },
  },
  {
    name: "ammTimeWeightedDrawdown",
    unit: "ratio",
    description: "Mean AMM drawdown over the cascade window.",
    compute: (r) => settled(r).ammTimeWeightedDrawdown,
    report: {
      table: "market",
      rank: 40,
      rows: ({ s }) => [
        ["AMM time-weighted drawdown", pct(s.ammTimeWeightedDrawdown, 1), "mean over the cascade window"],
      ],
    },
  },
  {
    name: "settledBlock",
    unit: "block index",
    description: "Block whose AMM price `ammSettledDrawdown` takes (null without blocks).",
    compute: (r) => settled(r).settledBlock,
  },
  {
    name: "externalPeakDrawdown",
    unit: "ratio",
    description: "Deepest external-market price below its first price.",
    compute: (r) => peakDrawdown(r.blocks.map((b) => b.externalPrice)),
    column: { header: "external_price", rank: 40, get: (b) => b.externalPrice },
    report: {
      table: "market",
      rank: 60,
      rows: ({ s }) => [
        ["external / oracle peak drawdown", `${pct(s.externalPeakDrawdown, 1)} / ${pct(s.oraclePeakDrawdown, 1)}`],
      ],
    },
  },
  {
    name: "oraclePeakDrawdown",
    unit: "ratio",
    description: "Deepest oracle answer below its first answer.",
    compute: (r) => peakDrawdown(r.blocks.map((b) => b.oraclePrice)),
    column: { header: "oracle_price", rank: 60, get: (b) => b.oraclePrice },
  },
];

/** Oracle error, after the keepers' measures in summary.json. */
export const ORACLE_ERROR: Measure = {
  name: "oracleError",
  unit: "percent",
  description: "|oracle − external| ÷ external per block: mean, max and root mean square, in percent.",
  compute: (r) => oracleErrorStats(r.blocks),
  console: {
    rank: 160,
    rows: ({ s }) => [
      ["oracle error mean / max", `${fixed(s.oracleError.meanAbsPct)}% / ${fixed(s.oracleError.maxAbsPct)}%`],
    ],
  },
  report: {
    table: "market",
    rank: 70,
    rows: ({ s }) => [
      [
        "oracle error mean / max / rms",
        `${s.oracleError.meanAbsPct.toFixed(2)}% / ${s.oracleError.maxAbsPct.toFixed(2)}% / ${s.oracleError.rmsPct.toFixed(2)}%`,
        "|oracle − external| ÷ external per block",
      ],
    ],
  },
};
