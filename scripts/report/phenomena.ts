/**
 * The phenomena docs/SCENARIOS.md documents, each as the direction the presets were built to show (the preset's
 * description and test/scenarios/*.test.ts), checked on fresh runs (pure: the generator passes the numbers in).
 * A direction that no longer shows is a finding, reported as such in the document; nothing here is typed by hand.
 */
import type { Headline } from "../sim/presets";
import { money, sig, verdict, type Check, type Verdict } from "./doc-format";

export interface Phenomenon {
  id: string;
  title: string;
  /** Presets whose sections carry the sentence. */
  presets: string[];
  /** The documented direction, in words. */
  expected: string;
  checks: Check[];
}

type H = Pick<
  Headline,
  | "amplification"
  | "amplificationSettled"
  | "ammDrawdownPct"
  | "ammSettledDrawdownPct"
  | "oracleDrawdownPct"
  | "liquidations"
  | "cascadeBlocks"
  | "timeToClear"
  | "badDebt"
  | "saleToExternal"
  | "liquidationPriceToExternal"
  | "neverLiquidated"
  | "auctionTakes"
  | "baselineAmplification"
>;

/**
 * Differences smaller than these are no difference (they would not show at the document's three significant
 * digits): amplification (a ratio to the shock), drawdowns (percentage points), price ratios (÷ the external price).
 */
export const AMPLIFICATION_TOLERANCE = 0.01;
export const DRAWDOWN_TOLERANCE_PCT = 0.1;
export const PRICE_RATIO_TOLERANCE = 0.01;

const vs = (a: number | null, b: number | null, digits = 3) => `${sig(a, digits)} vs ${sig(b, digits)}`;
/** a > b by more than `tol` (false when either is missing). */
const above = (a: number | null, b: number | null, tol: number) => a !== null && b !== null && a > b + tol;

/** Thin vs deep AMM: the same shock is amplified more where the AMM is thin, and less as depth grows. */
export function thinVsDeep(
  thin: H,
  deep: H,
  sweep: readonly {
    depth: number;
    amplification: number | null;
    amplificationSettled: number | null;
  }[],
): Phenomenon {
  const T = AMPLIFICATION_TOLERANCE;
  // the tests' reading of the sweep: a middle depth amplifies less than the thinnest and more than the deepest
  const [lo, mid, hi] = [sweep[0], sweep[Math.floor(sweep.length / 2)], sweep[sweep.length - 1]];
  const between = (k: "amplification" | "amplificationSettled") =>
    sweep.length > 2 && above(lo[k], mid[k], T) && above(mid[k], hi[k], T);
  const depths = `${money(lo.depth)} / ${money(mid.depth)} / ${money(hi.depth)}`;
  return {
    id: "thin-vs-deep",
    title: "Thin vs deep AMM",
    presets: ["thin-liquidity", "deep-liquidity"],
    expected:
      "the thin AMM amplifies the same 15% shock more than the deep one, amplification falls as depth grows, and " +
      "the thin AMM's seized collateral sells below the market",
    checks: [
      {
        what: "thin amplifies more than deep, peak",
        holds: above(thin.amplification, deep.amplification, T),
        measured: vs(thin.amplification, deep.amplification),
      },
      {
        what: "thin amplifies more than deep, settled",
        holds: above(thin.amplificationSettled, deep.amplificationSettled, T),
        measured: vs(thin.amplificationSettled, deep.amplificationSettled),
      },
      {
        what: "so does the frictionless baseline (physics), peak",
        holds: above(thin.baselineAmplification, deep.baselineAmplification, T),
        measured: vs(thin.baselineAmplification, deep.baselineAmplification),
      },
      {
        what: `a middle depth amplifies less than the thinnest and more than the deepest, peak (${depths})`,
        holds: between("amplification"),
        measured: [lo, mid, hi].map((x) => sig(x.amplification)).join(" / "),
      },
      {
        what: `the same, settled (${depths})`,
        holds: between("amplificationSettled"),
        measured: [lo, mid, hi].map((x) => sig(x.amplificationSettled)).join(" / "),
      },
      {
        what: "thin sells seized collateral further below the market (sale ÷ external)",
        holds: above(deep.saleToExternal, thin.saleToExternal, PRICE_RATIO_TOLERANCE),
        measured: vs(thin.saleToExternal, deep.saleToExternal),
      },
    ],
  };
}

/** Oracle lag: bad debt appears once the move within the latency outruns the bonus; the back-runner profits. */
export function oracleLag(
  sweep: readonly { latencySeconds: number; badDebt: number; backrunNet: number }[],
  presetLatency: number,
): Phenomenon {
  const first = sweep[0];
  const last = sweep[sweep.length - 1];
  const atPreset = sweep.find((s) => s.latencySeconds === presetLatency);
  return {
    id: "oracle-lag",
    title: "Oracle lag",
    presets: ["oracle-lag"],
    expected: "bad debt grows with the oracle's latency; the oracle back-runner profits",
    checks: [
      {
        what: `bad debt at ${last.latencySeconds} s above bad debt at ${first.latencySeconds} s`,
        holds: last.badDebt > first.badDebt,
        measured: `${money(last.badDebt)} vs ${money(first.badDebt)} USDC`,
      },
      {
        what: `the back-runner nets a profit at ${presetLatency} s`,
        holds: atPreset !== undefined && atPreset.backrunNet > 0,
        measured: `${money(atPreset?.backrunNet ?? null)} USDC`,
      },
    ],
  };
}

