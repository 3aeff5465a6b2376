/**
 * The measured part of docs/gas-war.md (pure: tested without a chain): the tables of the keeper sweep, the mechanism
 * comparison and the strategy mix, and the claims the page has made, each checked on the runs. The runs themselves
 * are made by scripts/tasks/gen-gas-war-doc.ts; the hand-written prose is docs/gas-war/intro.md.
 */
import type { KeeperStats } from "../sim/bids";
import type { GasWarSummary } from "./gas-war";
import { mdTable, money, pct, sig, verdictSentence, type Check } from "./doc-format";

/** One gas-war run as the page reports it. */
export interface WarRun {
  /** Row label: a number of PGA keepers, a mechanism, … */
  label: string;
  summary: GasWarSummary;
  /** Positions never liquidated by the end of the run. */
  neverLiquidated: number;
  /** Keepers that spent at least `BUDGET_SPENT_SHARE` of their gas budget. */
  outOfGas: number;
  /** Debt-token decimals of the run (amounts in the summary are base units). */
  decimals: number;
}

/** Share of its gas budget a keeper has spent when the page counts it as out of gas. */
export const BUDGET_SPENT_SHARE = 0.95;

/** Keepers whose gas spending (debt base units) reached `BUDGET_SPENT_SHARE` of their budget (same units). */
export function keepersOutOfGas(stats: readonly KeeperStats[], budgetOf: (keeper: string) => bigint): number {
  const SCALE = 10_000n;
  const share = BigInt(Math.round(BUDGET_SPENT_SHARE * Number(SCALE)));
  return stats.filter((k) => {
    const budget = budgetOf(k.keeper);
    return budget > 0n && k.gasCost * SCALE >= budget * share;
  }).length;
}

const usd = (x: bigint, decimals: number) => money(Number(x) / 10 ** decimals);
const gwei = (x: number | null) => (x === null ? "–" : x.toFixed(1));
/** Gas burnt by reverted transactions per liquidation that landed (null without liquidations). */
export const wastePerLiquidation = (s: GasWarSummary) =>
  s.liquidations > 0 ? Number(s.wastedGas) / s.liquidations : null;

export function sweepTable(rows: readonly WarRun[]): string {
  return mdTable(
    [
      "PGA keepers",
      "liquidations",
      "never liquidated",
      "dissipation (fees ÷ gross profit)",
      "gas wasted on reverts",
      "failed txs",
      "replacements",
      "median winning bid (gwei)",
      "keepers out of gas",
      "priority fees (USDC)",
      "realized gross profit (USDC)",
    ],
    rows.map((r) => [
      r.label,
      String(r.summary.liquidations),
      String(r.neverLiquidated),
      pct(r.summary.dissipation),
      money(Number(r.summary.wastedGas)),
      String(r.summary.failedTxs),
      String(r.summary.replacements),
      gwei(r.summary.medianWinningBidGwei),
      String(r.outOfGas),
      usd(r.summary.priorityFees, r.decimals),
      usd(r.summary.grossProfit, r.decimals),
    ]),
  );
}

export function mechanismTable(rows: readonly WarRun[]): string {
  return mdTable(
    [
      "mechanism",
      "liquidations",
      "never liquidated",
      "dissipation",
      "gas wasted on reverts",
      "wasted gas per liquidation",
      "median winning bid (gwei)",
      "realized gross profit (USDC)",
    ],
    rows.map((r) => [
      r.label,
      String(r.summary.liquidations),
      String(r.neverLiquidated),
      pct(r.summary.dissipation),
      money(Number(r.summary.wastedGas)),
      money(wastePerLiquidation(r.summary)),
      gwei(r.summary.medianWinningBidGwei),
      usd(r.summary.grossProfit, r.decimals),
    ]),
  );
}

/** Per-kind totals of a mixed run: `kindOf` names a keeper's kind (pga, fixed, flash, …). */
export interface KindTotals {
  kind: string;
  keepers: number;
  bids: number;
  wins: number;
  losses: number;
  priorityFees: bigint;
  netProfit: bigint;
}

export function byKind(stats: readonly KeeperStats[], kindOf: (keeper: string) => string): KindTotals[] {
  const out = new Map<string, KindTotals>();
  for (const k of stats) {
    const kind = kindOf(k.keeper);
    const t = out.get(kind) ?? { kind, keepers: 0, bids: 0, wins: 0, losses: 0, priorityFees: 0n, netProfit: 0n };
    t.keepers += 1;
    t.bids += k.bids;
    t.wins += k.wins;
    t.losses += k.losses;
    t.priorityFees += k.priorityFees;
    t.netProfit += k.netProfit;
    out.set(kind, t);
  }
  return [...out.values()];
}

/**
 * The kind of a keeper named `keeper/<strategy>/<group>.<index>` in a run whose groups came from the `--keepers`
 * spec (`pga:2,fixed:2,flash:1`: one group per part, in order; an auction market's kicker comes last).
 */
export function kindOfKeeper(spec: string, keeper: string): string {
  const kinds = spec
    .split(",")
    .filter(Boolean)
    .map((p) => p.split(":")[0]);
  const group = /\/(\d+)\.\d+$/.exec(keeper);
  const g = group ? Number(group[1]) : -1;
  return kinds[g] ?? keeper.split("/")[1] ?? keeper;
}

export function strategiesTable(rows: readonly KindTotals[], decimals: number): string {
  return mdTable(
    ["kind", "keepers", "bids", "wins", "losses", "wins per keeper", "priority fees (USDC)", "realized net (USDC)"],
    rows.map((t) => [
      t.kind,
      String(t.keepers),
      String(t.bids),
      String(t.wins),
      String(t.losses),
      sig(t.keepers ? t.wins / t.keepers : null),
      usd(t.priorityFees, decimals),
      usd(t.netProfit, decimals),
    ]),
  );
}

