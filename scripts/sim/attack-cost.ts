/**
 * Oracle-manipulation economics, off-chain and pure: how far the oracle must fall to put a victim under water,
 * what selling into a constant-product AMM to reach a price costs, and the capital and fees needed to move each
 * oracle kind (live spot in one transaction, a TWAP held down for blocks against arbitrageurs, a median of
 * sources) by that much. Amounts are whole tokens as JS numbers (estimates for reports, not settlement).
 * The formulas are written out in docs/risk-controls/oracle-manipulation.md.
 */

/** AMM reserves in whole tokens; spot = debt / collateral (debt tokens per collateral token). */
export interface Reserves {
  collateral: number;
  debt: number;
}

/** Uniswap V2 output for `amountIn` (fee in bps kept by the pool). */
export function amountOut(amountIn: number, reserveIn: number, reserveOut: number, feeBps: number): number {
  const g = 1 - feeBps / 10_000;
  return (g * amountIn * reserveOut) / (reserveIn + g * amountIn);
}

/** Uniswap V2 input that buys exactly `out`. */
export function amountIn(out: number, reserveIn: number, reserveOut: number, feeBps: number): number {
  if (out >= reserveOut) return Infinity;
  const g = 1 - feeBps / 10_000;
  return (reserveIn * out) / (g * (reserveOut - out));
}

/**
 * Collateral to sell into the pool so that its spot becomes `targetPrice` (exact for the V2 curve with the fee
 * kept in the reserves): after selling X, spot = y·x / ((x + γX)(x + X)), γ = 1 − fee; solved for X.
 */
export function sellToReachPrice(r: Reserves, targetPrice: number, feeBps: number): number {
  const { collateral: x, debt: y } = r;
  if (targetPrice >= y / x) return 0;
  const g = 1 - feeBps / 10_000;
  const b = (1 + g) * x;
  const c = x * x - (x * y) / targetPrice;
  return (-b + Math.sqrt(b * b - 4 * g * c)) / (2 * g);
}

/** Oracle drop (0..1) that brings a position at health `health` down to `targetHealth`: h·(1 − d) = target. */
export function requiredDrop(health: number, targetHealth: number): number {
  return Math.max(0, 1 - targetHealth / health);
}

export interface VictimPosition {
  borrower: string;
  /** Whole tokens. */
  collateral: number;
  debt: number;
  /** At the current oracle price. */
  health: number;
}

export interface MarketTerms {
  liquidationBonusBps: number;
  closeFactor: number;
  fullCloseHealthFactor: number;
}

/** The victims a drop `d` puts under water, and the liquidation profit on them at `price` (first pass, estimate). */
export function prizeAt(
  positions: readonly VictimPosition[],
  d: number,
  price: number,
  m: MarketTerms,
): { victims: string[]; repay: number; prize: number } {
  const bonus = 1 + m.liquidationBonusBps / 10_000;
  let repay = 0;
  let prize = 0;
  const victims: string[] = [];
  for (const p of positions) {
    const h = p.health * (1 - d);
    if (p.debt <= 0 || h >= 1) continue;
    victims.push(p.borrower);
    const r = h < m.fullCloseHealthFactor ? p.debt : p.debt * m.closeFactor;
    // Seized at the manipulated price, worth `price` per token once the price is back; capped by the collateral.
    const seized = Math.min((r * bonus) / (price * (1 - d)), p.collateral);
    repay += r;
    prize += seized * price - r;
  }
  return { victims, repay, prize };
}

export interface CostEstimate {
  oracle: string;
  /** Oracle drop needed (0..1). */
  requiredDrop: number;
  /** Drop at which the attacker holds the AMM spot (0..1); null when infeasible. */
  holdDrop: number | null;
  /** Blocks the spot must be held down (0 = inside one transaction). */
  blocks: number;
  /** Collateral sold to reach the hold price (whole tokens). */
  pushAmount: number;
  /** Capital the attacker must own, valued in debt tokens (flash: 0, the collateral is borrowed). */
  capital: number;
  /** Σ over the held blocks of the capital committed (debt tokens × blocks). */
  capitalBlocks: number;
  /** Swap and flash-loan fees (debt tokens). */
  fees: number;
  /** Price impact lost on the push (selling below the market), net of fees (debt tokens). */
  priceImpact: number;
  /** Value handed to the arbitrageurs who buy the cheap collateral back every block (debt tokens). */
  arbitrageLoss: number;
  /** fees + priceImpact + arbitrageLoss; Infinity when the attack cannot move this oracle. */
  total: number;
  feasible: boolean;
  note: string;
}

export interface CostInputs {
  reserves: Reserves;
  /** External (fair) price, debt tokens per collateral token. */
  price: number;
  feeBps: number;
  /** Fee of the AMM the flash loan comes from. */
  lenderFeeBps: number;
  requiredDrop: number;
  blockSeconds: number;
  /** Blocks between a source moving and the market seeing it (oracle latency and the updater's block). */
  latencyBlocks: number;
  /** Debt tokens the arbitrageurs together trade back per block at most (count × min(maxTradePerBlock, capital)). */
  arbCapacityPerBlock: number;
}

