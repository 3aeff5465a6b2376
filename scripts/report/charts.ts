/**
 * The run's charts, from its files (RunData): prices (log axis when they span a decade), liquidations, bad debt,
 * positions per health bucket, oracle error, keeper cash flows and gas, risk parameters; the gas-war bids when the
 * run has them. Each is a Vega-Lite spec (specs.ts) rendered to SVG in Node, annotated with the shock, the cascade
 * window and the breaker-tripped blocks.
 */
import type { TopLevelSpec } from "vega-lite";
import { HEALTH_BUCKET_LABELS } from "../sim/metrics";
import { num, units, type Row, type RunData } from "./run-data";
import { panelsSpec, scatterLinesSpec, seriesSpec, spans, spansDecades, type Annotations, type Point } from "./specs";
import { vegaLiteSvg } from "./vl-svg";
import { systemSpecs } from "./system-section";

export interface Chart {
  /** File name in the run directory (empty: drawn in report.html only). */
  file: string;
  title: string;
  spec: TopLevelSpec;
  svg: string;
  /** Drawn in a section of report.html instead of the Charts section ("system": Markets and the system). */
  section?: "system";
}

/** A one-block fall of the exogenous price at least this large (fraction) is marked as the shock. */
export const SHOCK_MARK_MIN_FALL = 0.02;

/** The shock block (largest one-block exogenous fall, if ≥ SHOCK_MARK_MIN_FALL), cascade window, breaker bands. */
export function annotations(run: RunData): Annotations {
  const b = run.blocks;
  let shockBlock: number | null = null;
  let worst = SHOCK_MARK_MIN_FALL;
  for (let i = 1; i < b.length; i++) {
    const prev = num(b[i - 1].exogenous_price);
    const fall = prev > 0 ? (prev - num(b[i].exogenous_price)) / prev : 0;
    if (fall >= worst) {
      worst = fall;
      shockBlock = num(b[i].block);
    }
  }
  const c = run.summary.cascade;
  return {
    shockBlock,
    cascade: c.firstBlock === null || c.lastBlock === null ? null : { first: c.firstBlock, last: c.lastBlock },
    breaker: spans(
      b.map((r) => num(r.block)),
      b.map((r) => r.breaker_tripped === 1),
    ),
  };
}

/** Long-format points of block columns (`[series name, value of a row]`). */
export function blockPoints(run: RunData, series: readonly (readonly [string, (r: Row) => number | null])[]) {
  const out: Point[] = [];
  for (const [name, get] of series) for (const r of run.blocks) out.push({ x: num(r.block), y: get(r), series: name });
  return out;
}

/** Running sum of a per-block column, in tokens. */
function cumulative(run: RunData, column: string, decimals: number): (r: RunData["blocks"][number]) => number {
  const sums = new Map<unknown, number>();
  let acc = 0;
  for (const r of run.blocks) {
    acc += units(r[column], decimals);
    sums.set(r, acc);
  }
  return (r) => sums.get(r) ?? 0;
}

export const BUCKET_COLORS = ["#c0392b", "#e67e22", "#f1c40f", "#a3c86d"] as const;

