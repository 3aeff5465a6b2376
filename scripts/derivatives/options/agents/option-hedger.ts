/**
 * Delta-hedging on the AMM, shared by the dealer and the auction keeper: reads each short's delta from the venue
 * (`greeks`, at the feed's spot), computes the target holding (hedge.ts) and sells or buys the difference through the
 * router. Short puts hedged this way sell into a fall: the gamma loop.
 */
import type { Signer } from "ethers";
import { hedgeTarget, hedgeTrade, type ShortLeg } from "../hedge";
import type { SpiralWorld } from "../spiral-world";
import type { BlockActivity, Sender } from "./types";

const GAS = { gasLimit: 300_000 };
const WAD = 10n ** 18n;

export async function hedge(
  w: SpiralWorld,
  signer: Signer,
  base: bigint,
  minTrade: bigint,
  send: Sender,
  activity: BlockActivity,
): Promise<void> {
  const who = await signer.getAddress();
  const legs: ShortLeg[] = [];
  for (const id of await w.venue.positionsOf(who)) {
    const units = await w.venue.shortOf(who, id);
    const [delta] = await w.venue.greeks(id);
    legs.push({ units, delta });
  }
  const holding = await w.collateral.balanceOf(who);
  const trade = hedgeTrade(holding, hedgeTarget(base, legs), minTrade);
  if (trade === 0n) return;
  const deadline = BigInt(w.now()) + 3_600n;
  const pool = await w.pool.getAddress();
  if (trade < 0n) {
    await send(signer, (nonce) =>
      w.router
        .connect(signer)
        .swapExactTokensForTokens(pool, w.collateralAddress, -trade, 0n, who, deadline, { nonce, ...GAS }),
    );
    activity.hedgeSold += -trade;
  } else {
    // Buys back `trade` collateral, paying at most 2x the spot in debt (the router reverts beyond).
    const maxIn = (trade * w.spotWad() * 2n) / WAD;
    await send(signer, (nonce) =>
      w.router
        .connect(signer)
        .swapTokensForExactTokens(pool, w.debtAddress, trade, maxIn, who, deadline, { nonce, ...GAS }),
    );
    activity.hedgeBought += trade;
  }
}