/** Live spot in one transaction: flash-borrow, dump, (liquidate), buy back; the cost is the round trip. */
export function spotFlashCost(i: CostInputs): CostEstimate {
  const { reserves: r, price: p, feeBps, requiredDrop: d } = i;
  const spot = r.debt / r.collateral;
  const X = sellToReachPrice(r, spot * (1 - d), feeBps);
  const Y = amountOut(X, r.collateral, r.debt, feeBps);
  const buyBack = amountIn(X, r.debt - Y, r.collateral + X, feeBps);
  const lenderFee = X * (i.lenderFeeBps / (10_000 - i.lenderFeeBps)) * p;
  const swapFees = (X * feeBps * (Y / X)) / 10_000 + (buyBack * feeBps) / 10_000;
  const roundTrip = buyBack - Y;
  return {
    oracle: "amm-spot-live",
    requiredDrop: d,
    holdDrop: d,
    blocks: 0,
    pushAmount: X,
    capital: 0,
    capitalBlocks: 0,
    fees: swapFees + lenderFee,
    priceImpact: Math.max(0, roundTrip - swapFees),
    arbitrageLoss: 0,
    total: roundTrip + lenderFee,
    feasible: true,
    note: "one transaction; collateral flash-borrowed",
  };
}

/**
 * Holding the AMM spot at a drop D for n blocks against arbitrage, for a source that averages over `windowSeconds`
 * (a TWAP; `windowSeconds` = 0 models a lagged spot source that needs only the latency). An arithmetic TWAP held at
 * p(1 − D) for t seconds falls by D·t/W, so t = W·d/D (D ≥ d). Each block the arbitrageurs buy collateral back
 * with A = min(capacity, what restores the price) and the attacker sells it again (exact V2 legs): the attacker
 * loses q·p − proceeds(q) per block, q the collateral the arbitrageurs took. The drop D that minimizes the total is
 * chosen from a grid (d, 1.1d, … ≤ 95%).
 */
export function heldCost(i: CostInputs, windowSeconds: number, oracle: string): CostEstimate {
  const { reserves: r, price: p, feeBps, requiredDrop: d } = i;
  const f = feeBps / 10_000;
  const spot = r.debt / r.collateral;
  let best: CostEstimate | null = null;
  for (const k of [1, 1.1, 1.25, 1.5, 2, 3, 4, 6]) {
    const D = d * k;
    if (D >= 0.95) break;
    const X = sellToReachPrice(r, spot * (1 - D), feeBps);
    const proceeds = amountOut(X, r.collateral, r.debt, feeBps);
    const pushLoss = X * p - proceeds;
    const pushFee = f * X * (proceeds / X);
    // One block of pushback: the arbitrageurs buy with A (capped by their capacity), the attacker re-sells q.
    const [x1, y1] = [r.collateral + X, r.debt - proceeds];
    const restore = ((Math.sqrt(x1 * y1 * spot) - y1) * 10_000) / (10_000 - feeBps);
    const A = Math.min(i.arbCapacityPerBlock, Math.max(0, restore));
    const q = amountOut(A, y1, x1, feeBps);
    const resold = amountOut(q, x1 - q, y1 + A, feeBps);
    const perBlockLoss = q * p - resold;
    const perBlockFee = f * resold;
    const n = Math.ceil((windowSeconds * d) / (D * i.blockSeconds)) + i.latencyBlocks;
    const fees = pushFee + n * perBlockFee + f * X * p; // push, re-selling each block, buying X back afterwards
    const arbitrageLoss = n * (perBlockLoss - perBlockFee);
    const capital = X * p + n * q * p;
    const capitalBlocks = n * X * p + (q * p * n * (n + 1)) / 2;
    const e: CostEstimate = {
      oracle,
      requiredDrop: d,
      holdDrop: D,
      blocks: n,
      pushAmount: X,
      capital,
      capitalBlocks,
      fees,
      priceImpact: Math.max(0, pushLoss - pushFee),
      arbitrageLoss,
      total: fees + Math.max(0, pushLoss - pushFee) + arbitrageLoss,
      feasible: true,
      note: `spot held ${Math.round(D * 1000) / 10}% down for ${n} blocks`,
    };
    if (!best || e.total < best.total) best = e;
  }
  return best ?? infeasible(oracle, d, "required drop ≥ 95%");
}

function infeasible(oracle: string, d: number, note: string): CostEstimate {
  return {
    oracle,
    requiredDrop: d,
    holdDrop: null,
    blocks: 0,
    pushAmount: 0,
    capital: 0,
    capitalBlocks: 0,
    fees: 0,
    priceImpact: 0,
    arbitrageLoss: 0,
    total: Infinity,
    feasible: false,
    note,
  };
}

export type MedianSource = "external" | "amm-spot" | "amm-twap";

/**
 * Median of N sources: ⌊N/2⌋ + 1 of them must move. AMM trading cannot move the external market (beyond the
 * arbitrageurs' own flow), so the attacker must move a majority among the AMM sources; holding the spot down for
 * the TWAP moves the spot too, so the cost of moving a set is that of its slowest member, not the sum.
 */
export function medianCost(i: CostInputs, sources: readonly MedianSource[], twapWindowSeconds: number): CostEstimate {
  const majority = Math.floor(sources.length / 2) + 1;
  const movable = sources
    .filter((s) => s !== "external")
    .map((s) => (s === "amm-twap" ? heldCost(i, twapWindowSeconds, s) : heldCost(i, 0, s)))
    .sort((a, b) => a.total - b.total);
  if (movable.length < majority) {
    return infeasible(
      "median",
      i.requiredDrop,
      `${majority} of ${sources.length} sources must move; only ${movable.length} are AMM sources`,
    );
  }
  const slowest = movable[majority - 1];
  return { ...slowest, oracle: "median", note: `${majority} of ${sources.length} sources moved; ${slowest.note}` };
}
