/**
 * The frictionless baseline: the cascade that instant, atomic, unlimited, gas-free keepers would produce from the
 * opening positions and the AMM, computed off-chain with the market's own formulas (pure, bigint).
 *
 * Definition (docs/engine.md, "Measures"):
 * - the external price falls at once to the shocked price: a step shock's post-shock price, any other path's trough
 *   (its lowest price);
 * - with arbitrage on, the AMM is first arbitraged to that price (the swap an arbitrageur with unlimited capital
 *   makes); without, the AMM keeps its reserves;
 * - the oracle the market reads is the external price (`external`: external, TWAP and median sources — their lag is a
 *   friction) or the AMM spot after every trade (`amm-spot`: amm-spot and amm-spot-live), at the feed's decimals;
 * - rounds: in each, every liquidatable position (most profitable first at the round's opening state, as a rational
 *   keeper ranks them; ties largest debt first), then every position the round's own sales have made liquidatable
 *   (an AMM-spot oracle; ranked the same way at the state they leave), is liquidated once by an atomic keeper that
 *   repays min(close-factor maximum, the profit-maximizing repayment for a sale at the AMM's reserves), sells the seized
 *   collateral into the AMM in the same transaction and goes ahead only if the sale covers the repayment plus
 *   `minProfit`; between rounds arbitrage (when on) brings the AMM back to the external price and its
 *   offsetting sale moves the external price by the external market's impact (no recovery: the cascade takes no time);
 * - the fixed point: the first round with no liquidation.
 * Amounts follow `LendingPool._liquidationAmounts` (close factor, full-close health factor, toxic lift, dust, seized
 * rounded down, repay-for-all rounded up) and `ConstantProductLibrary.getAmountOut`. Debt is tracked in assets, not
 * shares: the market's share rounding (at most 1 wei per liquidation) is left out.
 */
import { isqrt } from "../sim/sizing";
import {
  BPS,
  atFeedDecimals,
  atomicLiquidation,
  ammSpot,
  feedSpot,
  getAmountOut,
  isLiquidatable,
  type Amm,
  type MarketPosition,
  type MarketRules,
} from "../sim/market-math";
/** Rounds after which the baseline gives up (a cascade that has not settled by then is reported as such). */
export const MAX_ROUNDS = 10_000;

export type BaselineOracle = "external" | "amm-spot";

/** A borrower's position: collateral base units, debt base units (the market's shares converted up, as `debtOf`). */
export interface BaselinePosition extends MarketPosition {
  borrower: string;
}

export type BaselineMarket = MarketRules;

export interface BaselineArbitrage {
  /** External market depth, debt base units (`externalMarket.depth`). */
  depth: bigint;
  impactModel: "exponential" | "linear";
}

export interface BaselineInput {
  positions: readonly BaselinePosition[];
  market: BaselineMarket;
  /** AMM reserves (base units) and swap fee before the shock. */
  amm: { collateral: bigint; debt: bigint; feeBps: number };
  oracle: BaselineOracle;
  /** External price after the shock, WAD (debt tokens per collateral token). */
  shockedPrice: bigint;
  /** Null: no arbitrage (the AMM moves only with the keepers' sales). */
  arbitrage: BaselineArbitrage | null;
  /** Profit (debt base units) an atomic liquidation must clear; 0 for gas-free keepers. */
  minProfit: bigint;
}

export interface BaselineLiquidation {
  round: number;
  borrower: string;
  repaid: bigint;
  seized: bigint;
  proceeds: bigint;
  /** Oracle price the market used, WAD. */
  price: bigint;
}

export interface BaselineResult {
  liquidations: number;
  /** Positions liquidated at least once. */
  positionsLiquidated: number;
  rounds: number;
  /** Whether the fixed point was reached within `MAX_ROUNDS`. */
  settled: boolean;
  totalRepaid: bigint;
  totalSeized: bigint;
  badDebt: bigint;
  /** AMM spot (WAD) before the shock, its lowest during the cascade, and at the end (after the last arbitrage). */
  initialAmmPrice: bigint;
  minAmmPrice: bigint;
  finalAmmPrice: bigint;
  /** External and oracle prices at the end, WAD. */
  finalExternalPrice: bigint;
  finalOraclePrice: bigint;
  records: BaselineLiquidation[];
}

/* MARKET AND AMM FORMULAS (as on chain, shared with the keepers: scripts/sim/market-math.ts) */

export {
  getAmountOut,
  positionHealth,
  liquidationAmounts,
  ammSpot,
  atomicLiquidation,
  WAD,
  BPS,
} from "../sim/market-math";

/**
 * Arbitrage toward `target` (WAD): the constant-product trade that brings the spot to the target, fee included,
 * executed with `getAmountOut`, sized as `Arbitrageur` sizes it: (target reserve − reserve) ÷ (1 − fee), which
 * overshoots by a fraction of the fee. Returns the collateral the arbitrageur bought (> 0) or sold (< 0).
 */