export function runSpecs(run: RunData): { file: string; title: string; spec: TopLevelSpec; section?: "system" }[] {
  const a = annotations(run);
  const debt = run.scenario.tokens.debt;
  const coll = run.scenario.tokens.collateral;
  const perColl = `${debt.symbol} per ${coll.symbol}`;
  const price = (col: string) => (r: RunData["blocks"][number]) => (r[col] === null ? null : num(r[col]));
  const priceSeries: [string, (r: RunData["blocks"][number]) => number | null][] = [
    ["exogenous", price("exogenous_price")],
    ["external", price("external_price")],
    ["AMM", price("amm_price")],
    ["oracle", price("oracle_price")],
  ];
  const pricePoints = blockPoints(run, priceSeries);
  const log = spansDecades(pricePoints.map((p) => p.y));
  const specs: { file: string; title: string; spec: TopLevelSpec }[] = [];
  const add = (file: string, title: string, spec: TopLevelSpec) => specs.push({ file, title, spec });

  add(
    "prices.svg",
    "Prices",
    seriesSpec(pricePoints, {
      title: `Prices: exogenous path, external market, AMM, oracle${log ? " (log scale)" : ""}`,
      yTitle: perColl,
      series: ["exogenous", "external", "AMM", "oracle"],
      colors: ["#9a9a9a", "#4e79a7", "#e15759", "#59a14f"],
      dashed: ["exogenous"],
      log,
      annotations: a,
    }),
  );
  const kicked = run.blocks.some((r) => num(r.auctions_kicked) > 0);
  add(
    "liquidations.svg",
    "Liquidations per block",
    seriesSpec(
      blockPoints(
        run,
        (
          [
            ["liquidations", (r: Row) => num(r.liquidations)],
            ["auctions kicked", (r: Row) => num(r.auctions_kicked)],
          ] as const
        ).slice(0, kicked ? 2 : 1),
      ),
      {
        title: "Liquidations per block",
        yTitle: "count",
        series: kicked ? ["liquidations", "auctions kicked"] : ["liquidations"],
        colors: ["#4e79a7", "#b07aa1"],
        bars: true,
        annotations: a,
      },
    ),
  );
  add(
    "bad-debt.svg",
    "Bad debt (cumulative)",
    seriesSpec(blockPoints(run, [["bad debt", (r) => units(r.total_bad_debt, debt.decimals)]]), {
      title: "Bad debt written off (cumulative)",
      yTitle: debt.symbol,
      series: ["bad debt"],
      colors: ["#e15759"],
      annotations: a,
    }),
  );
  const buckets = HEALTH_BUCKET_LABELS.map((l) => `at_risk_${l.replace("<", "_lt_")}`);
  add(
    "health.svg",
    "Open positions by health factor",
    seriesSpec(
      blockPoints(
        run,
        HEALTH_BUCKET_LABELS.map((l, i) => [l.replace("hf<", "health < "), (r) => num(r[buckets[i]])] as const),
      ),
      {
        title: "Open positions by health factor (liquidatable below 1.00)",
        yTitle: "positions",
        series: HEALTH_BUCKET_LABELS.map((l) => l.replace("hf<", "health < ")),
        colors: [...BUCKET_COLORS],
        stacked: true,
        annotations: a,
      },
    ),
  );
  add(
    "oracle-error.svg",
    "Oracle error",
    seriesSpec(
      blockPoints(run, [
        [
          "|oracle − external| ÷ external",
          (r) => {
            const ext = num(r.external_price);
            return ext > 0 ? (100 * Math.abs(num(r.oracle_price) - ext)) / ext : null;
          },
        ],
      ]),
      {
        title: "Oracle error: how far the price the market reads is from the external price",
        yTitle: "percent",
        series: ["|oracle − external| ÷ external"],
        colors: ["#59a14f"],
        annotations: a,
      },
    ),
  );
  const gross = cumulative(run, "keeper_gross_profit", debt.decimals);
  const gasCost = cumulative(run, "keeper_gas_cost", debt.decimals);
  const fees = cumulative(run, "priority_fees_paid", debt.decimals);
  add(
    "fees.svg",
    "Keeper cash flows (cumulative)",
    panelsSpec("Keepers' cumulative cash flows (each panel on its own scale)", [
      {
        points: blockPoints(run, [["realized gross profit", gross]]),
        options: {
          title: "Realized gross profit",
          yTitle: debt.symbol,
          series: ["realized gross profit"],
          colors: ["#59a14f"],
          annotations: a,
        },
      },
      {
        points: blockPoints(run, [
          ["gas cost (incl. priority fees)", gasCost],
          ["priority fees", fees],
        ]),
        options: {
          title: "Gas cost and the priority fees in it",
          yTitle: debt.symbol,
          series: ["gas cost (incl. priority fees)", "priority fees"],
          colors: ["#f28e2b", "#b07aa1"],
          annotations: a,
        },
      },
    ]),
  );
  add(
    "gas.svg",
    "Keeper gas per block",
    seriesSpec(
      blockPoints(run, [
        ["successful transactions", (r) => num(r.keeper_gas_used)],
        ["failed (reverted) transactions", (r) => num(r.keeper_gas_failed)],
      ]),
      {
        title: "Keeper gas per block: successful vs failed transactions",
        yTitle: "gas",
        series: ["successful transactions", "failed (reverted) transactions"],
        colors: ["#4e79a7", "#e15759"],
        stacked: true,
        annotations: a,
      },
    ),
  );
  const moving = (col: string) => new Set(run.blocks.map((r) => r[col]).filter((v) => v !== null)).size > 1;
  if (moving("liquidation_threshold") || moving("ltv")) {
    add(
      "risk-params.svg",
      "Risk parameters",
      seriesSpec(
        blockPoints(run, [
          ["liquidation threshold", price("liquidation_threshold")],
          ["loan-to-value", price("ltv")],
        ]),
        {
          title: "Risk parameters in force (dynamic controller)",
          yTitle: "ratio",
          series: ["liquidation threshold", "loan-to-value"],
          colors: ["#4e79a7", "#f28e2b"],
          annotations: a,
        },
      ),
    );
  }
  if (run.bids && run.bids.length) add("", "Gas-war bids", bidsSpec(run));
  return [...specs, ...systemSpecs(run)];
}

/** Every bid and raise in order, per keeper, shaped by outcome (gwei). */
export function bidsSpec(run: RunData): TopLevelSpec {
  const bids = run.bids ?? [];
  const keepers = [...new Set(bids.map((b) => String(b.keeper)))];
  const outcomes = [...new Set(bids.map((b) => String(b.outcome)))].sort();
  const rounds = Math.max(1, ...bids.map((b) => num(b.round) + 1));
  return scatterLinesSpec(
    bids.map((b) => ({
      x: num(b.block) + num(b.round) / rounds,
      y: num(b.priority_fee_gwei),
      series: String(b.keeper),
      shape: String(b.outcome),
    })),
    {
      title: "Priority-fee bids: each keeper's bids and raises by block and bidding round",
      xTitle: "block (+ round ÷ rounds)",
      yTitle: "priority fee (gwei)",
      series: keepers,
      shapes: outcomes,
      yFormat: ",.3~g",
      xFormat: "d",
    },
  );
}

export function runCharts(run: RunData): Chart[] {
  return runSpecs(run).map((c) => ({ ...c, svg: vegaLiteSvg(c.spec) }));
}