/** Fixed bonus vs a slow Dutch auction with small takers: the auction spreads the selling over time. */
export function fixedBonusVsAuction(market: H, auction: H): Phenomenon {
  return {
    id: "fixed-bonus-vs-auction",
    title: "Fixed bonus vs Dutch auction",
    presets: ["market-vs-auction", "market-vs-auction-dutch"],
    expected: "the slow auction with small takers spreads the selling: lower AMM drawdown, longer to clear",
    checks: [
      {
        what: "auction's AMM peak drawdown below the market's (%)",
        holds: above(market.ammDrawdownPct, auction.ammDrawdownPct, DRAWDOWN_TOLERANCE_PCT),
        measured: vs(auction.ammDrawdownPct, market.ammDrawdownPct),
      },
      {
        what: "auction's AMM settled drawdown below the market's (%)",
        holds: above(market.ammSettledDrawdownPct, auction.ammSettledDrawdownPct, DRAWDOWN_TOLERANCE_PCT),
        measured: vs(auction.ammSettledDrawdownPct, market.ammSettledDrawdownPct),
      },
      {
        what: "auction takes at least as long to clear (blocks)",
        holds: auction.timeToClear >= market.timeToClear,
        measured: `${auction.timeToClear} vs ${market.timeToClear}`,
      },
    ],
  };
}

/** The price (÷ external) below which a naive auction counts as having sold near zero, and above which LM2 near the market. */
export const NEAR_ZERO_PRICE = 0.6;
export const NEAR_MARKET_PRICE = 0.85;

/** Black Thursday: the naive auction sells collateral near zero; Liquidations 2.0 does not, and loses less. */
export function blackThursday(naive: H, lm2: H): Phenomenon {
  return {
    id: "black-thursday",
    title: "Black Thursday",
    presets: ["black-thursday", "black-thursday-lm2"],
    expected:
      "the naive auction sells collateral near zero; Liquidations 2.0 sells near the market and ends with less bad debt",
    checks: [
      {
        what: `naive auction's liquidation price below ${NEAR_ZERO_PRICE} of the market`,
        holds: naive.liquidationPriceToExternal !== null && naive.liquidationPriceToExternal < NEAR_ZERO_PRICE,
        measured: `${sig(naive.liquidationPriceToExternal)} (${naive.auctionTakes} takes)`,
      },
      {
        what: `Liquidations 2.0 takes above ${NEAR_MARKET_PRICE} of the market`,
        holds: lm2.liquidationPriceToExternal === null || lm2.liquidationPriceToExternal > NEAR_MARKET_PRICE,
        measured: `${sig(lm2.liquidationPriceToExternal)} (${lm2.auctionTakes} takes)`,
      },
      {
        what: "naive auction ends with more bad debt",
        holds: naive.badDebt > lm2.badDebt,
        measured: `${money(naive.badDebt)} vs ${money(lm2.badDebt)} USDC`,
      },
    ],
  };
}

/** Spiral: an oracle reading the AMM spot feeds the cascade; an external-price oracle stops it sooner. */
export function spiral(amm: H, external: H): Phenomenon {
  return {
    id: "spiral",
    title: "Spiral (AMM-spot oracle)",
    presets: ["spiral"],
    expected:
      "the AMM-spot oracle keeps the cascade going longer than an external-price oracle, with more liquidations",
    checks: [
      {
        what: "more liquidations with the AMM-spot oracle",
        holds: amm.liquidations > external.liquidations,
        measured: `${amm.liquidations} vs ${external.liquidations}`,
      },
      {
        what: "longer cascade (blocks)",
        holds: amm.cascadeBlocks > external.cascadeBlocks,
        measured: `${amm.cascadeBlocks} vs ${external.cascadeBlocks}`,
      },
      {
        what: "the oracle falls further (peak drawdown, %)",
        holds: above(amm.oracleDrawdownPct, external.oracleDrawdownPct, DRAWDOWN_TOLERANCE_PCT),
        measured: vs(amm.oracleDrawdownPct, external.oracleDrawdownPct),
      },
      {
        what: "higher amplification, peak",
        holds: above(amm.amplification, external.amplification, AMPLIFICATION_TOLERANCE),
        measured: vs(amm.amplification, external.amplification),
      },
      {
        what: "higher amplification, settled",
        holds: above(amm.amplificationSettled, external.amplificationSettled, AMPLIFICATION_TOLERANCE),
        measured: vs(amm.amplificationSettled, external.amplificationSettled),
      },
      {
        what: "so does the frictionless baseline (physics), peak",
        holds: above(amm.baselineAmplification, external.baselineAmplification, AMPLIFICATION_TOLERANCE),
        measured: vs(amm.baselineAmplification, external.baselineAmplification),
      },
    ],
  };
}