export function arbitrageTo(amm: Amm, target: bigint, unitScale: bigint): bigint {
  const k = amm.collateral * amm.debt;
  const g = BPS - BigInt(amm.feeBps);
  const spot = ammSpot(amm, unitScale);
  if (spot > target) {
    // AMM dear: sell collateral until debt / collateral = target.
    const xTarget = isqrt((k * unitScale) / target);
    if (xTarget <= amm.collateral) return 0n;
    const amountIn = ((xTarget - amm.collateral) * BPS) / g;
    const out = getAmountOut(amountIn, amm.collateral, amm.debt, amm.feeBps);
    if (amountIn === 0n || out === 0n) return 0n;
    amm.collateral += amountIn;
    amm.debt -= out;
    return -amountIn;
  }
  if (spot < target) {
    // AMM cheap: buy collateral with debt until debt / collateral = target.
    const yTarget = isqrt((k * target) / unitScale);
    if (yTarget <= amm.debt) return 0n;
    const amountIn = ((yTarget - amm.debt) * BPS) / g;
    const out = getAmountOut(amountIn, amm.debt, amm.collateral, amm.feeBps);
    if (amountIn === 0n || out === 0n) return 0n;
    amm.debt += amountIn;
    amm.collateral -= out;
    return out;
  }
  return 0n;
}

/** The shocked price moved by an accumulated impact (`external-market.ts`), as WAD. */
function externalAfter(shocked: bigint, impact: number, a: BaselineArbitrage): bigint {
  const factor = a.impactModel === "exponential" ? Math.exp(-impact) : Math.max(0, 1 - impact);
  const PRECISION = 10n ** 12n;
  return (shocked * BigInt(Math.floor(factor * 1e12))) / PRECISION;
}

/* THE FIXED POINT */

export function frictionlessBaseline(input: BaselineInput): BaselineResult {
  const m = input.market;
  const amm: Amm = { ...input.amm };
  const positions = input.positions.map((p) => ({ ...p }));
  const initialAmmPrice = ammSpot(amm, m.unitScale);
  let external = input.shockedPrice;
  let impact = 0;
  // Arbitrage offsets every AMM trade on the external market: what it buys there is sold, moving the price by the
  // accumulated impact (what it sells into the AMM is bought there: negative flow).
  const arbitrage = (): boolean => {
    if (!input.arbitrage) return false;
    const bought = arbitrageTo(amm, external, m.unitScale);
    if (bought === 0n) return false;
    impact += Number((bought * external) / m.unitScale) / Number(input.arbitrage.depth);
    const next = externalAfter(input.shockedPrice, impact, input.arbitrage);
    const moved = next !== external;
    external = next;
    return moved;
  };
  arbitrage();
  let minAmmPrice = ammSpot(amm, m.unitScale);
  const oraclePrice = () => (input.oracle === "amm-spot" ? feedSpot(amm, m) : atFeedDecimals(external, m));

  const records: BaselineLiquidation[] = [];
  const liquidated = new Set<string>();
  let badDebt = 0n;
  let rounds = 0;
  let settled = false;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    let landed = 0;
    // Passes: the positions liquidatable at the round's opening, then those the round's own sales have made
    // liquidatable (an AMM-spot oracle), until a pass lands nothing. Each position is examined once per round.
    const tried = new Set<BaselinePosition>();
    for (;;) {
      const passPrice = oraclePrice();
      const candidates = byProfit(
        positions
          .filter((p) => p.debt > 0n && !tried.has(p) && isLiquidatable(p, m, passPrice))
          .sort((a, b) => (b.debt > a.debt ? 1 : b.debt < a.debt ? -1 : 0)),
        m,
        passPrice,
        amm,
        input.minProfit,
      );
      const before = landed;
      for (const p of candidates) {
        tried.add(p);
        const price = oraclePrice();
        if (p.debt === 0n || !isLiquidatable(p, m, price)) continue;
        const step = atomicLiquidation(p, m, price, amm, input.minProfit);
        if (!step) continue;
        p.debt -= step.repaid;
        p.collateral -= step.seized;
        amm.collateral += step.seized;
        amm.debt -= step.proceeds;
        if (p.collateral === 0n && p.debt > 0n) {
          badDebt += p.debt;
          p.debt = 0n;
        }
        const spot = ammSpot(amm, m.unitScale);
        if (spot < minAmmPrice) minAmmPrice = spot;
        records.push({ round, borrower: p.borrower, price, ...step });
        liquidated.add(p.borrower);
        landed++;
      }
      if (landed === before) break;
    }
    const moved = arbitrage();
    if (landed === 0 && !(moved && input.oracle === "external")) {
      settled = true;
      break;
    }
    if (landed > 0) rounds++;
  }
  const sum = (f: (r: BaselineLiquidation) => bigint) => records.reduce((a, r) => a + f(r), 0n);
  return {
    liquidations: records.length,
    positionsLiquidated: liquidated.size,
    rounds,
    settled,
    totalRepaid: sum((r) => r.repaid),
    totalSeized: sum((r) => r.seized),
    badDebt,
    initialAmmPrice,
    minAmmPrice,
    finalAmmPrice: ammSpot(amm, m.unitScale),
    finalExternalPrice: external,
    finalOraclePrice: oraclePrice(),
    records,
  };
}

/**
 * Candidates in the order a rational keeper takes them: most profitable first at the round's opening state (profit
 * of `atomicLiquidation`), ties and unprofitable ones in the given order (largest debt first).
 */
function byProfit(
  candidates: BaselinePosition[],
  m: BaselineMarket,
  price: bigint,
  amm: Amm,
  minProfit: bigint,
): BaselinePosition[] {
  const scored = candidates.map((p, i) => {
    const step = atomicLiquidation(p, m, price, amm, minProfit);
    return { p, i, profit: step ? step.proceeds - step.repaid : null };
  });
  scored.sort((a, b) => {
    if (a.profit !== null && b.profit !== null && a.profit !== b.profit) return b.profit > a.profit ? 1 : -1;
    if ((a.profit === null) !== (b.profit === null)) return a.profit === null ? 1 : -1;
    return a.i - b.i;
  });
  return scored.map((x) => x.p);
}