/** Ratio of dissipation per doubling of keepers the page once stated ("roughly tenfold"); ≥ this counts as held. */
export const TENFOLD_FLOOR = 5;
/** Share of gross profit the page once stated the largest war dissipates ("a fifth"); ≥ this counts as held. */
export const LARGE_SHARE = 0.1;

const increasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

/** The claims the page made about the keeper sweep, checked on the rows (ordered by number of keepers). */
export function sweepClaims(rows: readonly WarRun[]): Check[] {
  const d = rows.map((r) => r.summary.dissipation ?? 0);
  const waste = rows.map((r) => Number(r.summary.wastedGas));
  const first = rows[0];
  const last = rows[rows.length - 1];
  const doublings: string[] = [];
  let tenfold = rows.length > 1;
  for (let i = 1; i < rows.length; i++) {
    const ratio = d[i - 1] > 0 ? d[i] / d[i - 1] : Infinity;
    doublings.push(`${rows[i - 1].label}→${rows[i].label} ×${sig(ratio, 2)}`);
    if (!(ratio >= TENFOLD_FLOOR)) tenfold = false;
  }
  return [
    {
      what: `one keeper alone wastes no gas and wins at the opening bid`,
      holds: first.summary.wastedGas === 0n && first.summary.medianWinningBidGwei === 1,
      measured: `${money(Number(first.summary.wastedGas))} gas wasted, median winning bid ${gwei(first.summary.medianWinningBidGwei)} gwei`,
    },
    {
      what: "dissipation rises with every added competitor",
      holds: increasing(d),
      measured: rows.map((r) => `${r.label}: ${pct(r.summary.dissipation)}`).join(", "),
    },
    {
      what: `dissipation rises roughly tenfold with each doubling (×${TENFOLD_FLOOR} or more)`,
      holds: tenfold,
      measured: doublings.join(", "),
    },
    {
      what: `the largest war hands a large share of gross profit (${pct(LARGE_SHARE, 0)} or more) to block producers`,
      holds: (last.summary.dissipation ?? 0) >= LARGE_SHARE,
      measured: `${last.label} keepers: ${pct(last.summary.dissipation)}`,
    },
    {
      what: "gas wasted on reverts rises with every added competitor",
      holds: increasing(waste),
      measured: rows.map((r) => `${r.label}: ${money(Number(r.summary.wastedGas))}`).join(", "),
    },
  ];
}

/**
 * What the war costs beyond fees (generated; the page made no claim here): keepers that spent their gas budget and
 * positions left unliquidated, against the lone keeper.
 */
export function sweepReading(rows: readonly WarRun[]): string {
  const first = rows[0];
  const worse = rows.filter((r) => r.neverLiquidated > first.neverLiquidated || r.outOfGas > 0);
  if (worse.length === 0)
    return `No keeper ran out of gas and no run left more positions unliquidated than the lone keeper (${first.neverLiquidated}).`;
  return (
    worse
      .map(
        (r) =>
          `with ${r.label} keepers, ${r.outOfGas} of them spent their gas budget and ${r.neverLiquidated} positions ` +
          `were never liquidated (${r.summary.liquidations} liquidations)`,
      )
      .join("; ")
      .replace(/^w/, "W") +
    `, against ${first.neverLiquidated} never liquidated (${first.summary.liquidations} liquidations) with one keeper` +
    (worse.some((r) => r.outOfGas > 0 && r.neverLiquidated > first.neverLiquidated)
      ? ": past a point the war burns the keepers' gas money before the cascade is cleared."
      : ".")
  );
}

/** The claims about fixed bonus vs Dutch auction under the same competition. */
export function mechanismClaims(fixed: WarRun, auction: WarRun): Check[] {
  const wf = wastePerLiquidation(fixed.summary);
  const wa = wastePerLiquidation(auction.summary);
  return [
    {
      what: "the auction dissipates less",
      holds: (auction.summary.dissipation ?? 0) < (fixed.summary.dissipation ?? 0),
      measured: `${pct(auction.summary.dissipation)} vs ${pct(fixed.summary.dissipation)}`,
    },
    {
      what: "the auction wastes less gas per liquidation",
      holds: wa !== null && wf !== null && wa < wf,
      measured: `${money(wa)} vs ${money(wf)}`,
    },
    {
      what: "the auction's winning bids are lower (median)",
      holds: (auction.summary.medianWinningBidGwei ?? 0) < (fixed.summary.medianWinningBidGwei ?? 0),
      measured: `${gwei(auction.summary.medianWinningBidGwei)} vs ${gwei(fixed.summary.medianWinningBidGwei)} gwei`,
    },
  ];
}

/** A generated reading of the strategy mix: who won most per keeper, who netted most. */
export function strategiesReading(rows: readonly KindTotals[], decimals: number): string {
  if (rows.length === 0) return "No keeper bid.";
  const perKeeper = (t: KindTotals) => (t.keepers ? t.wins / t.keepers : 0);
  const mostWins = [...rows].sort((a, b) => perKeeper(b) - perKeeper(a))[0];
  const mostNet = [...rows].sort((a, b) => (b.netProfit > a.netProfit ? 1 : b.netProfit < a.netProfit ? -1 : 0))[0];
  return (
    `Most wins per keeper: ${mostWins.kind} (${sig(perKeeper(mostWins))}); largest realized net: ${mostNet.kind} ` +
    `(${usd(mostNet.netProfit, decimals)} USDC over ${mostNet.keepers} keeper(s)).`
  );
}

/** The verdict paragraph under a table (a generated sentence per claim set). */
export function claimsParagraph(title: string, checks: readonly Check[], under: string): string {
  return `**${title}** ${verdictSentence(checks, under)}`;
}
