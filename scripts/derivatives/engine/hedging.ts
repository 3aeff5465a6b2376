/**
 * Delta-hedging on the world's AMM for an engine agent short options (the dealer, the auction keeper): reads each
 * short's delta from the venue (`greeks`, at the feed's spot), computes the target holding (options/hedge.ts) and
 * sends the trade through the router. Short puts hedged this way sell into a fall: the gamma loop. The engine's
 * arbitrageurs carry the AMM's move to the external market.
 */
import { gwei } from "../../sim/chain";
import { eventsOf, type DecodedEvent } from "../../sim/engine/events";
import { fromFixedUnits, toFixedUnits } from "../../sim/wad";
import type { Agent, World } from "../../sim/world/types";
import type { View } from "../../sim/view";
import { hedgeTarget, hedgeTrade, type ShortLeg } from "../options/hedge";

const WAD = 10n ** 18n;
const DEADLINE = 2n ** 40n;
const HEDGE_GAS = 300_000;

/** Collateral base units ↔ WAD (the venue counts options in WAD units of the underlying). */
export const wadToUnits = (x: bigint, decimals: number) =>
  decimals >= 18 ? x * 10n ** BigInt(decimals - 18) : x / 10n ** BigInt(18 - decimals);
export const unitsToWad = (x: bigint, decimals: number) =>
  decimals >= 18 ? x / 10n ** BigInt(decimals - 18) : x * 10n ** BigInt(18 - decimals);

/** The short legs of `account` with their deltas. */
export async function shortLegs(world: World, account: string): Promise<ShortLeg[]> {
  const venue = world.derivatives!.options!.venue;
  const legs: ShortLeg[] = [];
  for (const id of await venue.positionsOf(account)) {
    legs.push({ units: await venue.shortOf(account, id), delta: (await venue.greeks(id))[0] });
  }
  return legs;
}

/** Sends the hedge of `me` (base inventory `baseWad`) if it exceeds `minTradeWad`; returns its hash, or null. */
export async function sendHedge(
  world: World,
  view: View,
  me: Agent,
  baseWad: bigint,
  minTradeWad: bigint,
): Promise<string | null> {
  const dec = world.collateralDecimals;
  const holding = unitsToWad(await world.collateral.balanceOf(me.address), dec);
  const trade = hedgeTrade(holding, hedgeTarget(baseWad, await shortLegs(world, me.address)), minTradeWad);
  if (trade === 0n) return null;
  const tip = gwei(1);
  const fee = { gasLimit: HEDGE_GAS, maxPriorityFeePerGas: tip, maxFeePerGas: view.baseFee * 2n + tip };
  const router = world.router.connect(me.signer);
  const a = world.addresses;
  if (trade < 0n) {
    const tx = await router.swapExactTokensForTokens(
      a.amm,
      a.collateral,
      wadToUnits(-trade, dec),
      0n,
      me.address,
      DEADLINE,
      fee,
    );
    return tx.hash;
  }
  // Buys back `trade`, paying at most twice the AMM price (the router reverts beyond).
  const maxIn = toFixedUnits((Number(trade) / Number(WAD)) * view.ammPrice * 2, world.debtDecimals);
  const tx = await router.swapTokensForExactTokens(
    a.amm,
    a.debt,
    wadToUnits(trade, dec),
    maxIn,
    me.address,
    DEADLINE,
    fee,
  );
  return tx.hash;
}

/** Collateral a mined hedge sold into the AMM and bought from it (base units), from its decoded swap. */
export function hedgeFlow(world: World, events: readonly DecodedEvent[]): { sold: bigint; bought: bigint } {
  const swap = eventsOf(events, "amm:Swap")[0];
  if (!swap) return { sold: 0n, bought: 0n };
  const collateralIs0 = world.addresses.collateral.toLowerCase() < world.addresses.debt.toLowerCase();
  const { amount0In, amount1In, amount0Out, amount1Out } = swap.args;
  return { sold: collateralIs0 ? amount0In : amount1In, bought: collateralIs0 ? amount0Out : amount1Out };
}

export const units = (x: bigint, decimals: number) => fromFixedUnits(x, decimals);
