/**
 * What the market's book is worth at the market price when a run ends: the bad debt its protocol has recognised, plus
 * the shortfall of positions still open whose debt exceeds their collateral at the external price (losses the oracle
 * has not shown yet — a frozen or floored feed hides them), plus what the oracle exploiter took. Read from the chain
 * after the last block, through the market's adapter (`MarketAdapter.recognisedBadDebt`).
 */
import type { World } from "./world/types";
import type { View } from "./view";
import type { AgentReports, ExploiterStats } from "./agent-reports";

export interface ExploiterReport extends ExploiterStats {
  address: string;
  /** Debt tokens it started with, base units. */
  capital: bigint;
  /** Σ of its `Borrow` events, debt base units. */
  debtDrawn: bigint;
  /** Its debt after the last block (drawn + interest − anything liquidated), debt base units. */
  debt: bigint;
  /** Collateral deposited after the last block, base units, and its value at the external price (debt units). */
  collateral: bigint;
  collateralValueAtMarket: bigint;
  /** max(0, debt − collateral at market): the part of `Exposure.shortfallAtMarket` that is its position's. */
  shortfall: bigint;
  /**
   * What it walks away with, less its capital (debt base units): debt tokens and undeposited collateral held, plus
   * its position's equity at the market price if positive (it would repay and withdraw), else it abandons it.
   */
  profit: bigint;
}

export interface Exposure {
  /** External price after the last block, debt tokens per collateral token. */
  marketPrice: number;
  /**
   * Bad debt the market's protocol has recognised, debt base units (`MarketAdapter.recognisedBadDebt`): what it wrote
   * off (the lab, gross of auction recoveries; Morpho Blue), or, on Aave v3.0 which writes nothing off, the debt still
   * owed by accounts with no collateral left.
   */
  badDebt: bigint;
  /**
   * Σ over open positions (the exploiter's included) of max(0, debt − collateral × market price), base units; an
   * account whose debt `badDebt` already counts (Aave v3.0: no collateral left) is not counted again.
   */
  shortfallAtMarket: bigint;
  /** How many open positions `shortfallAtMarket` sums over. */
  underwaterPositions: number;
  /** `badDebt + shortfallAtMarket`: what lenders and reserves lose if every position closed at the market price. */
  lendersLoss: bigint;
  exploiter: ExploiterReport | null;
}

/** Value in debt base units of `amount` collateral base units at `price` (rounded down). */
function valueAt(world: World, amount: bigint, price: number): bigint {
  const priceE18 = BigInt(Math.floor(price * 1e18));
  return (
    (amount * priceE18 * 10n ** BigInt(world.debtDecimals)) / (10n ** 18n * 10n ** BigInt(world.collateralDecimals))
  );
}

export async function exposureAtEnd(
  world: World,
  view: View,
  marketPrice: number,
  exploiter: AgentReports["exploiter"],
  fromChainBlock: number,
): Promise<Exposure> {
  const recognised = await world.market.recognisedBadDebt(world.borrowers);
  const counted = new Set(recognised.accounts.map((a) => a.toLowerCase()));
  let shortfall = 0n;
  let underwaterPositions = 0;
  let exploiterShortfall = 0n;
  for (const [account, p] of view.positions) {
    if (counted.has(account.toLowerCase())) continue;
    const value = valueAt(world, p.collateral, marketPrice);
    if (p.debt <= value) continue;
    shortfall += p.debt - value;
    underwaterPositions += 1;
    if (account === exploiter?.address) exploiterShortfall = p.debt - value;
  }
  const badDebt = recognised.amount;
  let report: ExploiterReport | null = null;
  if (exploiter) {
    const address = exploiter.address;
    const capital = BigInt(Math.round(world.scenario.exploiter.capital)) * 10n ** BigInt(world.debtDecimals);
    // The exploiter acts only on the lab's market (scripts/adapters/engine/world.ts refuses it elsewhere).
    const debtDrawn = await world.lab.borrowedSince(address, fromChainBlock);
    const debt = await world.lab.debtOf(address);
    const collateral = await world.lab.collateralBalance(address, world.addresses.collateral);
    const collateralValueAtMarket = valueAt(world, collateral, marketPrice);
    const cash = await world.debt.balanceOf(address);
    const wallet = valueAt(world, await world.collateral.balanceOf(address), marketPrice);
    const equity = collateralValueAtMarket > debt ? collateralValueAtMarket - debt : 0n;
    report = {
      ...exploiter.stats,
      address,
      capital,
      debtDrawn,
      debt,
      collateral,
      collateralValueAtMarket,
      shortfall: exploiterShortfall,
      profit: cash + wallet + equity - capital,
    };
  }
  return {
    marketPrice,
    badDebt,
    shortfallAtMarket: shortfall,
    underwaterPositions,
    lendersLoss: badDebt + shortfall,
    exploiter: report,
  };
}
