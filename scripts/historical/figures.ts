/**
 * The figures the historical replays are judged by, computed from a run's records only (pure functions, no chain):
 * the share of auctioned collateral sold near zero (Black Thursday), the lenders' loss as a share of the market
 * (LUNA's minAnswer clamp) and the borrowers' loss and hidden shortfall under each feed (USDC 2023).
 */
import type { RunResult } from "../sim/engine";
import { fromFixedUnits } from "../sim/wad";

/** An auction take paying less than this share of the collateral's market value counts as "near zero". */
export const NEAR_ZERO_SHARE = 0.1;
/** A take paying less than this share of market value counts as sold "far below the market". */
export const FAR_BELOW_SHARE = 0.5;

export interface AuctionFigures {
  takes: number;
  /** Collateral taken, valued at the external price when taken (debt tokens). */
  takenAtMarket: number;
  /** What the takes repaid (debt tokens). */
  repaid: number;
  /** Takes paying < NEAR_ZERO_SHARE of market value: count, their collateral's market value, and its share. */
  nearZeroTakes: number;
  nearZeroAtMarket: number;
  nearZeroShare: number;
  /** Market-value share of collateral taken for less than FAR_BELOW_SHARE of its value. */
  farBelowShare: number;
  /** Σ repaid ÷ Σ market value over all takes (null without takes). */
  priceToMarket: number | null;
}

/** Black Thursday's zero-bid measure over the run's auction takes. */
export function auctionFigures(r: RunResult): AuctionFigures {
  const dd = r.scenario.tokens.debt.decimals;
  const cd = r.scenario.tokens.collateral.decimals;
  let takes = 0;
  let takenAtMarket = 0;
  let repaid = 0;
  let nearZeroTakes = 0;
  let nearZeroAtMarket = 0;
  let farBelowAtMarket = 0;
  for (const l of r.liquidations) {
    if (l.kind !== "auction-take") continue;
    const value = fromFixedUnits(l.collateralSeized, cd) * l.externalPrice;
    const paid = fromFixedUnits(l.debtRepaid, dd);
    takes += 1;
    takenAtMarket += value;
    repaid += paid;
    if (paid < FAR_BELOW_SHARE * value) farBelowAtMarket += value;
    if (paid < NEAR_ZERO_SHARE * value) {
      nearZeroTakes += 1;
      nearZeroAtMarket += value;
    }
  }
  return {
    takes,
    takenAtMarket,
    repaid,
    nearZeroTakes,
    nearZeroAtMarket,
    nearZeroShare: takenAtMarket > 0 ? nearZeroAtMarket / takenAtMarket : 0,
    farBelowShare: takenAtMarket > 0 ? farBelowAtMarket / takenAtMarket : 0,
    priceToMarket: takenAtMarket > 0 ? repaid / takenAtMarket : null,
  };
}

export interface LossFigures {
  /** Debt tokens lenders supplied at the start: the market's size here. */
  marketSize: number;
  badDebt: number;
  /** Realized bad debt + shortfall of open positions at the market price (debt tokens). */
  lendersLoss: number;
  lendersLossShare: number;
  /** What the oracle exploiter borrowed, and its profit (debt tokens; 0 without one). */
  exploiterBorrowed: number;
  exploiterProfit: number;
}

/** LUNA's clamp measure: what lenders lose at the market price after the last block, against the market's size. */
export function lossFigures(r: RunResult): LossFigures {
  const dd = r.scenario.tokens.debt.decimals;
  const debt = (x: bigint) => fromFixedUnits(x, dd);
  const marketSize = r.scenario.market.lenderSupply;
  const lendersLoss = debt(r.exposure.lendersLoss);
  return {
    marketSize,
    badDebt: debt(r.exposure.badDebt),
    lendersLoss,
    lendersLossShare: lendersLoss / marketSize,
    exploiterBorrowed: r.exposure.exploiter ? debt(r.exposure.exploiter.debtDrawn) : 0,
    exploiterProfit: r.exposure.exploiter ? debt(r.exposure.exploiter.profit) : 0,
  };
}

export interface FeedFigures {
  liquidations: number;
  badDebt: number;
  /** Σ over liquidations of seized collateral at the market price − debt repaid: what borrowers gave up (debt tokens). */
  borrowerLoss: number;
  /** Market price after the last block. */
  marketPrice: number;
  /**
   * Open positions that are liquidatable at the market price after the last block (debt > collateral × market ×
   * liquidation threshold), whatever the oracle says: the risk an at-par feed hides; and their debt.
   */
  liquidatableAtMarket: number;
  liquidatableDebt: number;
  /** Open positions whose debt exceeds their collateral at the market price, and that shortfall (debt tokens). */
  underwater: number;
  shortfallAtMarket: number;
}

/** USDC 2023's measure: what each feed did to borrowers and lenders by the end of the run. */
export function feedFigures(r: RunResult): FeedFigures {
  const dd = r.scenario.tokens.debt.decimals;
  const cd = r.scenario.tokens.collateral.decimals;
  const price = r.exposure.marketPrice;
  const threshold = r.scenario.market.collateral.liquidationThreshold;
  let borrowerLoss = 0;
  for (const l of r.liquidations) {
    borrowerLoss += fromFixedUnits(l.collateralSeized, cd) * l.externalPrice - fromFixedUnits(l.debtRepaid, dd);
  }
  let liquidatableAtMarket = 0;
  let liquidatableDebt = 0;
  for (const p of r.positions) {
    const debt = fromFixedUnits(p.endDebt, dd);
    if (debt > 0 && debt > fromFixedUnits(p.endCollateral, cd) * price * threshold) {
      liquidatableAtMarket += 1;
      liquidatableDebt += debt;
    }
  }
  return {
    liquidations: r.liquidations.length,
    badDebt: fromFixedUnits(r.exposure.badDebt, dd),
    borrowerLoss,
    marketPrice: price,
    liquidatableAtMarket,
    liquidatableDebt,
    underwater: r.exposure.underwaterPositions,
    shortfallAtMarket: fromFixedUnits(r.exposure.shortfallAtMarket, dd),
  };
}