/** Toxic spiral: positions past LTV 1/(1 + bonus) end in bad debt, each closed by one liquidation. */
export function toxicSpiral(
  h: H,
  perBorrower: readonly number[],
  /** Positions still below health 1 at the end. */
  leftAtRisk: number,
): Phenomenon {
  const once = perBorrower.filter((n) => n === 1).length;
  return {
    id: "toxic-spiral",
    title: "Toxic spiral",
    presets: ["toxic-spiral"],
    expected:
      "positions past LTV 1/(1 + bonus) end in bad debt, most closed by a single liquidation, none left below health 1",
    checks: [
      { what: "bad debt realized", holds: h.badDebt > 0, measured: `${money(h.badDebt)} USDC` },
      {
        what: "most liquidated positions closed by one liquidation",
        holds: once > perBorrower.length / 2,
        measured: `${once} of ${perBorrower.length}`,
      },
      { what: "none left below health 1", holds: leftAtRisk === 0, measured: `${leftAtRisk} left` },
    ],
  };
}

/** Dust: at a high base fee small positions are not worth liquidating and stay; at 1 gwei they are cleared. */
export function dust(
  dear: H,
  cheap: H,
  leftDear: number,
  leftCheap: number,
  gwei: { dear: number; cheap: number },
): Phenomenon {
  return {
    id: "dust",
    title: "Dust insolvency",
    presets: ["dust-insolvency"],
    expected: `at ${gwei.dear} gwei small positions are not worth liquidating and stay; at ${gwei.cheap} gwei they are cleared`,
    checks: [
      {
        what: `more positions never liquidated at ${gwei.dear} gwei`,
        holds: dear.neverLiquidated > cheap.neverLiquidated,
        measured: `${dear.neverLiquidated} vs ${cheap.neverLiquidated}`,
      },
      {
        what: `more liquidations at ${gwei.cheap} gwei`,
        holds: cheap.liquidations > dear.liquidations,
        measured: `${cheap.liquidations} vs ${dear.liquidations}`,
      },
      {
        what: `more positions left below health 1 at ${gwei.dear} gwei`,
        holds: leftDear > leftCheap,
        measured: `${leftDear} vs ${leftCheap}`,
      },
    ],
  };
}

/** Debt liquidatable at a 3% move that the Perez et al. comparison calls large (Compound: > $10M). */
export const KNIFE_EDGE_DEBT = 10_000_000;

/** The liquidatable curve: a knife-edge book, where a few percent turns most of the debt liquidatable. */
export function liquidatableCurve(curve: readonly { shockPct: number; debt: number; debtShare: number }[]): Phenomenon {
  const at = (p: number) => curve.find((c) => c.shockPct === p);
  let steepest = 1;
  for (let i = 1; i < curve.length; i++)
    if (curve[i].debt - curve[i - 1].debt > curve[steepest].debt - curve[steepest - 1].debt) steepest = i;
  const three = at(3);
  const one = at(1);
  return {
    id: "liquidatable-curve",
    title: "The 3%-move liquidatable curve",
    presets: ["liquidatable-curve"],
    expected: "a 3% move makes more than $10M liquidatable; almost nothing at 1%; the steepest step between 2% and 5%",
    checks: [
      {
        what: "a 3% move makes more than 10M USDC liquidatable",
        holds: three !== undefined && three.debt > KNIFE_EDGE_DEBT,
        measured: `${money(three?.debt ?? null)} USDC`,
      },
      {
        what: "almost nothing at 1% (< 5% of the debt)",
        holds: one !== undefined && one.debtShare < 0.05,
        measured: `${sig((one?.debtShare ?? 0) * 100)}%`,
      },
      {
        what: "the steepest step lies between 2% and 5%",
        holds: curve.length > 1 && curve[steepest].shockPct >= 2 && curve[steepest].shockPct <= 5,
        measured: `${curve[steepest - 1]?.shockPct}% → ${curve[steepest]?.shockPct}%`,
      },
    ],
  };
}

/** The summary table: one row per phenomenon with its verdict. */
export function phenomenaRows(ps: readonly Phenomenon[]): string[][] {
  return ps.map((p) => {
    const v: Verdict = verdict(p.checks);
    const mark = v === "holds" ? "holds" : `**${v}** (finding)`;
    const failing = p.checks.filter((c) => !c.holds).map((c) => c.what);
    return [
      p.title,
      p.expected,
      p.checks.map((c) => `${c.what}: ${c.measured}`).join("; "),
      failing.length ? `${mark}; fails: ${failing.join("; ")}` : mark,
    ];
  });
}
