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
 *   keeper ranks them; ties largest debt first) is liquidated once by an atomic keeper that repays
 *   min(close-factor maximum, the profit-maximizing repayment for a sale at the AMM's reserves), sells the seized
 *   collateral into the AMM in the same transaction and goes ahead only if the sale covers the repayment plus
 *   `minProfit`; between rounds arbitrage (when on) brings the AMM back to the external price and its
 *   offsetting sale moves the external price by the external market's impact (no recovery: the cascade takes no time);
 * - the fixed point: the first round with no liquidation.
 * Amounts follow `LendingPool._liquidationAmounts` (close factor, full-close health factor, toxic lift, dust, seized
 * rounded down, repay-for-all rounded up) and `ConstantProductLibrary.getAmountOut`. Debt is tracked in assets, not
 * shares: the market's share rounding (at most 1 wei per liquidation) is left out.
 */
import { profitMaximizingRepay, isqrt } from "../agents/sizing";

export const WAD = 10n ** 18n;
export const BPS = 10_000n;
/** Rounds after which the baseline gives up (a cascade that has not settled by then is reported as such). */
export const MAX_ROUNDS = 10_000;

export type BaselineOracle = "external" | "amm-spot";

export interface BaselinePosition {
  borrower: string;
  /** Collateral base units. */
  collateral: bigint;
  /** Debt base units (the market's shares converted up, as `debtOf` does). */
  debt: bigint;
}

export interface BaselineMarket {
  /** WAD ratios. */
  liquidationThreshold: bigint;
  closeFactor: bigint;
  fullCloseHealthFactor: bigint;
  liquidationBonusBps: bigint;
  /** Debt base units. */
  dust: bigint;
  /** 10^(collateral decimals + 18 − debt decimals): value = amount × priceWad ÷ unitScale. */
  unitScale: bigint;
  /** Decimals of the feed the market reads (its answer × 10^(18 − decimals) is the WAD price). */
  feedDecimals: number;
}

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

/* MARKET AND AMM FORMULAS (as on chain) */

const mulDivDown = (x: bigint, y: bigint, d: bigint) => (x * y) / d;
const mulDivUp = (x: bigint, y: bigint, d: bigint) => (x * y + d - 1n) / d;

/** `ConstantProductLibrary.getAmountOut`: rounds down, in favour of the pool. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const inWithFee = amountIn * (BPS - BigInt(feeBps));
  return (inWithFee * reserveOut) / (reserveIn * BPS + inWithFee);
}

/** A position's collateral value and health factor at `price` (WAD), rounded as `LendingPool._position`. */
export function positionHealth(p: BaselinePosition, m: BaselineMarket, price: bigint) {
  const value = mulDivDown(p.collateral, price, m.unitScale);
  const limit = mulDivDown(value, m.liquidationThreshold, WAD);
  const health = p.debt === 0n ? null : mulDivDown(limit, WAD, p.debt);
  return { value, health };
}

/** `LendingPool._liquidationAmounts` for a liquidatable position: (repaid, seized) for a requested repayment. */
export function liquidationAmounts(
  p: BaselinePosition,
  m: BaselineMarket,
  price: bigint,
  requested: bigint,
): { repaid: bigint; seized: bigint } {
  const { value, health } = positionHealth(p, m, price);
  const bonusFactor = BPS + m.liquidationBonusBps;
  const toxic = value * BPS < p.debt * bonusFactor;
  const maxRepay =
    (health !== null && health < m.fullCloseHealthFactor) || toxic ? p.debt : mulDivUp(p.debt, m.closeFactor, WAD);
  let repaid = requested < maxRepay ? requested : maxRepay;
  if (p.debt - repaid < m.dust) repaid = p.debt;
  let seized = mulDivDown(repaid * bonusFactor, m.unitScale, price * BPS);
  const balance = p.collateral;
  if (seized >= balance || mulDivDown(balance - seized, price, m.unitScale) < m.dust) {
    const repayForAll = mulDivUp(balance, price * BPS, m.unitScale * bonusFactor);
    if (repayForAll <= p.debt) {
      seized = balance;
      repaid = repayForAll;
    } else {
      repaid = p.debt;
      seized = mulDivDown(repaid * bonusFactor, m.unitScale, price * BPS);
    }
  }
  return { repaid, seized };
}

interface Amm {
  collateral: bigint;
  debt: bigint;
  feeBps: number;
}

/** AMM spot as a WAD price, exact (floor). */
export function ammSpot(amm: Amm, unitScale: bigint): bigint {
  return (amm.debt * unitScale) / amm.collateral;
}

/** The price a feed with `decimals` reports for the AMM (as `AmmSpotFeed`, floor), as WAD. */
function feedSpot(amm: Amm, m: BaselineMarket): bigint {
  const feedScale = 10n ** BigInt(18 - m.feedDecimals);
  return ((amm.debt * m.unitScale) / amm.collateral / feedScale) * feedScale;
}

/** A WAD price truncated to the feed's decimals (what an updater submitting it leaves the market to read). */
function atFeedDecimals(price: bigint, m: BaselineMarket): bigint {
  const feedScale = 10n ** BigInt(18 - m.feedDecimals);
  return (price / feedScale) * feedScale;
}

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
    const startPrice = oraclePrice();
    const candidates = byProfit(
      positions
        .filter((p) => p.debt > 0n && isLiquidatable(p, m, startPrice))
        .sort((a, b) => (b.debt > a.debt ? 1 : b.debt < a.debt ? -1 : 0)),
      m,
      startPrice,
      amm,
      input.minProfit,
    );
    let landed = 0;
    for (const p of candidates) {
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

function isLiquidatable(p: BaselinePosition, m: BaselineMarket, price: bigint): boolean {
  const { health } = positionHealth(p, m, price);
  return health !== null && health < WAD;
}

/**
 * One atomic liquidation at the AMM's current reserves: the repayment that maximizes the sale's profit, capped by
 * what the market allows; null when nothing profitable is left (the keeper contract would revert).
 */
export function atomicLiquidation(
  p: BaselinePosition,
  m: BaselineMarket,
  price: bigint,
  amm: Amm,
  minProfit: bigint,
): { repaid: bigint; seized: bigint; proceeds: bigint } | null {
  const max = liquidationAmounts(p, m, price, p.debt);
  if (max.repaid === 0n || max.seized === 0n) return null;
  const best = profitMaximizingRepay(max.seized, max.repaid, amm, amm.feeBps);
  if (best === 0n) return null;
  const { repaid, seized } = best < max.repaid ? liquidationAmounts(p, m, price, best) : max;
  if (repaid === 0n || seized === 0n) return null;
  const proceeds = getAmountOut(seized, amm.collateral, amm.debt, amm.feeBps);
  if (proceeds < repaid + minProfit) return null;
  return { repaid, seized, proceeds };
}
